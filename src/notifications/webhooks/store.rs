//! Subscriptions, their messages in the outbox and the log of delivery attempts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{EventType, Scope};
use crate::db::schema::{outbox, users, webhook_deliveries, webhook_subscriptions};
use crate::db::{self, DbConn};
use crate::i18n::Locale;
use crate::notifications::{Channel, Status};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub owner_id: String,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
    pub url: String,
    pub event_types: String,
    pub description: Option<String>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub disabled_at: Option<NaiveDateTime>,
    pub disabled_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SubscriptionRow {
    pub fn event_types(&self) -> Vec<EventType> {
        decode_event_types(&self.event_types)
    }
}

pub fn encode_event_types(types: &[EventType]) -> String {
    let names: Vec<String> = types.iter().map(|t| t.as_str().to_owned()).collect();
    db::encode_list(&names)
}

/// The stored list; a name this version does not know (written by a later one) is skipped.
pub fn decode_event_types(text: &str) -> Vec<EventType> {
    db::decode_list(text)
        .unwrap_or_default()
        .iter()
        .filter_map(|name| name.parse().ok())
        .collect()
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionInsert {
    pub id: String,
    pub owner_id: String,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
    pub url: String,
    pub event_types: String,
    pub description: Option<String>,
    pub secret: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionUpdate {
    pub url: Option<String>,
    pub event_types: Option<String>,
    pub description: Option<Option<String>>,
    pub disabled_at: Option<Option<NaiveDateTime>>,
    pub disabled_reason: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Whose subscriptions a caller sees: all (staff), a company's or a buyer's.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    Company(String),
    Buyer(String),
}

/// One subscription that takes events of a scope.
pub struct Subscriber {
    pub id: String,
    pub event_types: Vec<EventType>,
}

/// The active subscriptions that receive the events of `scope`: its company's, its buyer's
/// and the staff's (scoped to nobody).
pub fn subscribers(conn: &mut DbConn, scope: Scope<'_>) -> QueryResult<Vec<Subscriber>> {
    let staff = webhook_subscriptions::company_id
        .is_null()
        .and(webhook_subscriptions::buyer_id.is_null());
    let company = webhook_subscriptions::company_id.eq_any(scope.company_id);
    let buyer = webhook_subscriptions::buyer_id.eq_any(scope.buyer_id);
    // A disabled account's subscriptions stop with it: an ERP set up by someone who has left
    // the company (or the desk) no longer receives its events.
    let active_owners = users::table
        .filter(users::disabled_at.is_null())
        .select(users::id);
    let rows: Vec<(String, String)> = webhook_subscriptions::table
        .filter(webhook_subscriptions::disabled_at.is_null())
        .filter(webhook_subscriptions::owner_id.eq_any(active_owners))
        .filter(staff.or(company).or(buyer))
        .order(webhook_subscriptions::id.asc())
        .select((
            webhook_subscriptions::id,
            webhook_subscriptions::event_types,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, types)| Subscriber {
            id,
            event_types: decode_event_types(&types),
        })
        .collect())
}

pub fn insert(conn: &mut DbConn, row: &SubscriptionInsert) -> QueryResult<SubscriptionRow> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(row)
        .execute(conn)?;
    find(conn, &row.id)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<SubscriptionRow> {
    webhook_subscriptions::table
        .find(id)
        .select(SubscriptionRow::as_select())
        .first(conn)
}

pub fn exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(webhook_subscriptions::table.find(id))).get_result(conn)
}

/// The subscription `id` if `visible` covers it (`NotFound` otherwise: others' are not
/// revealed).
pub fn find_visible(
    conn: &mut DbConn,
    id: &str,
    visible: &Visible,
) -> QueryResult<SubscriptionRow> {
    let row = find(conn, id)?;
    let covered = match visible {
        Visible::All => true,
        Visible::Company(company) => row.company_id.as_deref() == Some(company),
        Visible::Buyer(buyer) => row.buyer_id.as_deref() == Some(buyer),
    };
    if covered {
        Ok(row)
    } else {
        Err(diesel::result::Error::NotFound)
    }
}

