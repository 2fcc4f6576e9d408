//! The matchmaking domain's HTTP surface: both sides' wishes.

pub mod preferences;
