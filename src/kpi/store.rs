//! The KPI aggregations, computed by the database over indexed ranges: meetings held in a
//! period (covering index `meetings_held_at`, joined through the covering
//! `negotiations_meeting_effective`), deals won in a period (index `negotiations_effective`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use crate::db::schema::{
    applications, buyers, candidates, capabilities, companies, job_postings, kpi_targets, meetings,
    negotiations,
};
use crate::db::DbConn;

/// How the meetings held in a period ended, as the KPIs count them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldCounts {
    pub held: i64,
    pub won: i64,
    pub prospect: i64,
    pub lost: i64,
    /// Held, with the negotiation still open (or not started).
    pub no_outcome: i64,
    pub disagreeing_reports: i64,
}

pub fn held_counts(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<HeldCounts> {
    let rows: Vec<(Option<String>, i64)> = meetings::table
        .left_join(negotiations::table)
        .filter(meetings::status.eq("held"))
        .filter(meetings::took_place_at.ge(from))
        .filter(meetings::took_place_at.lt(to))
        .group_by(column("negotiations.effective_status"))
        .select((column("negotiations.effective_status"), count_star()))
        .load(conn)?;
    let mut counts = HeldCounts::default();
    for (status, n) in rows {
        counts.held += n;
        match status.as_deref() {
            Some("won") => counts.won += n,
            Some("prospect") => counts.prospect += n,
            Some("lost") => counts.lost += n,
            _ => counts.no_outcome += n,
        }
    }
    counts.disagreeing_reports = meetings::table
        .inner_join(negotiations::table)
        .filter(meetings::status.eq("held"))
        .filter(meetings::took_place_at.ge(from))
        .filter(meetings::took_place_at.lt(to))
        .filter(negotiations::reports_disagree.eq(true))
        .select(count_star())
        .first(conn)?;
    Ok(counts)
}

/// A grouping key named in SQL: Diesel's typed `group_by` refuses nullable columns of
/// outer-joined tables, which the breakdowns group by.
fn column(name: &'static str) -> diesel::expression::SqlLiteral<Nullable<diesel::sql_types::Text>> {
    sql::<Nullable<diesel::sql_types::Text>>(name)
}

/// The sum of a BigInt column, typed the same on both backends (PostgreSQL's SUM(bigint)
/// is numeric).
fn sum_yen() -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>("CAST(SUM(negotiations.effective_amount_jpy) AS BIGINT)")
}

/// Yen won (deals closed in `[from, to)`) and how many deals.
pub fn sales(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<(i64, i64)> {
    let (yen, deals): (Option<i64>, i64) = negotiations::table
        .filter(negotiations::effective_status.eq("won"))
        .filter(negotiations::effective_closed_on.ge(from))
        .filter(negotiations::effective_closed_on.lt(to))
        .select((sum_yen(), count_star()))
        .first(conn)?;
    Ok((yen.unwrap_or(0), deals))
}

/// One row of a breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreakdownRow {
    pub held: i64,
    pub won: i64,
    pub sales_yen: i64,
    pub deals: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Event,
    Country,
    Industry,
    Category,
}

fn won_count() -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>(
        "CAST(SUM(CASE WHEN negotiations.effective_status = 'won' THEN 1 ELSE 0 END) AS BIGINT)",
    )
}

macro_rules! grouped {
    ($conn:expr, $key:expr, $from:expr, $to:expr, $dfrom:expr, $dto:expr) => {{
        let held: Vec<(Option<String>, i64, Option<i64>)> = meetings::table
            .inner_join(companies::table)
            .inner_join(buyers::table)
            .left_join(capabilities::table)
            .left_join(negotiations::table)
            .filter(meetings::status.eq("held"))
            .filter(meetings::took_place_at.ge($from))
            .filter(meetings::took_place_at.lt($to))
            .group_by($key)
            .select(($key, count_star(), won_count()))
            .load($conn)?;
        let sold: Vec<(Option<String>, Option<i64>, i64)> = meetings::table
            .inner_join(companies::table)
            .inner_join(buyers::table)
            .left_join(capabilities::table)
            .inner_join(negotiations::table)
            .filter(negotiations::effective_status.eq("won"))
            .filter(negotiations::effective_closed_on.ge($dfrom))
            .filter(negotiations::effective_closed_on.lt($dto))
            .group_by($key)
            .select(($key, sum_yen(), count_star()))
            .load($conn)?;
        (held, sold)
    }};
}