pub fn list(
    conn: &mut DbConn,
    visible: &Visible,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SubscriptionRow>> {
    let mut query = webhook_subscriptions::table
        .select(SubscriptionRow::as_select())
        .into_boxed();
    match visible {
        Visible::All => {}
        Visible::Company(company) => {
            query = query.filter(webhook_subscriptions::company_id.eq(company.clone()))
        }
        Visible::Buyer(buyer) => {
            query = query.filter(webhook_subscriptions::buyer_id.eq(buyer.clone()))
        }
    }
    if let Some(after) = after {
        query = query.filter(webhook_subscriptions::id.gt(after.to_owned()));
    }
    query
        .order(webhook_subscriptions::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn update(conn: &mut DbConn, id: &str, changes: &SubscriptionUpdate) -> QueryResult<()> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// A new secret; the current one keeps signing until `previous_until`.
pub fn rotate_secret(
    conn: &mut DbConn,
    row: &SubscriptionRow,
    secret: &str,
    previous_until: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(webhook_subscriptions::table.find(&row.id))
        .set((
            webhook_subscriptions::secret.eq(secret),
            webhook_subscriptions::previous_secret.eq(&row.secret),
            webhook_subscriptions::previous_secret_until.eq(previous_until),
            webhook_subscriptions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Disables the subscription (a `410 Gone`, or its owner's choice) and drops what it was
/// still owed.
pub fn disable(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        webhook_subscriptions::table
            .find(id)
            .filter(webhook_subscriptions::disabled_at.is_null()),
    )
    .set((
        webhook_subscriptions::disabled_at.eq(now),
        webhook_subscriptions::disabled_reason.eq(reason),
        webhook_subscriptions::updated_at.eq(now),
    ))
    .execute(conn)?;
    drop_pending(conn, id)?;
    Ok(())
}

/// Drops the messages not sent yet to subscription `id`.
pub fn drop_pending(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::channel.eq(Channel::Webhook))
            .filter(outbox::address.eq(id))
            .filter(outbox::status.eq(Status::Pending)),
    )
    .set(outbox::status.eq(Status::Dropped))
    .execute(conn)
}

/// Deletes the subscription and its delivery log; its messages stay in the outbox
/// (dropped if unsent) as the record of what was published.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    drop_pending(conn, id)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::subscription_id.eq(id)))
        .execute(conn)?;
    diesel::delete(webhook_subscriptions::table.find(id)).execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
struct MessageInsert<'a> {
    id: String,
    channel: Channel,
    kind: EventType,
    category: crate::notifications::Category,
    subject_id: &'a str,
    address: &'a str,
    locale: Locale,
    payload: &'a str,
    status: Status,
    due_at: NaiveDateTime,
    attempts: i32,
    created_at: NaiveDateTime,
}

/// One message to one subscription: an outbox row whose `kind` is the event type, whose
/// `address` is the subscription and whose `payload` is the body as sent.
pub fn insert_message(
    conn: &mut DbConn,
    event_type: EventType,
    subject_id: &str,
    subscription_id: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(&MessageInsert {
            id: db::new_id(),
            channel: Channel::Webhook,
            kind: event_type,
            category: event_type.category(),
            subject_id,
            address: subscription_id,
            // Webhooks have no language; the column needs one.
            locale: Locale::En,
            payload: body,
            status: Status::Pending,
            due_at: now,
            attempts: 0,
            created_at: now,
        })
        .execute(conn)
        .map(|_| ())
}

/// A webhook message of the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct MessageRow {
    pub id: String,
    pub kind: EventType,
    pub subject_id: String,
    /// The subscription.
    pub address: String,
    pub payload: String,
    pub status: Status,
    pub due_at: NaiveDateTime,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

/// Claims up to `limit` due webhook messages for `worker` until `lease_until`, in order per
/// subscription and object (see `db::claim_due_webhooks`).
pub fn claim_due(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<MessageRow>> {
    let waiting = (Channel::Webhook.into(), Status::Pending.into());
    let ids = db::claim_due_webhooks(conn, waiting, now, limit)?;
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
        .select(MessageRow::as_select())
        .load(conn)
}

pub fn find_message(conn: &mut DbConn, id: &str) -> QueryResult<MessageRow> {
    outbox::table
        .find(id)
        .filter(outbox::channel.eq(Channel::Webhook))
        .select(MessageRow::as_select())
        .first(conn)
}

/// A message sent again: due now, its retry period started afresh.
pub fn redeliver(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(Status::Pending),
            outbox::due_at.eq(now),
            outbox::created_at.eq(now),
            outbox::lease_until.eq(None::<NaiveDateTime>),
            outbox::leased_by.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub outbox_id: String,
    pub subscription_id: String,
    pub attempted_at: NaiveDateTime,
    pub status_code: Option<i32>,
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

pub fn insert_delivery(conn: &mut DbConn, row: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A delivery attempt with the event it carried.
pub struct DeliveryWithMessage {
    pub delivery: DeliveryRow,
    pub event_type: EventType,
    pub message_status: Status,
}

/// The attempts of subscription `id` since `since`, oldest first.
pub fn deliveries(
    conn: &mut DbConn,
    subscription_id: &str,
    since: NaiveDateTime,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<DeliveryWithMessage>> {
    let mut query = webhook_deliveries::table
        .inner_join(outbox::table)
        .filter(webhook_deliveries::subscription_id.eq(subscription_id.to_owned()))
        .filter(webhook_deliveries::attempted_at.ge(since))
        .select((DeliveryRow::as_select(), outbox::kind, outbox::status))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(webhook_deliveries::id.gt(after.to_owned()));
    }
    let rows: Vec<(DeliveryRow, EventType, Status)> = query
        .order(webhook_deliveries::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(delivery, event_type, message_status)| DeliveryWithMessage {
                delivery,
                event_type,
                message_status,
            },
        )
        .collect())
}

pub fn find_delivery(
    conn: &mut DbConn,
    subscription_id: &str,
    id: &str,
) -> QueryResult<DeliveryRow> {
    webhook_deliveries::table
        .find(id)
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .select(DeliveryRow::as_select())
        .first(conn)
}

/// Forgets attempts older than `before` (the log keeps 30 days).
pub fn prune_deliveries(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::attempted_at.lt(before)))
        .execute(conn)
}
