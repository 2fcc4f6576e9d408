//! Business meetings at trade fairs: a buyer's request to meet a company, its answer, its
//! place in the fair's schedule. `scheduler` decides that place for many requests at once.

pub mod scheduler;
