//! Wish rows, and the facts suggestions are scored from.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Level, WishSide};
use crate::capabilities::CapabilityStatus;
use crate::db::schema::{match_preferences, meetings, negotiations};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = match_preferences)]
pub struct PreferenceRow {
    pub event_id: String,
    pub side: WishSide,
    pub company_id: String,
    pub buyer_id: String,
    pub level: Level,
    pub set_by: String,
    pub updated_at: NaiveDateTime,
}

/// One side's wishes at an event: the company's (about buyers) or the buyer's (about
/// companies), in counterpart order.
pub fn wishes_of(
    conn: &mut DbConn,
    event_id: &str,
    side: WishSide,
    party_id: &str,
) -> QueryResult<Vec<PreferenceRow>> {
    let query = match_preferences::table
        .filter(match_preferences::event_id.eq(event_id))
        .filter(match_preferences::side.eq(side))
        .select(PreferenceRow::as_select())
        .into_boxed();
    match side {
        WishSide::Company => query
            .filter(match_preferences::company_id.eq(party_id.to_owned()))
            .order(match_preferences::buyer_id.asc())
            .load(conn),
        WishSide::Buyer => query
            .filter(match_preferences::buyer_id.eq(party_id.to_owned()))
            .order(match_preferences::company_id.asc())
            .load(conn),
    }
}

/// Replaces one side's wishes at an event with `rows` (all of that side and party).
pub fn replace_wishes(
    conn: &mut DbConn,
    event_id: &str,
    side: WishSide,
    party_id: &str,
    rows: &[PreferenceRow],
) -> QueryResult<()> {
    let scope = match_preferences::table
        .filter(match_preferences::event_id.eq(event_id))
        .filter(match_preferences::side.eq(side));
    match side {
        WishSide::Company => {
            diesel::delete(scope.filter(match_preferences::company_id.eq(party_id)))
                .execute(conn)?
        }
        WishSide::Buyer => {
            diesel::delete(scope.filter(match_preferences::buyer_id.eq(party_id))).execute(conn)?
        }
    };
    for row in rows {
        diesel::insert_into(match_preferences::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Every wish at an event, in a fixed order.
pub fn event_wishes(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<PreferenceRow>> {
    match_preferences::table
        .filter(match_preferences::event_id.eq(event_id))
        .select(PreferenceRow::as_select())
        .order((
            match_preferences::company_id.asc(),
            match_preferences::buyer_id.asc(),
            match_preferences::side.asc(),
        ))
        .load(conn)
}

/// Every wish of the given events, for the KPI's breakdown by how meetings came about.
pub fn wishes_of_events(
    conn: &mut DbConn,
    event_ids: Vec<String>,
) -> QueryResult<Vec<PreferenceRow>> {
    match_preferences::table
        .filter(match_preferences::event_id.eq_any(event_ids))
        .select(PreferenceRow::as_select())
        .load(conn)
}

/// An earlier held meeting of a pair (at any event) and its negotiation's outcome.
#[derive(Debug, Clone, Queryable)]
pub struct EarlierMeeting {
    pub company_id: String,
    pub buyer_id: String,
    /// `open`, `prospect`, `won` or `lost`; `None` without a negotiation.
    pub outcome: Option<String>,
}

/// Held meetings of `company_ids` × `buyer_ids` at events other than `event_id`.
pub fn earlier_meetings(
    conn: &mut DbConn,
    event_id: &str,
    company_ids: Vec<String>,
    buyer_ids: Vec<String>,
) -> QueryResult<Vec<EarlierMeeting>> {
    meetings::table
        .left_join(negotiations::table)
        .filter(meetings::event_id.ne(event_id))
        .filter(meetings::status.eq("held"))
        .filter(meetings::company_id.eq_any(company_ids))
        .filter(meetings::buyer_id.eq_any(buyer_ids))
        .select((
            meetings::company_id,
            meetings::buyer_id,
            negotiations::effective_status.nullable(),
        ))
        .order((meetings::took_place_at.asc(), meetings::id.asc()))
        .load(conn)
}

/// An exhibitor's fields suggestions are scored on.
#[derive(Debug, Clone, Queryable)]
pub struct ExhibitorFacts {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub export_countries: String,
    pub languages: String,
}

/// The event's exhibitors (one, with `only`), in id order.
pub fn exhibitor_facts(
    conn: &mut DbConn,
    event_id: &str,
    only: Option<&str>,
) -> QueryResult<Vec<ExhibitorFacts>> {
    use crate::db::schema::{companies, event_exhibitors};
    let mut query = event_exhibitors::table
        .inner_join(companies::table)
        .filter(event_exhibitors::event_id.eq(event_id))
        .select((
            companies::id,
            companies::name_ja,
            companies::name_en,
            companies::export_countries,
            companies::languages,
        ))
        .order(companies::id.asc())
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(companies::id.eq(id.to_owned()));
    }
    query.load(conn)
}

/// A published capability's fields suggestions are scored on.
#[derive(Debug, Clone, Queryable)]
pub struct CapabilityText {
    pub id: String,
    pub company_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub category: String,
    pub tags: String,
}

/// The published capabilities of `company_ids`, in id order.
pub fn published_capabilities(
    conn: &mut DbConn,
    company_ids: Vec<String>,
) -> QueryResult<Vec<CapabilityText>> {
    use crate::db::schema::capabilities;
    capabilities::table
        .filter(capabilities::company_id.eq_any(company_ids))
        .filter(capabilities::status.eq(CapabilityStatus::Published))
        .select((
            capabilities::id,
            capabilities::company_id,
            capabilities::title_ja,
            capabilities::title_en,
            capabilities::description_ja,
            capabilities::description_en,
            capabilities::category,
            capabilities::tags,
        ))
        .order(capabilities::id.asc())
        .load(conn)
}
