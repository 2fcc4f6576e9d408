//! `/meetings/{id}/negotiation…` and `/negotiations`: outcomes, reports, confirmation and
//! follow-up contacts; and marking a meeting held, which opens its negotiation. Reviewers
//! see negotiations only in aggregate, through `/kpi`.

pub mod contacts;
pub mod held;
pub mod list;
pub mod negotiation;
pub mod reports;
