//! Explainable suggestions at a trade fair, both ways: the registered buyers for an
//! exhibitor, the exhibitors and their capabilities for a buyer. `score` is the pure
//! definition (each reason and its weight), `matches` loads the facts from `store` and
//! ranks the pairs, `api` serves them.
//!
//! It stands above meetings and negotiations because an earlier held meeting between a pair,
//! and the deal that came of it, is one of the reasons; the wishes it must never reveal
//! are the matching domain's, below.

pub mod api;
pub mod matches;
pub mod score;
pub mod store;