/// Held meetings and won deals of a fiscal year, grouped by `dimension`. Keys are event ids,
/// country codes, industries or categories (`None`: a meeting about no capability).
pub fn breakdown(
    conn: &mut DbConn,
    dimension: Dimension,
    (from, to): (NaiveDateTime, NaiveDateTime),
    (date_from, date_to): (NaiveDate, NaiveDate),
) -> QueryResult<BTreeMap<Option<String>, BreakdownRow>> {
    let (held, sold) = match dimension {
        Dimension::Event => grouped!(
            conn,
            column("meetings.event_id"),
            from,
            to,
            date_from,
            date_to
        ),
        Dimension::Country => {
            grouped!(conn, column("buyers.country"), from, to, date_from, date_to)
        }
        Dimension::Industry => grouped!(
            conn,
            column("companies.industry"),
            from,
            to,
            date_from,
            date_to
        ),
        Dimension::Category => grouped!(
            conn,
            column("capabilities.category"),
            from,
            to,
            date_from,
            date_to
        ),
    };
    let mut rows: BTreeMap<Option<String>, BreakdownRow> = BTreeMap::new();
    for (key, count, won) in held {
        let row = rows.entry(key).or_default();
        row.held = count;
        row.won = won.unwrap_or(0);
    }
    for (key, yen, deals) in sold {
        let row = rows.entry(key).or_default();
        row.sales_yen = yen.unwrap_or(0);
        row.deals = deals;
    }
    Ok(rows)
}

/// Every target row: (fiscal year, kpi, value).
pub fn targets(conn: &mut DbConn) -> QueryResult<Vec<(i32, String, i64)>> {
    kpi_targets::table
        .select((
            kpi_targets::fiscal_year,
            kpi_targets::kpi,
            kpi_targets::value,
        ))
        .order((kpi_targets::fiscal_year.asc(), kpi_targets::kpi.asc()))
        .load(conn)
}

/// Sets (or, with `None`, removes) one target.
pub fn set_target(
    conn: &mut DbConn,
    fiscal_year: i32,
    kpi: &str,
    value: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = kpi_targets::table
        .filter(kpi_targets::fiscal_year.eq(fiscal_year))
        .filter(kpi_targets::kpi.eq(kpi));
    diesel::delete(row).execute(conn)?;
    if let Some(value) = value {
        diesel::insert_into(kpi_targets::table)
            .values((
                kpi_targets::fiscal_year.eq(fiscal_year),
                kpi_targets::kpi.eq(kpi),
                kpi_targets::value.eq(value),
                kpi_targets::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Foreign talents hired: applications that reached `hired` with `hired_on` in `[from, to)`
/// (DESIGN.md, "The KPIs, defined from the data"). An erased candidate's hire still counts.
pub fn hires(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<i64> {
    applications::table
        .filter(applications::status.eq("hired"))
        .filter(applications::hired_on.ge(from))
        .filter(applications::hired_on.lt(to))
        .select(count_star())
        .first(conn)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalentDimension {
    /// The candidate's nationality (kept through erasure).
    Nationality,
    /// The visa category of the posting the candidate was hired for.
    VisaCategory,
}

/// Hires in `[from, to)` counted per nationality or visa category.
pub fn hires_by(
    conn: &mut DbConn,
    dimension: TalentDimension,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(String, i64)>> {
    let hired = applications::table
        .inner_join(candidates::table)
        .inner_join(job_postings::table)
        .filter(applications::status.eq("hired"))
        .filter(applications::hired_on.ge(from))
        .filter(applications::hired_on.lt(to));
    match dimension {
        TalentDimension::Nationality => hired
            .group_by(candidates::nationality)
            .select((candidates::nationality, count_star()))
            .order(candidates::nationality.asc())
            .load(conn),
        TalentDimension::VisaCategory => hired
            .group_by(job_postings::visa_category)
            .select((job_postings::visa_category, count_star()))
            .order(job_postings::visa_category.asc())
            .load(conn),
    }
}
