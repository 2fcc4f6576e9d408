//! Event rows and the rows that hang off an event: exhibitors, slots, tables, interpreters,
//! availability blocks.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    availability_blocks, companies, event_exhibitors, event_registrations, event_slots,
    event_tables, events, interpreters,
};
use crate::db::DbConn;
use crate::events::{EventKind, EventStatus, Initiators, RegistrationStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: String,
    pub kind: EventKind,
    pub name: String,
    pub city: String,
    pub country: String,
    pub venue: String,
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: EventStatus,
    pub slot_minutes: i32,
    pub max_meetings_per_buyer: Option<i32>,
    pub max_meetings_per_company: Option<i32>,
    pub requires_acceptance: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub preferences_close_at: Option<NaiveDateTime>,
    pub initiators: Initiators,
    pub no_show_after_minutes: i32,
    pub capacity: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_slots)]
pub struct SlotRow {
    pub id: String,
    pub event_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = event_tables)]
pub struct TableRow {
    pub id: String,
    pub event_id: String,
    pub label: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = interpreters)]
pub struct InterpreterRow {
    pub id: String,
    pub event_id: String,
    pub name: String,
    pub languages: String,
    /// Where the reminders of the meetings they interpret go, if set.
    pub email: Option<String>,
}

pub fn insert_event(conn: &mut DbConn, event: &EventRow) -> QueryResult<()> {
    diesel::insert_into(events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

pub fn save_event(conn: &mut DbConn, event: &EventRow) -> QueryResult<()> {
    diesel::update(events::table.find(&event.id))
        .set(event)
        .execute(conn)
        .map(|_| ())
}

pub fn find_event(conn: &mut DbConn, id: &str) -> QueryResult<EventRow> {
    events::table
        .find(id)
        .select(EventRow::as_select())
        .first(conn)
}

/// The event, locked for the caller's write transaction where the backend needs it: on
/// PostgreSQL its row (`FOR UPDATE`), so that counting its confirmed registrations and
/// adding one, or promoting from its waitlist, happen one transaction at a time; SQLite's
/// write transactions take the one write lock up front (`BEGIN IMMEDIATE`).
pub fn lock_event(conn: &mut DbConn, id: &str) -> QueryResult<EventRow> {
    let query = events::table.find(id);
    match conn {
        DbConn::Pg(pg) => query.select(EventRow::as_select()).for_update().first(pg),
        DbConn::Sqlite(_) => find_event(conn, id),
    }
}

pub fn list_events(
    conn: &mut DbConn,
    kind: Option<EventKind>,
    status: Option<EventStatus>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    let mut query = events::table.select(EventRow::as_select()).into_boxed();
    if let Some(kind) = kind {
        query = query.filter(events::kind.eq(kind));
    }
    if let Some(status) = status {
        query = query.filter(events::status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(events::id.gt(after.to_owned()));
    }
    query.order(events::id.asc()).limit(limit).load(conn)
}

pub fn add_exhibitor(
    conn: &mut DbConn,
    event_id: &str,
    company_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(event_exhibitors::table)
        .values((
            event_exhibitors::event_id.eq(event_id),
            event_exhibitors::company_id.eq(company_id),
            event_exhibitors::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn is_exhibitor(conn: &mut DbConn, event_id: &str, company_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        event_exhibitors::table
            .filter(event_exhibitors::event_id.eq(event_id))
            .filter(event_exhibitors::company_id.eq(company_id)),
    ))
    .get_result(conn)
}

/// An exhibiting company's id and names.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = companies)]
pub struct ExhibitorName {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
}

/// The exhibitors, in name order.
pub fn list_exhibitors(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<ExhibitorName>> {
    event_exhibitors::table
        .inner_join(companies::table)
        .filter(event_exhibitors::event_id.eq(event_id))
        .select(ExhibitorName::as_select())
        .order((companies::name_en.asc(), companies::id.asc()))
        .load(conn)
}

pub fn insert_slot(conn: &mut DbConn, slot: &SlotRow) -> QueryResult<()> {
    diesel::insert_into(event_slots::table)
        .values(slot)
        .execute(conn)
        .map(|_| ())
}

pub fn list_slots(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<SlotRow>> {
    event_slots::table
        .filter(event_slots::event_id.eq(event_id))
        .select(SlotRow::as_select())
        .order(event_slots::starts_at.asc())
        .load(conn)
}

pub fn insert_table(conn: &mut DbConn, table: &TableRow) -> QueryResult<()> {
    diesel::insert_into(event_tables::table)
        .values(table)
        .execute(conn)
        .map(|_| ())
}

pub fn list_tables(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<TableRow>> {
    event_tables::table
        .filter(event_tables::event_id.eq(event_id))
        .select(TableRow::as_select())
        .order((event_tables::label.asc(), event_tables::id.asc()))
        .load(conn)
}

pub fn insert_interpreter(conn: &mut DbConn, interpreter: &InterpreterRow) -> QueryResult<()> {
    diesel::insert_into(interpreters::table)
        .values(interpreter)
        .execute(conn)
        .map(|_| ())
}

pub fn list_interpreters(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<InterpreterRow>> {
    interpreters::table
        .filter(interpreters::event_id.eq(event_id))
        .select(InterpreterRow::as_select())
        .order((interpreters::name.asc(), interpreters::id.asc()))
        .load(conn)
}

/// Whose availability: a company's or a buyer organisation's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    Company(String),
    Buyer(String),
}

/// The slots `party` has blocked at `event_id`.
pub fn blocked_slots(conn: &mut DbConn, event_id: &str, party: &Party) -> QueryResult<Vec<String>> {
    let query = availability_blocks::table
        .filter(availability_blocks::event_id.eq(event_id))
        .select(availability_blocks::slot_id)
        .order(availability_blocks::slot_id.asc())
        .into_boxed();
    match party {
        Party::Company(id) => query
            .filter(availability_blocks::company_id.eq(id.clone()))
            .load(conn),
        Party::Buyer(id) => query
            .filter(availability_blocks::buyer_id.eq(id.clone()))
            .load(conn),
    }
}

/// A slot someone cannot attend: exactly one of `company_id` and `buyer_id` is set.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = availability_blocks)]
pub struct Block {
    pub slot_id: String,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
}

/// Every block at an event.
pub fn all_blocks(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<Block>> {
    availability_blocks::table
        .filter(availability_blocks::event_id.eq(event_id))
        .select(Block::as_select())
        .load(conn)
}

/// Replaces `party`'s blocked slots at `event_id` with `slot_ids`.
pub fn replace_blocks(
    conn: &mut DbConn,
    event_id: &str,
    party: &Party,
    slot_ids: &[String],
) -> QueryResult<()> {
    let scope = availability_blocks::table.filter(availability_blocks::event_id.eq(event_id));
    match party {
        Party::Company(id) => {
            diesel::delete(scope.filter(availability_blocks::company_id.eq(id))).execute(conn)?
        }
        Party::Buyer(id) => {
            diesel::delete(scope.filter(availability_blocks::buyer_id.eq(id))).execute(conn)?
        }
    };
    for slot_id in slot_ids {
        let (company_id, buyer_id) = match party {
            Party::Company(id) => (Some(id.as_str()), None),
            Party::Buyer(id) => (None, Some(id.as_str())),
        };
        diesel::insert_into(availability_blocks::table)
            .values((
                availability_blocks::id.eq(crate::db::new_id()),
                availability_blocks::event_id.eq(event_id),
                availability_blocks::slot_id.eq(slot_id),
                availability_blocks::company_id.eq(company_id),
                availability_blocks::buyer_id.eq(buyer_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = event_registrations)]
pub struct RegistrationRow {
    pub id: String,
    pub event_id: String,
    pub candidate_id: Option<String>,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
    pub attended_at: Option<NaiveDateTime>,
    pub registered_by: String,
    pub created_at: NaiveDateTime,
    pub status: RegistrationStatus,
    pub cancelled_at: Option<NaiveDateTime>,
}

/// A registration with its event.
#[derive(Debug, Clone, Queryable, Selectable)]
pub struct RegistrationWithEvent {
    #[diesel(embed)]
    pub registration: RegistrationRow,
    #[diesel(embed)]
    pub event: EventRow,
}

pub fn insert_registration(conn: &mut DbConn, row: &RegistrationRow) -> QueryResult<()> {
    diesel::insert_into(event_registrations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_registration(
    conn: &mut DbConn,
    event_id: &str,
    id: &str,
) -> QueryResult<RegistrationWithEvent> {
    event_registrations::table
        .inner_join(events::table)
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::id.eq(id))
        .select(RegistrationWithEvent::as_select())
        .first(conn)
}

pub fn mark_attended(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(event_registrations::table.find(id))
        .set(event_registrations::attended_at.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}

/// Whose registrations a list returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationFilter {
    Event(String),
    Candidate(String),
    Company(String),
}

pub fn list_registrations(
    conn: &mut DbConn,
    filter: &RegistrationFilter,
    status: Option<RegistrationStatus>,
) -> QueryResult<Vec<RegistrationWithEvent>> {
    let mut query = event_registrations::table
        .inner_join(events::table)
        .select(RegistrationWithEvent::as_select())
        .into_boxed();
    query = match filter {
        RegistrationFilter::Event(id) => query.filter(event_registrations::event_id.eq(id.clone())),
        RegistrationFilter::Candidate(id) => {
            query.filter(event_registrations::candidate_id.eq(id.clone()))
        }
        RegistrationFilter::Company(id) => {
            query.filter(event_registrations::company_id.eq(id.clone()))
        }
    };
    if let Some(status) = status {
        query = query.filter(event_registrations::status.eq(status));
    }
    query.order(event_registrations::id.asc()).load(conn)
}

/// How many registrations of the event are in `status`.
pub fn count_registrations(
    conn: &mut DbConn,
    event_id: &str,
    status: RegistrationStatus,
) -> QueryResult<i64> {
    event_registrations::table
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(status))
        .count()
        .get_result(conn)
}

/// The event's oldest `limit` waitlisted registrations, oldest first (ids are time-ordered).
pub fn oldest_waitlisted(
    conn: &mut DbConn,
    event_id: &str,
    limit: i64,
) -> QueryResult<Vec<RegistrationRow>> {
    event_registrations::table
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Waitlisted))
        .select(RegistrationRow::as_select())
        .order(event_registrations::id.asc())
        .limit(limit)
        .load(conn)
}

/// A waitlisted registration's place on its event's waitlist, from 1.
pub fn waitlist_position(conn: &mut DbConn, event_id: &str, id: &str) -> QueryResult<i64> {
    event_registrations::table
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Waitlisted))
        .filter(event_registrations::id.le(id))
        .count()
        .get_result(conn)
}

/// Moves a registration to `status`; `cancelled_at` is set for a cancellation.
pub fn set_registration_status(
    conn: &mut DbConn,
    id: &str,
    status: RegistrationStatus,
    cancelled_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    diesel::update(event_registrations::table.find(id))
        .set((
            event_registrations::status.eq(status),
            event_registrations::cancelled_at.eq(cancelled_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// How many registered for an event (confirmed: neither waitlisted nor cancelled), and how
/// many of them came.
#[derive(Debug, Clone)]
pub struct Attendance {
    pub event: EventRow,
    pub registered: i64,
    pub attended: i64,
}

/// The attendance of every job fair, seminar and forum that starts in `[from, to)`, in
/// start order.
pub fn attendance_counts(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Attendance>> {
    let counts: Vec<(String, i64, Option<i64>)> = event_registrations::table
        .inner_join(events::table)
        .filter(events::kind.ne(EventKind::TradeFair))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .filter(events::starts_on.ge(from))
        .filter(events::starts_on.lt(to))
        .group_by(event_registrations::event_id)
        .select((
            event_registrations::event_id,
            diesel::dsl::count_star(),
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "CAST(COUNT(event_registrations.attended_at) AS BIGINT)",
            ),
        ))
        .load(conn)?;
    let mut rows = Vec::with_capacity(counts.len());
    for (event_id, registered, attended) in counts {
        rows.push(Attendance {
            event: find_event(conn, &event_id)?,
            registered,
            attended: attended.unwrap_or(0),
        });
    }
    rows.sort_by(|a, b| (a.event.starts_on, &a.event.id).cmp(&(b.event.starts_on, &b.event.id)));
    Ok(rows)
}

/// The account of a candidate (`None` for one the desk registered without an account);
/// `NotFound` for no such candidate. A registration names its candidate by these two ids
/// only, so events reads them here rather than through the talent domain, which sits above
/// it and shows a candidate's registrations.
pub fn candidate_account(conn: &mut DbConn, candidate_id: &str) -> QueryResult<Option<String>> {
    crate::db::schema::candidates::table
        .find(candidate_id)
        .select(crate::db::schema::candidates::user_id)
        .first(conn)
}

/// The candidate profile id of a candidate account, if it has made one.
pub fn candidate_of_account(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<String>> {
    crate::db::schema::candidates::table
        .filter(crate::db::schema::candidates::user_id.eq(user_id))
        .select(crate::db::schema::candidates::id)
        .first(conn)
        .optional()
}

/// The verified buyer organisations registered for an event (confirmed), by name.
pub fn registered_buyers(
    conn: &mut DbConn,
    event_id: &str,
) -> QueryResult<Vec<crate::buyers::store::BuyerRow>> {
    use crate::db::schema::buyers;
    event_registrations::table
        .inner_join(buyers::table.on(event_registrations::buyer_id.eq(buyers::id.nullable())))
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .filter(buyers::verified_at.is_not_null())
        .select(crate::buyers::store::BuyerRow::as_select())
        .order((buyers::name.asc(), buyers::id.asc()))
        .load(conn)
}

/// Whether the buyer organisation is registered for the event (confirmed) and verified.
pub fn is_registered_buyer(conn: &mut DbConn, event_id: &str, buyer_id: &str) -> QueryResult<bool> {
    use crate::db::schema::buyers;
    diesel::select(diesel::dsl::exists(
        event_registrations::table
            .inner_join(buyers::table.on(event_registrations::buyer_id.eq(buyers::id.nullable())))
            .filter(event_registrations::event_id.eq(event_id))
            .filter(event_registrations::buyer_id.eq(buyer_id))
            .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
            .filter(buyers::verified_at.is_not_null()),
    ))
    .get_result(conn)
}
