//! SME company profiles. Registration creates a pending company; the catalogue builds on it.

pub mod store;
