//! `/meetings/{id}/negotiation…` and `/negotiations`: outcomes, reports, confirmation and
//! follow-up contacts. Reviewers see negotiations only in aggregate, through `/kpi`.
//! Marking a meeting held, which opens its negotiation and schedules its surveys, is
//! `follow_up::api::held`.

pub mod contacts;
pub mod list;
pub mod negotiation;
pub mod reports;
