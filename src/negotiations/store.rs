//! Negotiation, report and contact rows, and the effective outcome the KPIs count.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{Channel, NegotiationStatus, SettledOutcome, Side};
use crate::db::schema::{
    companies, meetings, negotiation_contacts, negotiation_reports, negotiations,
};
use crate::db::{self, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = negotiations, treat_none_as_null = true)]
pub struct NegotiationRow {
    pub id: String,
    pub meeting_id: String,
    pub status: NegotiationStatus,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub notes: String,
    pub effective_status: NegotiationStatus,
    pub effective_amount_jpy: Option<i64>,
    pub effective_closed_on: Option<NaiveDate>,
    pub confirmed_report_id: Option<String>,
    pub reports_disagree: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Whether the company, and the buyer, have reported (kept for the KPI's data
    /// coverage, migration 000019).
    pub company_reported: bool,
    pub buyer_reported: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = negotiation_reports)]
pub struct ReportRow {
    pub id: String,
    pub meeting_id: String,
    pub side: Side,
    pub status: NegotiationStatus,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub amount_jpy: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub reported_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = negotiation_contacts)]
pub struct ContactRow {
    pub id: String,
    pub meeting_id: String,
    pub contacted_on: NaiveDate,
    pub channel: Channel,
    pub summary: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

/// Opens the negotiation of a meeting that was just held.
pub fn open_negotiation(
    conn: &mut DbConn,
    meeting_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = NegotiationRow {
        id: db::new_id(),
        meeting_id: meeting_id.to_owned(),
        status: NegotiationStatus::Open,
        amount_minor: None,
        currency: None,
        exchange_rate: None,
        amount_jpy: None,
        closed_on: None,
        notes: String::new(),
        effective_status: NegotiationStatus::Open,
        effective_amount_jpy: None,
        effective_closed_on: None,
        confirmed_report_id: None,
        reports_disagree: false,
        created_at: now,
        updated_at: now,
        company_reported: false,
        buyer_reported: false,
    };
    diesel::insert_into(negotiations::table)
        .values(&row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_negotiation(conn: &mut DbConn, meeting_id: &str) -> QueryResult<NegotiationRow> {
    negotiations::table
        .filter(negotiations::meeting_id.eq(meeting_id))
        .select(NegotiationRow::as_select())
        .first(conn)
}

pub fn save_negotiation(conn: &mut DbConn, row: &NegotiationRow) -> QueryResult<()> {
    diesel::update(negotiations::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(|_| ())
}

impl NegotiationRow {
    /// The record takes a confirmed report's values, and names it as the counted one.
    pub fn confirm(&mut self, report: &ReportRow, now: NaiveDateTime) {
        self.status = report.status;
        self.amount_minor = report.amount_minor;
        self.currency = report.currency.clone();
        self.exchange_rate = report.exchange_rate.clone();
        self.amount_jpy = report.amount_jpy;
        self.closed_on = report.closed_on;
        self.confirmed_report_id = Some(report.id.clone());
        self.updated_at = now;
    }
}

/// Applies an outcome to the record.
pub fn apply_outcome(row: &mut NegotiationRow, outcome: &SettledOutcome) {
    row.status = outcome.status;
    row.amount_minor = outcome.amount_minor;
    row.currency = outcome.currency.clone();
    row.exchange_rate = outcome.exchange_rate.clone();
    row.amount_jpy = outcome.amount_jpy;
    row.closed_on = outcome.closed_on;
}

pub fn insert_report(conn: &mut DbConn, report: &ReportRow) -> QueryResult<()> {
    diesel::insert_into(negotiation_reports::table)
        .values(report)
        .execute(conn)
        .map(|_| ())
}

/// A meeting's reports, newest first.
pub fn reports(conn: &mut DbConn, meeting_id: &str) -> QueryResult<Vec<ReportRow>> {
    negotiation_reports::table
        .filter(negotiation_reports::meeting_id.eq(meeting_id))
        .select(ReportRow::as_select())
        .order((
            negotiation_reports::created_at.desc(),
            negotiation_reports::id.desc(),
        ))
        .load(conn)
}

/// The reports of several meetings in one query, newest first within each meeting.
pub fn reports_of(
    conn: &mut DbConn,
    meeting_ids: &[String],
) -> QueryResult<std::collections::BTreeMap<String, Vec<ReportRow>>> {
    let rows: Vec<ReportRow> = negotiation_reports::table
        .filter(negotiation_reports::meeting_id.eq_any(meeting_ids))
        .select(ReportRow::as_select())
        .order((
            negotiation_reports::created_at.desc(),
            negotiation_reports::id.desc(),
        ))
        .load(conn)?;
    let mut by_meeting: std::collections::BTreeMap<String, Vec<ReportRow>> = Default::default();
    for row in rows {
        by_meeting
            .entry(row.meeting_id.clone())
            .or_default()
            .push(row);
    }
    Ok(by_meeting)
}

/// Recomputes what the KPIs count for this negotiation: the confirmed report, else the
/// company's latest report, else the record; and whether the two sides' latest reports
/// disagree on the outcome or the yen amount.
pub fn refresh_effective(conn: &mut DbConn, row: &mut NegotiationRow) -> QueryResult<()> {
    let all = reports(conn, &row.meeting_id)?;
    let latest = |side: Side| all.iter().find(|r| r.side == side);
    let confirmed = row
        .confirmed_report_id
        .as_ref()
        .and_then(|id| all.iter().find(|r| &r.id == id));
    match confirmed.or_else(|| latest(Side::Company)) {
        Some(report) => {
            row.effective_status = report.status;
            row.effective_amount_jpy = report.amount_jpy;
            row.effective_closed_on = report.closed_on;
        }
        None => {
            row.effective_status = row.status;
            row.effective_amount_jpy = row.amount_jpy;
            row.effective_closed_on = row.closed_on;
        }
    }
    row.reports_disagree = match (latest(Side::Company), latest(Side::Buyer)) {
        (Some(company), Some(buyer)) => {
            company.status != buyer.status || company.amount_jpy != buyer.amount_jpy
        }
        _ => false,
    };
    row.company_reported = latest(Side::Company).is_some();
    row.buyer_reported = latest(Side::Buyer).is_some();
    save_negotiation(conn, row)
}

pub fn insert_contact(conn: &mut DbConn, contact: &ContactRow) -> QueryResult<()> {
    diesel::insert_into(negotiation_contacts::table)
        .values(contact)
        .execute(conn)
        .map(|_| ())
}

pub fn contacts(conn: &mut DbConn, meeting_id: &str) -> QueryResult<Vec<ContactRow>> {
    negotiation_contacts::table
        .filter(negotiation_contacts::meeting_id.eq(meeting_id))
        .select(ContactRow::as_select())
        .order((
            negotiation_contacts::contacted_on.asc(),
            negotiation_contacts::id.asc(),
        ))
        .load(conn)
}

/// Which negotiations a list reads: of one company or buyer, of one event, by effective
/// status (each `None` is no filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct NegotiationFilter<'a> {
    pub company_id: Option<&'a str>,
    pub buyer_id: Option<&'a str>,
    pub event_id: Option<&'a str>,
    pub status: Option<NegotiationStatus>,
    /// Negotiations of this municipality's companies only.
    pub municipality_id: Option<&'a str>,
}

/// One page of the negotiations `filter` selects, by id after `after`.
pub fn list_negotiations(
    conn: &mut DbConn,
    filter: &NegotiationFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<NegotiationRow>> {
    let mut query = negotiations::table
        .inner_join(meetings::table.inner_join(companies::table))
        .select(NegotiationRow::as_select())
        .into_boxed();
    if let Some(v) = filter.municipality_id {
        query = query.filter(companies::municipality_id.eq(v.to_owned()));
    }
    if let Some(v) = filter.company_id {
        query = query.filter(meetings::company_id.eq(v.to_owned()));
    }
    if let Some(v) = filter.buyer_id {
        query = query.filter(meetings::buyer_id.eq(v.to_owned()));
    }
    if let Some(v) = filter.event_id {
        query = query.filter(meetings::event_id.eq(v.to_owned()));
    }
    if let Some(v) = filter.status {
        query = query.filter(negotiations::effective_status.eq(v));
    }
    if let Some(after) = after {
        query = query.filter(negotiations::id.gt(after.to_owned()));
    }
    query.order(negotiations::id.asc()).limit(limit).load(conn)
}
