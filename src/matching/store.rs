//! Wish rows: both sides' wishes at a fair.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Level, WishSide};
use crate::db::schema::match_preferences;
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
