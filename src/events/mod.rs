//! Events: trade fairs, job fairs, seminars and forums. `slots` cuts a trade fair's meeting
//! slots from its day windows in the event's own time zone.

pub mod slots;
