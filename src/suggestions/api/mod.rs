//! The suggestions' HTTP surface.

pub mod matches;
