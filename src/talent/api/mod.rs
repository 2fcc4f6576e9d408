//! The talent domain's HTTP surface, one file per resource: job postings, candidates and
//! applications.

pub mod applications;
pub mod candidates;
pub mod jobs;
