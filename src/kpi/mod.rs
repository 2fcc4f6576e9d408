//! The programme's KPIs, computed from the records as DESIGN.md defines them:
//! close rate (meetings held in the fiscal year whose counted negotiation is won, over the
//! meetings held in it), overseas sales (yen of deals won with `closed_on` in the year, in
//! thousand yen), foreign talent hired (applications hired with `hired_on` in the
//! year), each against the plan's targets, per year and cumulatively; beside them the
//! programme's self-financing ratio, as `finance::ratio` defines and loads it.
//!
//! Each is given for the whole installation or for one municipality's companies.
//!
//! `report` is that definition over loaded figures, `store` loads them (`figures` gathers
//! a report's, per municipality too), `coverage` counts
//! how complete the outcomes behind them are, `csv_report` writes the public CSV, `api`
//! serves them.

pub mod api;
pub mod coverage;
pub mod csv_report;
pub mod figures;
pub mod report;
pub mod store;
