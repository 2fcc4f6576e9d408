//! The outbox's rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{Category, Channel, Kind, Status};
use crate::db::schema::outbox;
use crate::db::{self, DbConn};
use crate::i18n::Locale;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxInsert {
    pub id: String,
    pub channel: Channel,
    pub kind: Kind,
    pub category: Category,
    pub subject_id: String,
    pub recipient_id: Option<String>,
    pub address: String,
    pub locale: Locale,
    pub payload: String,
    pub status: Status,
    pub due_at: NaiveDateTime,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub channel: Channel,
    pub kind: Kind,
    pub category: Category,
    pub subject_id: String,
    pub recipient_id: Option<String>,
    pub address: String,
    pub locale: Locale,
    pub payload: String,
    pub status: Status,
    pub due_at: NaiveDateTime,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Outbox rows, in one statement.
pub fn insert_all(conn: &mut DbConn, rows: &[OutboxInsert]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::db::insert_all!(conn, outbox::table, rows).map(|_| ())
}

/// Drops the rows of `kinds` about `subject_id` not sent yet.
pub fn drop_pending(conn: &mut DbConn, subject_id: &str, kinds: &[Kind]) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::subject_id.eq(subject_id))
            .filter(outbox::kind.eq_any(kinds))
            .filter(outbox::status.eq_any([Status::Pending, Status::Held])),
    )
    .set(outbox::status.eq(Status::Dropped))
    .execute(conn)
}

/// Claims up to `limit` due e-mail rows for `worker` until `lease_until`: they are the
/// worker's to send until then, and another instance's after, if this one died.
pub fn claim_due(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let waiting = (Channel::Email.into(), Status::Pending.into());
    let ids = db::claim_due_outbox(conn, waiting, now, limit)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::lease_until.eq(lease_until),
            outbox::leased_by.eq(worker),
        ))
        .execute(conn)?;
    outbox::table
        .filter(outbox::id.eq_any(&ids))
        .order((outbox::due_at.asc(), outbox::id.asc()))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// What came of one attempt.
#[derive(Debug, Clone)]
pub enum Outcome {
    Sent,
    /// Try again at the time given.
    Retry {
        at: NaiveDateTime,
        error: String,
    },
    /// The retry period is over.
    Failed {
        error: String,
    },
}

pub fn record_outcome(
    conn: &mut DbConn,
    id: &str,
    outcome: &Outcome,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = outbox::table.find(id);
    let attempts = outbox::attempts + 1;
    let released = (
        outbox::lease_until.eq(None::<NaiveDateTime>),
        outbox::leased_by.eq(None::<String>),
    );
    match outcome {
        Outcome::Sent => diesel::update(row)
            .set((
                outbox::status.eq(Status::Sent),
                outbox::sent_at.eq(now),
                outbox::attempts.eq(attempts),
                outbox::last_error.eq(None::<String>),
                released,
            ))
            .execute(conn),
        Outcome::Retry { at, error } => diesel::update(row)
            .set((
                outbox::due_at.eq(at),
                outbox::attempts.eq(attempts),
                outbox::last_error.eq(error),
                released,
            ))
            .execute(conn),
        Outcome::Failed { error } => diesel::update(row)
            .set((
                outbox::status.eq(Status::Failed),
                outbox::attempts.eq(attempts),
                outbox::last_error.eq(error),
                released,
            ))
            .execute(conn),
    }
    .map(|_| ())
}

/// Gives the leases of `worker` back (it stops before sending them).
pub fn release(conn: &mut DbConn, worker: &str) -> QueryResult<usize> {
    diesel::update(outbox::table.filter(outbox::leased_by.eq(worker)))
        .set((
            outbox::lease_until.eq(None::<NaiveDateTime>),
            outbox::leased_by.eq(None::<String>),
        ))
        .execute(conn)
}

/// Without a mail server: due e-mail waits as `held`.
pub fn hold_due_email(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::channel.eq(Channel::Email))
            .filter(outbox::status.eq(Status::Pending))
            .filter(outbox::due_at.le(now)),
    )
    .set(outbox::status.eq(Status::Held))
    .execute(conn)
}

/// With a mail server: what was held is sent.
pub fn release_held_email(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::channel.eq(Channel::Email))
            .filter(outbox::status.eq(Status::Held)),
    )
    .set(outbox::status.eq(Status::Pending))
    .execute(conn)
}

/// A failed or held message sent again: due now, its retry period started afresh.
pub fn retry_now(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq_any([Status::Failed, Status::Held])),
    )
    .set((
        outbox::status.eq(Status::Pending),
        outbox::due_at.eq(now),
        outbox::created_at.eq(now),
        outbox::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// A mail of the outbox (webhook messages are their subscription's: `webhooks::store`).
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table
        .find(id)
        .filter(outbox::channel.eq(Channel::Email))
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

#[derive(Debug, Default)]
pub struct OutboxFilter {
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    pub subject_id: Option<String>,
    /// Rows after this id (the page cursor); ids are time-ordered, so oldest first.
    pub after: Option<String>,
}

/// Mails of the outbox; webhook messages are listed with their subscription's deliveries.
pub fn list(conn: &mut DbConn, filter: &OutboxFilter, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    let mut query = outbox::table
        .filter(outbox::channel.eq(Channel::Email))
        .select(OutboxRow::as_select())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(outbox::status.eq(status));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(outbox::kind.eq(kind));
    }
    if let Some(subject) = &filter.subject_id {
        query = query.filter(outbox::subject_id.eq(subject.clone()));
    }
    if let Some(after) = &filter.after {
        query = query.filter(outbox::id.gt(after.clone()));
    }
    query.order(outbox::id.asc()).limit(limit).load(conn)
}

/// The backlog by status, and when the oldest due message became due.
pub fn backlog(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Backlog> {
    let counts: Vec<(Status, i64)> = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let oldest_due: Option<NaiveDateTime> = outbox::table
        .filter(outbox::status.eq(Status::Pending))
        .filter(outbox::due_at.le(now))
        .select(diesel::dsl::min(outbox::due_at))
        .first(conn)?;
    Ok(Backlog { counts, oldest_due })
}

#[derive(Debug, Clone)]
pub struct Backlog {
    pub counts: Vec<(Status, i64)>,
    pub oldest_due: Option<NaiveDateTime>,
}
