//! The fair day's rows and queries: who takes part in an event (exhibitors and confirmed
//! registrations, read where they live; a waitlisted or cancelled registrant is none), their arrivals (`check_ins`), and what the live
//! board reads of a slot.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ParticipantKind;
use crate::db::schema::{
    buyers, candidates, check_ins, companies, event_exhibitors, event_registrations, event_slots,
    event_tables, meetings,
};
use crate::db::{insert_or_ignore, DbConn};
use crate::events::RegistrationStatus;
use crate::meetings::lifecycle::MeetingStatus;

/// A participant of an event, as the fair day knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantRow {
    /// The company's, buyer organisation's or candidate's id.
    pub id: String,
    pub kind: ParticipantKind,
    pub name: String,
    /// A candidate's own account, if it has one.
    pub account: Option<String>,
}

/// Which participants a query reads: a page after a sort key, or one by id.
#[derive(Debug, Clone)]
pub enum Pick<'a> {
    After(Option<&'a str>, i64),
    One(&'a str),
}

/// `Some(..)` of up to `limit` participants after `after`, or the one named, in id order:
/// each kind is read with the page's bounds and the kinds merged, so no page reads more
/// than four pages' rows.
pub fn participants(
    conn: &mut DbConn,
    event_id: &str,
    pick: &Pick<'_>,
) -> QueryResult<Vec<ParticipantRow>> {
    let bounds = match pick {
        Pick::After(after, limit) => Bounds {
            after: *after,
            one: None,
            limit: *limit,
        },
        Pick::One(id) => Bounds {
            after: None,
            one: Some(*id),
            limit: 1,
        },
    };
    let limit = bounds.limit;
    let mut rows = exhibitors(conn, event_id, bounds)?;
    rows.extend(registered_companies(conn, event_id, bounds)?);
    rows.extend(registered_buyers(conn, event_id, bounds)?);
    rows.extend(registered_candidates(conn, event_id, bounds)?);
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    // A company both exhibiting and registered (not possible today: a trade fair takes no
    // company registrations) would be one participant.
    rows.dedup_by(|a, b| a.id == b.id);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(rows)
}

fn company(id: String, name: String) -> ParticipantRow {
    ParticipantRow {
        id,
        kind: ParticipantKind::Company,
        name,
        account: None,
    }
}

/// What one kind's query reads: up to `limit` after `after`, or the one named.
#[derive(Debug, Clone, Copy)]
struct Bounds<'a> {
    after: Option<&'a str>,
    one: Option<&'a str>,
    limit: i64,
}

/// A participant query within the page's `Bounds`, ordered by `$id`, its participants' id
/// column. (A macro: Diesel's boxed query type differs per join.)
macro_rules! within {
    ($query:expr, $id:expr, $bounds:expr) => {{
        let bounds: Bounds<'_> = $bounds;
        let mut q = $query.order($id.asc()).limit(bounds.limit).into_boxed();
        if let Some(after) = bounds.after {
            q = q.filter($id.gt(after.to_owned()));
        }
        if let Some(one) = bounds.one {
            q = q.filter($id.eq(one.to_owned()));
        }
        q
    }};
}

fn exhibitors(
    conn: &mut DbConn,
    event_id: &str,
    bounds: Bounds<'_>,
) -> QueryResult<Vec<ParticipantRow>> {
    let q = event_exhibitors::table
        .inner_join(companies::table)
        .filter(event_exhibitors::event_id.eq(event_id))
        .select((companies::id, companies::name_en));
    Ok(within!(q, companies::id, bounds)
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, name)| company(id, name))
        .collect())
}

/// Companies registered (and confirmed) for a job fair, seminar or forum.
fn registered_companies(
    conn: &mut DbConn,
    event_id: &str,
    bounds: Bounds<'_>,
) -> QueryResult<Vec<ParticipantRow>> {
    let q = event_registrations::table
        .inner_join(
            companies::table.on(event_registrations::company_id.eq(companies::id.nullable())),
        )
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .select((companies::id, companies::name_en));
    Ok(within!(q, companies::id, bounds)
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, name)| company(id, name))
        .collect())
}

fn registered_buyers(
    conn: &mut DbConn,
    event_id: &str,
    bounds: Bounds<'_>,
) -> QueryResult<Vec<ParticipantRow>> {
    let q = event_registrations::table
        .inner_join(buyers::table.on(event_registrations::buyer_id.eq(buyers::id.nullable())))
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .select((buyers::id, buyers::name));
    Ok(within!(q, buyers::id, bounds)
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, name)| ParticipantRow {
            id,
            kind: ParticipantKind::Buyer,
            name,
            account: None,
        })
        .collect())
}

