//! Meeting rows, their transitions, and the queries behind lists, agendas and exports.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::lifecycle::{Initiator, MeetingStatus};
use super::recommend::Wanted;
use super::venue::{MeetingMode, Venue};
use crate::capabilities::store::{
    capabilities_in_categories_or_tags, search_capabilities, CapabilityWithCompany, CatalogueQuery,
    Visibility,
};
use crate::db::schema::{
    buyers, companies, event_slots, event_tables, interpreters, meeting_transitions, meetings,
};
use crate::db::search::TermFrequencies;
use crate::db::DbConn;
use crate::search_terms;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: String,
    pub event_id: String,
    pub company_id: String,
    pub buyer_id: String,
    pub capability_id: Option<String>,
    pub requested_by: String,
    pub message: String,
    pub languages_needed: String,
    pub status: MeetingStatus,
    pub slot_id: Option<String>,
    pub table_id: Option<String>,
    pub interpreter_id: Option<String>,
    pub held_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub initiated_by: Initiator,
    pub mode: MeetingMode,
    pub join_url: Option<String>,
}

/// A meeting with the names and places shown beside it.
#[derive(Debug, Clone, Queryable)]
pub struct MeetingDetail {
    pub meeting: MeetingRow,
    pub company_name_ja: String,
    pub company_name_en: String,
    pub buyer_name: String,
    pub buyer_country: String,
    pub slot_starts_at: Option<NaiveDateTime>,
    pub slot_ends_at: Option<NaiveDateTime>,
    pub table_label: Option<String>,
    pub interpreter_name: Option<String>,
    pub started_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct TransitionRow {
    pub id: String,
    pub meeting_id: String,
    pub from_status: Option<MeetingStatus>,
    pub to_status: MeetingStatus,
    pub actor_id: String,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

macro_rules! detail_query {
    () => {
        meetings::table
            .inner_join(companies::table)
            .inner_join(buyers::table)
            .left_join(event_slots::table)
            .left_join(event_tables::table)
            .left_join(interpreters::table)
            .select((
                MeetingRow::as_select(),
                companies::name_ja,
                companies::name_en,
                buyers::name,
                buyers::country,
                event_slots::starts_at.nullable(),
                event_slots::ends_at.nullable(),
                event_tables::label.nullable(),
                interpreters::name.nullable(),
                meetings::started_at,
            ))
    };
}

pub fn insert_meeting(conn: &mut DbConn, meeting: &MeetingRow) -> QueryResult<()> {
    diesel::insert_into(meetings::table)
        .values(meeting)
        .execute(conn)
        .map(|_| ())
}

pub fn find_meeting(conn: &mut DbConn, id: &str) -> QueryResult<MeetingRow> {
    meetings::table
        .find(id)
        .select(MeetingRow::as_select())
        .first(conn)
}

pub fn find_meeting_detail(conn: &mut DbConn, id: &str) -> QueryResult<MeetingDetail> {
    detail_query!().filter(meetings::id.eq(id)).first(conn)
}

/// A meeting's place: its slot, its venue (a table, or online by a link), its interpreter.
pub type At<'a> = (&'a str, &'a Venue, Option<&'a str>);

/// Moves a meeting to `status` with its place (or none: it keeps the one it has),
/// recording who did it.
#[expect(
    clippy::too_many_arguments,
    reason = "a move writes the status, the place, the moment and the history together"
)]
pub fn set_status(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    status: MeetingStatus,
    place: Option<At<'_>>,
    held_at: Option<NaiveDateTime>,
    actor_id: &str,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (slot_id, table_id, interpreter_id, mode, join_url) = match place {
        Some((slot, venue, interpreter)) => (
            Some(slot),
            venue.table_id(),
            interpreter,
            venue.mode(),
            venue.join_url(),
        ),
        None => (
            meeting.slot_id.as_deref(),
            meeting.table_id.as_deref(),
            meeting.interpreter_id.as_deref(),
            meeting.mode,
            meeting.join_url.as_deref(),
        ),
    };
    diesel::update(meetings::table.find(&meeting.id))
        .set((
            meetings::status.eq(status),
            meetings::slot_id.eq(slot_id),
            meetings::table_id.eq(table_id),
            meetings::interpreter_id.eq(interpreter_id),
            meetings::mode.eq(mode),
            meetings::join_url.eq(join_url),
            meetings::held_at.eq(held_at.or(meeting.held_at)),
            meetings::updated_at.eq(now),
        ))
        .execute(conn)?;
    record_transition(
        conn,
        &meeting.id,
        Some(meeting.status),
        status,
        actor_id,
        note,
        now,
    )
}

