//! The companies domain's HTTP handlers: profiles and the desk's decisions.

pub mod decisions;
pub mod profiles;
