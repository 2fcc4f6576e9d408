//! The facts suggestions are scored from: a fair's exhibitors, their published
//! capabilities, and the earlier held meetings of the candidate pairs with their outcomes.

use diesel::prelude::*;

use crate::capabilities::CapabilityStatus;
use crate::db::schema::{buyers, event_registrations, meetings, negotiations};
use crate::db::DbConn;
use crate::events::RegistrationStatus;
use crate::matching::preferences::Party;
use crate::meetings::lifecycle::MeetingStatus;
use crate::negotiations::NegotiationStatus;

/// An earlier held meeting of a pair (at any event) and its negotiation's outcome.
#[derive(Debug, Clone, Queryable)]
pub struct EarlierMeeting {
    pub company_id: String,
    pub buyer_id: String,
    /// `None` without a negotiation.
    pub outcome: Option<NegotiationStatus>,
    pub took_place_at: Option<chrono::NaiveDateTime>,
    pub id: String,
}

/// The party's held meetings at events other than `event_id`, in the order they took place:
/// with every counterpart, not only this fair's (the few extra are never looked up), which
/// spares a thousand-id `IN` list. Sorted here, not by the database: an `ORDER BY
/// took_place_at` made SQLite (without statistics) walk every held meeting in
/// `meetings_held_at` order rather than look up the party's few (`meetings_company`,
/// `meetings_buyer`).
pub fn earlier_meetings(
    conn: &mut DbConn,
    event_id: &str,
    party: Party,
) -> QueryResult<Vec<EarlierMeeting>> {
    let query = meetings::table
        .left_join(negotiations::table)
        .filter(meetings::event_id.ne(event_id))
        .filter(meetings::status.eq(MeetingStatus::Held))
        .select((
            meetings::company_id,
            meetings::buyer_id,
            negotiations::effective_status.nullable(),
            meetings::took_place_at,
            meetings::id,
        ))
        .into_boxed();
    let mut rows: Vec<EarlierMeeting> = match party {
        Party::Company(id) => query.filter(meetings::company_id.eq(id.to_string())),
        Party::Buyer(id) => query.filter(meetings::buyer_id.eq(id.to_string())),
    }
    .load(conn)?;
    rows.sort_by(|a, b| (a.took_place_at, &a.id).cmp(&(b.took_place_at, &b.id)));
    Ok(rows)
}

/// A buyer organisation's fields suggestions are scored on and show: no timestamps, no
/// contacts.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = buyers)]
pub struct BuyerProfile {
    pub id: String,
    pub name: String,
    pub country: String,
    pub interest_categories: String,
    pub interest_tags: String,
    pub languages: String,
}

/// The verified buyer organisations registered (confirmed) for the event, as
/// [`events::store::registered_buyers`](crate::events::store::registered_buyers) counts them,
/// with their scoring fields only.
pub fn registered_buyer_profiles(
    conn: &mut DbConn,
    event_id: &str,
) -> QueryResult<Vec<BuyerProfile>> {
    event_registrations::table
        .inner_join(buyers::table.on(event_registrations::buyer_id.eq(buyers::id.nullable())))
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .filter(buyers::verified_at.is_not_null())
        .select(BuyerProfile::as_select())
        .load(conn)
}

/// One buyer organisation's scoring fields.
pub fn buyer_profile(conn: &mut DbConn, buyer_id: &str) -> QueryResult<BuyerProfile> {
    buyers::table
        .find(buyer_id)
        .select(BuyerProfile::as_select())
        .first(conn)
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
