//! The capabilities domain's HTTP handlers: the catalogue (search and one capability) and a
//! company's own capabilities.

pub mod catalogue;
pub mod manage;