/// Fixes when a held meeting took place: its slot's start, or now for a meeting held off
/// the timetable. The KPIs place the meeting in a fiscal year by this moment.
pub fn mark_took_place(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let slot_start = match &meeting.slot_id {
        Some(slot) => Some(
            event_slots::table
                .find(slot)
                .select(event_slots::starts_at)
                .first::<NaiveDateTime>(conn)?,
        ),
        None => None,
    };
    diesel::update(meetings::table.find(&meeting.id))
        .set(meetings::took_place_at.eq(slot_start.unwrap_or(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn record_transition(
    conn: &mut DbConn,
    meeting_id: &str,
    from: Option<MeetingStatus>,
    to: MeetingStatus,
    actor_id: &str,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(meeting_transitions::table)
        .values((
            meeting_transitions::id.eq(crate::db::new_id()),
            meeting_transitions::meeting_id.eq(meeting_id),
            meeting_transitions::from_status.eq(from),
            meeting_transitions::to_status.eq(to),
            meeting_transitions::actor_id.eq(actor_id),
            meeting_transitions::note.eq(note),
            meeting_transitions::created_at.eq(now),
        ))
        .execute(conn)?;
    // Every move is told in its own transaction (the outbox, see `notify`).
    super::notify::on_transition(conn, meeting_id, from, to, note)
}

pub fn transitions(conn: &mut DbConn, meeting_id: &str) -> QueryResult<Vec<TransitionRow>> {
    meeting_transitions::table
        .filter(meeting_transitions::meeting_id.eq(meeting_id))
        .order((
            meeting_transitions::created_at.asc(),
            meeting_transitions::id.asc(),
        ))
        .load(conn)
}

/// Meetings of an event that count against its limits (not declined, withdrawn or cancelled)
/// for one company or buyer.
pub fn count_active(
    conn: &mut DbConn,
    event_id: &str,
    company_id: Option<&str>,
    buyer_id: Option<&str>,
) -> QueryResult<i64> {
    let mut query = meetings::table
        .filter(meetings::event_id.eq(event_id))
        .filter(meetings::status.eq_any(MeetingStatus::COUNTING_AGAINST_LIMITS))
        .select(count_star())
        .into_boxed();
    if let Some(company_id) = company_id {
        query = query.filter(meetings::company_id.eq(company_id.to_owned()));
    }
    if let Some(buyer_id) = buyer_id {
        query = query.filter(meetings::buyer_id.eq(buyer_id.to_owned()));
    }
    query.first(conn)
}

/// Who and what a placed meeting occupies in its slot.
#[derive(Debug, Clone, Queryable)]
pub struct Occupant {
    pub company_id: String,
    pub buyer_id: String,
    pub table_id: Option<String>,
    pub interpreter_id: Option<String>,
}

/// What the slot already holds for the company, the buyer, the table or the interpreter.
pub fn occupied(
    conn: &mut DbConn,
    slot_id: &str,
    exclude_meeting: &str,
) -> QueryResult<Vec<Occupant>> {
    meetings::table
        .filter(meetings::slot_id.eq(slot_id))
        .filter(meetings::status.eq_any(MeetingStatus::OCCUPYING_SLOT))
        .filter(meetings::id.ne(exclude_meeting))
        .select((
            meetings::company_id,
            meetings::buyer_id,
            meetings::table_id,
            meetings::interpreter_id,
        ))
        .load(conn)
}

/// Which meetings a list may return.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub event_id: Option<String>,
    pub status: Option<MeetingStatus>,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
    pub statuses: Option<Vec<MeetingStatus>>,
    pub table_id: Option<String>,
    pub interpreter_id: Option<String>,
    /// Meetings of this municipality's companies only (a scoped staff account's).
    pub municipality_id: Option<String>,
}

pub fn list_meetings(
    conn: &mut DbConn,
    filter: &MeetingFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<MeetingDetail>> {
    let mut query = detail_query!().into_boxed();
    if let Some(v) = &filter.event_id {
        query = query.filter(meetings::event_id.eq(v.clone()));
    }
    if let Some(v) = &filter.status {
        query = query.filter(meetings::status.eq(*v));
    }
    if let Some(v) = &filter.company_id {
        query = query.filter(meetings::company_id.eq(v.clone()));
    }
    if let Some(v) = &filter.buyer_id {
        query = query.filter(meetings::buyer_id.eq(v.clone()));
    }
    if let Some(v) = &filter.municipality_id {
        query = query.filter(companies::municipality_id.eq(v.clone()));
    }
    if let Some(after) = after {
        query = query.filter(meetings::id.gt(after.to_owned()));
    }
    query.order(meetings::id.asc()).limit(limit).load(conn)
}

/// An event's meetings in timetable order (time, then table), for agendas and exports.
pub fn timetable(conn: &mut DbConn, filter: &MeetingFilter) -> QueryResult<Vec<MeetingDetail>> {
    let mut query = detail_query!().into_boxed();
    if let Some(v) = &filter.event_id {
        query = query.filter(meetings::event_id.eq(v.clone()));
    }
    if let Some(v) = &filter.statuses {
        query = query.filter(meetings::status.eq_any(v.clone()));
    }
    if let Some(v) = &filter.company_id {
        query = query.filter(meetings::company_id.eq(v.clone()));
    }
    if let Some(v) = &filter.buyer_id {
        query = query.filter(meetings::buyer_id.eq(v.clone()));
    }
    if let Some(v) = &filter.table_id {
        query = query.filter(meetings::table_id.eq(v.clone()));
    }
    if let Some(v) = &filter.interpreter_id {
        query = query.filter(meetings::interpreter_id.eq(v.clone()));
    }
    if let Some(v) = &filter.municipality_id {
        query = query.filter(companies::municipality_id.eq(v.clone()));
    }
    query
        // Meetings without a place last, on both backends (they sort NULLs differently).
        .order((
            event_slots::starts_at.is_null().asc(),
            event_slots::starts_at.asc(),
            event_tables::label.asc(),
            meetings::id.asc(),
        ))
        .load(conn)
}

/// Accepted meetings of an event not yet in the timetable, oldest request first.
pub fn accepted_unscheduled(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<MeetingRow>> {
    meetings::table
        .filter(meetings::event_id.eq(event_id))
        .filter(meetings::status.eq(MeetingStatus::Accepted))
        .select(MeetingRow::as_select())
        .order((meetings::created_at.asc(), meetings::id.asc()))
        .load(conn)
}

/// Meetings of an event that hold a place in the timetable.
pub fn placed(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<MeetingRow>> {
    meetings::table
        .filter(meetings::event_id.eq(event_id))
        .filter(meetings::status.eq_any(MeetingStatus::HOLDING_PLACE))
        .filter(meetings::slot_id.is_not_null())
        .select(MeetingRow::as_select())
        .load(conn)
}

/// Companies a buyer organisation has already met (held meetings).
pub fn companies_met(conn: &mut DbConn, buyer_id: &str) -> QueryResult<Vec<String>> {
    meetings::table
        .filter(meetings::buyer_id.eq(buyer_id))
        .filter(meetings::status.eq(MeetingStatus::Held))
        .select(meetings::company_id)
        .distinct()
        .load(conn)
}

/// The languages (an encoded list) of companies, by id, for the auto-scheduler.
pub fn company_languages(
    conn: &mut DbConn,
    ids: Vec<String>,
) -> QueryResult<Vec<(String, String)>> {
    companies::table
        .filter(companies::id.eq_any(ids))
        .select((companies::id, companies::languages))
        .load(conn)
}

/// The languages (an encoded list) of buyer organisations, by id, for the auto-scheduler.
pub fn buyer_languages(conn: &mut DbConn, ids: Vec<String>) -> QueryResult<Vec<(String, String)>> {
    buyers::table
        .filter(buyers::id.eq_any(ids))
        .select((buyers::id, buyers::languages))
        .load(conn)
}

/// How many candidates each source may contribute before scoring.
const CANDIDATES_PER_SOURCE: i64 = 500;

/// What a buyer's interests point at, once each and in id order: published capabilities of
/// approved companies in its categories or carrying its tags, those whose text matches a
/// tag, less the companies the buyer has already met (it is pointed at new ones).
pub fn recommendation_candidates(
    conn: &mut DbConn,
    frequencies: &TermFrequencies,
    buyer_id: &str,
    wanted: &Wanted,
) -> QueryResult<Vec<CapabilityWithCompany>> {
    let mut found: BTreeMap<String, CapabilityWithCompany> = BTreeMap::new();
    let by_fields = capabilities_in_categories_or_tags(
        conn,
        &wanted.categories,
        &wanted.tags,
        CANDIDATES_PER_SOURCE,
    )?;
    for row in by_fields {
        found.insert(row.0.id.clone(), row);
    }
    for tag in &wanted.tags {
        let terms = search_terms::query_terms(tag);
        if terms.is_empty() {
            continue;
        }
        let query = CatalogueQuery {
            terms,
            ..CatalogueQuery::default()
        };
        let by_text = search_capabilities(
            conn,
            frequencies,
            &query,
            &Visibility::Public,
            None,
            CANDIDATES_PER_SOURCE,
        )?;
        for (row, _rank) in by_text {
            found.insert(row.0.id.clone(), row);
        }
    }
    let met = companies_met(conn, buyer_id)?;
    found.retain(|_, (row, _)| !met.contains(&row.company_id));
    Ok(found.into_values().collect())
}

/// The company, buyer and status of every meeting of an event, for the preference run.
pub fn pairs_at_event(
    conn: &mut DbConn,
    event_id: &str,
) -> QueryResult<Vec<(String, String, MeetingStatus)>> {
    meetings::table
        .filter(meetings::event_id.eq(event_id))
        .select((meetings::company_id, meetings::buyer_id, meetings::status))
        .load(conn)
}

/// Ids of the scheduled meetings of an event a re-plan may move: at a table, not started,
/// in a slot that has not begun by `now`.
pub fn movable_ids(
    conn: &mut DbConn,
    event_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    meetings::table
        .inner_join(event_slots::table)
        .filter(meetings::event_id.eq(event_id))
        .filter(meetings::status.eq(MeetingStatus::Scheduled))
        .filter(meetings::table_id.is_not_null())
        .filter(meetings::started_at.is_null())
        .filter(event_slots::starts_at.gt(now))
        .select(meetings::id)
        .load(conn)
}

/// Takes meetings out of their places before a re-plan writes their new ones, so that two
/// meetings trading places never hold one at the same time (the one-per-slot indexes).
/// Accepted meanwhile (a scheduled meeting has a slot, says the schema), with no transition
/// recorded; the caller writes every one back, scheduled, in the same transaction.
pub fn lift(conn: &mut DbConn, ids: &[&str]) -> QueryResult<()> {
    diesel::update(meetings::table.filter(meetings::id.eq_any(ids)))
        .set((
            meetings::status.eq(MeetingStatus::Accepted),
            meetings::slot_id.eq(None::<String>),
            meetings::table_id.eq(None::<String>),
            meetings::interpreter_id.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Starts a scheduled meeting at `now` unless it has started already; whether it did.
pub fn start(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        meetings::table
            .filter(meetings::id.eq(id))
            .filter(meetings::status.eq(MeetingStatus::Scheduled))
            .filter(meetings::started_at.is_null()),
    )
    .set(meetings::started_at.eq(now))
    .execute(conn)
    .map(|n| n > 0)
}

/// The scheduled, not yet started meetings of `event_id` in the slot running at `now` that
/// `party` (a company's or buyer's id) takes part in, with the other side's id.
pub fn unstarted_now(
    conn: &mut DbConn,
    event_id: &str,
    party: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<(String, String, String)>> {
    meetings::table
        .inner_join(event_slots::table)
        .filter(meetings::event_id.eq(event_id))
        .filter(meetings::status.eq(MeetingStatus::Scheduled))
        .filter(meetings::started_at.is_null())
        .filter(
            meetings::company_id
                .eq(party)
                .or(meetings::buyer_id.eq(party)),
        )
        .filter(event_slots::starts_at.le(now))
        .filter(event_slots::ends_at.gt(now))
        .select((meetings::id, meetings::company_id, meetings::buyer_id))
        .load(conn)
}
