//! The report's rows and queries: a fiscal year's draft, the reviewers' opinions and the
//! published versions (which the database never lets change).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{published_reports, report_drafts, report_opinions};
use crate::db::DbConn;
use crate::i18n::Locale;

/// A fiscal year's report, opened by an admin.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_drafts)]
pub struct ReportDraftRow {
    pub fiscal_year: i32,
    pub opened_by: String,
    pub opened_at: NaiveDateTime,
    pub changed_at: NaiveDateTime,
}

/// A reviewer's signed opinion, written for one version of the report.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = report_opinions)]
pub struct ReportOpinionRow {
    pub id: String,
    pub fiscal_year: i32,
    pub version: i32,
    pub reviewer_id: String,
    pub reviewer_name: String,
    pub language: Locale,
    pub body: String,
    pub signed_at: NaiveDateTime,
}

/// A published version, its snapshot included.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = published_reports)]
pub struct PublishedReportRow {
    pub fiscal_year: i32,
    pub version: i32,
    /// The canonical JSON (`reports::canonical`).
    pub content: String,
    pub sha256: String,
    pub what_changed: Option<String>,
    pub why: Option<String>,
    pub published_at: NaiveDateTime,
    pub published_by: String,
}

/// A published version without its snapshot, for a history.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = published_reports)]
pub struct ReportVersionRow {
    pub version: i32,
    pub sha256: String,
    pub what_changed: Option<String>,
    pub why: Option<String>,
    pub published_at: NaiveDateTime,
}

pub fn insert_draft(conn: &mut DbConn, row: &ReportDraftRow) -> QueryResult<()> {
    diesel::insert_into(report_drafts::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find_draft(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<ReportDraftRow> {
    report_drafts::table
        .find(fiscal_year)
        .select(ReportDraftRow::as_select())
        .first(conn)
}

/// Marks the year's draft changed (an opinion signed, a version published), which on
/// PostgreSQL holds its row until the transaction ends: signing and publishing take turns.
/// Not found (`NotFound`) when no draft is open.
pub fn touch_draft(conn: &mut DbConn, fiscal_year: i32, now: NaiveDateTime) -> QueryResult<()> {
    let touched = diesel::update(report_drafts::table.find(fiscal_year))
        .set(report_drafts::changed_at.eq(now))
        .execute(conn)?;
    if touched == 0 {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(())
}

/// The versions of a year, oldest first.
pub fn versions(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<Vec<ReportVersionRow>> {
    published_reports::table
        .filter(published_reports::fiscal_year.eq(fiscal_year))
        .select(ReportVersionRow::as_select())
        .order(published_reports::version.asc())
        .load(conn)
}

pub fn find_version(
    conn: &mut DbConn,
    fiscal_year: i32,
    version: i32,
) -> QueryResult<PublishedReportRow> {
    published_reports::table
        .find((fiscal_year, version))
        .select(PublishedReportRow::as_select())
        .first(conn)
}

/// The latest version's number, if any is published.
pub fn latest_version(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<Option<i32>> {
    published_reports::table
        .filter(published_reports::fiscal_year.eq(fiscal_year))
        .select(diesel::dsl::max(published_reports::version))
        .first(conn)
}

pub fn insert_published(conn: &mut DbConn, row: &PublishedReportRow) -> QueryResult<()> {
    diesel::insert_into(published_reports::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Every published version of every year, by year and version (for the recount).
pub fn every_published(conn: &mut DbConn) -> QueryResult<Vec<PublishedReportRow>> {
    published_reports::table
        .select(PublishedReportRow::as_select())
        .order((
            published_reports::fiscal_year.asc(),
            published_reports::version.asc(),
        ))
        .load(conn)
}

/// The opinions that stand for `version`: each reviewer's latest written for it or an
/// earlier version (an opinion carries over to a correction unless its reviewer writes
/// anew), in the order they were signed.
pub fn opinions_for(
    conn: &mut DbConn,
    fiscal_year: i32,
    version: i32,
) -> QueryResult<Vec<ReportOpinionRow>> {
    let rows = report_opinions::table
        .filter(report_opinions::fiscal_year.eq(fiscal_year))
        .filter(report_opinions::version.le(version))
        .select(ReportOpinionRow::as_select())
        .order((
            report_opinions::reviewer_id.asc(),
            report_opinions::version.desc(),
        ))
        .load(conn)?;
    let mut latest: Vec<ReportOpinionRow> = Vec::new();
    for row in rows {
        if latest
            .last()
            .is_none_or(|l| l.reviewer_id != row.reviewer_id)
        {
            latest.push(row);
        }
    }
    latest.sort_by(|a, b| (a.signed_at, &a.id).cmp(&(b.signed_at, &b.id)));
    Ok(latest)
}

/// A reviewer's opinion for `version`, if written.
pub fn find_opinion(
    conn: &mut DbConn,
    fiscal_year: i32,
    version: i32,
    reviewer_id: &str,
) -> QueryResult<Option<ReportOpinionRow>> {
    report_opinions::table
        .filter(report_opinions::fiscal_year.eq(fiscal_year))
        .filter(report_opinions::version.eq(version))
        .filter(report_opinions::reviewer_id.eq(reviewer_id))
        .select(ReportOpinionRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_opinion(conn: &mut DbConn, row: &ReportOpinionRow) -> QueryResult<()> {
    diesel::insert_into(report_opinions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A reviewer's new text, language, name and signature time for an opinion not yet
/// published.
pub fn replace_opinion(conn: &mut DbConn, row: &ReportOpinionRow) -> QueryResult<()> {
    diesel::update(report_opinions::table.find(&row.id))
        .set((
            report_opinions::reviewer_name.eq(&row.reviewer_name),
            report_opinions::language.eq(row.language),
            report_opinions::body.eq(&row.body),
            report_opinions::signed_at.eq(row.signed_at),
        ))
        .execute(conn)
        .map(drop)
}