fn registered_candidates(
    conn: &mut DbConn,
    event_id: &str,
    bounds: Bounds<'_>,
) -> QueryResult<Vec<ParticipantRow>> {
    let q = event_registrations::table
        .inner_join(
            candidates::table.on(event_registrations::candidate_id.eq(candidates::id.nullable())),
        )
        .filter(event_registrations::event_id.eq(event_id))
        .filter(event_registrations::status.eq(RegistrationStatus::Confirmed))
        .select((candidates::id, candidates::full_name, candidates::user_id));
    Ok(within!(q, candidates::id, bounds)
        .load::<(String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, name, account)| ParticipantRow {
            id,
            kind: ParticipantKind::Candidate,
            name,
            account,
        })
        .collect())
}

/// One arrival at an event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_ins)]
pub struct CheckInRow {
    pub event_id: String,
    pub participant_id: String,
    pub participant_kind: ParticipantKind,
    pub checked_in_at: NaiveDateTime,
    pub scanned_at: Option<NaiveDateTime>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// Records an arrival unless one is recorded already; says whether this one was. The
/// primary key (event, participant) makes concurrent scans of one code record one arrival.
pub fn insert_check_in(conn: &mut DbConn, row: &CheckInRow) -> QueryResult<bool> {
    Ok(insert_or_ignore!(conn, check_ins::table, row)? == 1)
}

/// Moves a recorded arrival back to `row`'s time if that is earlier (an offline scan that
/// reached the service after a later one); says whether it did.
pub fn move_check_in_earlier(conn: &mut DbConn, row: &CheckInRow) -> QueryResult<bool> {
    let moved = diesel::update(
        check_ins::table
            .filter(check_ins::event_id.eq(&row.event_id))
            .filter(check_ins::participant_id.eq(&row.participant_id))
            .filter(check_ins::checked_in_at.gt(row.checked_in_at)),
    )
    .set((
        check_ins::checked_in_at.eq(row.checked_in_at),
        check_ins::scanned_at.eq(row.scanned_at),
        check_ins::recorded_by.eq(&row.recorded_by),
        check_ins::recorded_at.eq(row.recorded_at),
    ))
    .execute(conn)?;
    Ok(moved == 1)
}

pub fn find_check_in(
    conn: &mut DbConn,
    event_id: &str,
    participant_id: &str,
) -> QueryResult<CheckInRow> {
    check_ins::table
        .find((event_id, participant_id))
        .select(CheckInRow::as_select())
        .first(conn)
}

/// The arrival times of those of `participant_ids` who arrived at `event_id`.
pub fn arrivals(
    conn: &mut DbConn,
    event_id: &str,
    participant_ids: &[String],
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    check_ins::table
        .filter(check_ins::event_id.eq(event_id))
        .filter(check_ins::participant_id.eq_any(participant_ids))
        .select((check_ins::participant_id, check_ins::checked_in_at))
        .load(conn)
}

/// A slot of the event by id, or the one running at `now`.
pub fn find_slot(
    conn: &mut DbConn,
    event_id: &str,
    slot_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, NaiveDateTime, NaiveDateTime)>> {
    let mut q = event_slots::table
        .filter(event_slots::event_id.eq(event_id))
        .select((
            event_slots::id,
            event_slots::starts_at,
            event_slots::ends_at,
        ))
        .order(event_slots::starts_at.asc())
        .into_boxed();
    q = match slot_id {
        Some(id) => q.filter(event_slots::id.eq(id.to_owned())),
        None => q
            .filter(event_slots::starts_at.le(now))
            .filter(event_slots::ends_at.gt(now)),
    };
    q.first(conn).optional()
}

/// A meeting in the slot the board shows, with both sides' names.
#[derive(Debug, Clone, Queryable)]
pub struct SlotMeetingRow {
    pub id: String,
    pub status: MeetingStatus,
    pub table_id: Option<String>,
    pub company_id: String,
    pub company_name: String,
    pub buyer_id: String,
    pub buyer_name: String,
    pub started_at: Option<NaiveDateTime>,
    /// An online meeting's link (it has no table).
    pub join_url: Option<String>,
}

/// The meetings that hold a place in `slot_id` (scheduled, held or no-show), at a table or
/// online.
pub fn slot_meetings(conn: &mut DbConn, slot_id: &str) -> QueryResult<Vec<SlotMeetingRow>> {
    meetings::table
        .inner_join(companies::table)
        .inner_join(buyers::table)
        .filter(meetings::slot_id.eq(slot_id))
        .filter(meetings::status.eq_any([
            MeetingStatus::Scheduled,
            MeetingStatus::Held,
            MeetingStatus::NoShow,
        ]))
        .select((
            meetings::id,
            meetings::status,
            meetings::table_id,
            meetings::company_id,
            companies::name_en,
            meetings::buyer_id,
            buyers::name,
            meetings::started_at,
            meetings::join_url,
        ))
        .order(meetings::id.asc())
        .load(conn)
}

/// The event's tables, by label.
pub fn tables(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<(String, String)>> {
    event_tables::table
        .filter(event_tables::event_id.eq(event_id))
        .select((event_tables::id, event_tables::label))
        .order((event_tables::label.asc(), event_tables::id.asc()))
        .load(conn)
}
