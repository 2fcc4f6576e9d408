//! The meetings' HTTP surface, one resource or action group per file: requests (ask, list,
//! read), the lifecycle's moves, the parties' availability (the timetable's input), manual
//! scheduling, the auto-scheduler, agendas and the desk's exports. Handlers extract, authorize and call one rule or store function.

pub mod agenda;
pub mod auto;
pub mod availability;
pub mod exports;
pub mod recommendations;
pub mod requests;
pub mod schedule;
pub mod standby;
pub mod start;
pub mod transitions;

pub use requests::{MeetingListQuery, MeetingRequest};
pub use schedule::SchedulePlacement;
pub use transitions::TransitionNote;
