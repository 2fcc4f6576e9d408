//! The council's yearly published report (issue 24, part 4). An admin opens a fiscal year's
//! draft, whose content is counted from the records whenever it is read: the KPIs with their
//! definitions, their breakdowns, how complete their data is, the self-financing ratio,
//! research reach, and the reviewers' signed opinions. Publishing freezes it as a snapshot
//! (its canonical JSON and that JSON's SHA-256, which the database never lets change); a
//! correction is a new version that says what changed and why, and every version stays
//! readable, publicly, as JSON, CSV and a printable page in Japanese and English.
//!
//! `canonical` is the snapshot's byte form and digest, `definitions` the KPIs' texts,
//! `content` what a report holds and how it is counted, `figures` the headline figures
//! that the CSV, the page and the recount read from a snapshot, `page` and `csv` those two
//! renderings, `recount` the check of every snapshot against today's records, `versions`
//! which version a publication makes, `store` the rows, `api` the handlers.

pub mod api;
pub mod canonical;
pub mod content;
pub mod csv;
pub mod definitions;
pub mod figures;
pub mod page;
pub mod recount;
pub mod store;
pub mod versions;
