//! The consortium's HTTP handlers, one file per resource: the public list, the members
//! and their contacts (the desk's), and a forum's members.

pub mod contacts;
pub mod forums;
pub mod members;
pub mod public;
