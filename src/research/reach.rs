//! What the programme's research reached in a fiscal year (April–March, Japan time), as the
//! yearly report states it: the briefs published in the year, and the companies and company
//! members whose first read of some brief fell in the year. A member counts once a year
//! however many briefs it read; a company once however many of its members read.

use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::db::DbConn;
use crate::japan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reach {
    pub fiscal_year: i32,
    /// Briefs published in the year (by `published_at`, Japan time).
    pub briefs_published: i64,
    /// Companies at least one of whose members first read a brief in the year.
    pub companies_reached: i64,
    /// Company members (`sme` accounts) who first read a brief in the year.
    pub members_reached: i64,
}

/// The research reach of `fiscal_year`.
pub fn of_fiscal_year(conn: &mut DbConn, fiscal_year: i32) -> diesel::QueryResult<Reach> {
    let (from, to) = japan::utc_range(fiscal_year);
    let briefs_published = store::published_between(conn, from, to)?;
    let (members_reached, companies_reached) = store::readers_between(conn, from, to)?;
    Ok(Reach {
        fiscal_year,
        briefs_published,
        companies_reached,
        members_reached,
    })
}
