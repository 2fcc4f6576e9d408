//! `/meetings/{id}/negotiation…` and `/negotiations`: outcomes, reports, confirmation and
//! follow-up contacts. Reviewers see negotiations only in aggregate, through `/kpi`.

pub mod contacts;
pub mod list;
pub mod negotiation;
pub mod reports;
