//! The matchmaking domain's HTTP surface: both sides' wishes (`preferences`) and the
//! suggestions made from them and the profiles (`matches`).

pub mod matches;
pub mod preferences;
