//! Webhooks: events posted to the URLs subscribers registered, signed the Standard Webhooks
//! way (<https://www.standardwebhooks.com>).
//!
//! A change worth publishing calls [`publish`] in its own transaction, beside its mail: one
//! outbox row (`channel = webhook`) per active subscription that takes the event, its
//! `address` the subscription's id and its `payload` the exact body, so every attempt sends
//! the same bytes under the same `webhook-id` (the row's id). The delivery worker claims due
//! rows ([`store::claim_due`]) and posts them ([`send`]), retrying as it retries mail;
//! a `410 Gone` answer disables the subscription. Rows about one object go to one
//! subscription in the order they were written: a row waits while an earlier one to the same
//! subscription about the same object is still unsent.
//!
//! Who receives what: a subscription of an sme member is scoped to its company (the events
//! of its meetings, its approval…), a buyer member's to its organisation, a staff member's
//! to everything.

pub mod api;
pub mod deliver;
pub mod send;
pub mod store;
pub mod target;

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use hmac::{KeyInit, Mac};
use serde::Serialize;

use super::Category;
use crate::db::{self, DbConn};

crate::stored_enum! {
    /// What a webhook tells of; `*` in a subscription takes every type.
    #[schema(as = WebhookEventType)]
    pub enum EventType {
        #[serde(rename = "*")]
        #[strum(serialize = "*")]
        All,
        #[serde(rename = "meeting.requested")]
        #[strum(serialize = "meeting.requested")]
        MeetingRequested,
        #[serde(rename = "meeting.accepted")]
        #[strum(serialize = "meeting.accepted")]
        MeetingAccepted,
        #[serde(rename = "meeting.declined")]
        #[strum(serialize = "meeting.declined")]
        MeetingDeclined,
        #[serde(rename = "meeting.withdrawn")]
        #[strum(serialize = "meeting.withdrawn")]
        MeetingWithdrawn,
        #[serde(rename = "meeting.scheduled")]
        #[strum(serialize = "meeting.scheduled")]
        MeetingScheduled,
        #[serde(rename = "meeting.moved")]
        #[strum(serialize = "meeting.moved")]
        MeetingMoved,
        #[serde(rename = "meeting.cancelled")]
        #[strum(serialize = "meeting.cancelled")]
        MeetingCancelled,
        #[serde(rename = "meeting.held")]
        #[strum(serialize = "meeting.held")]
        MeetingHeld,
        #[serde(rename = "meeting.no_show")]
        #[strum(serialize = "meeting.no_show")]
        MeetingNoShow,
        #[serde(rename = "negotiation.reported")]
        #[strum(serialize = "negotiation.reported")]
        NegotiationReported,
        #[serde(rename = "negotiation.confirmed")]
        #[strum(serialize = "negotiation.confirmed")]
        NegotiationConfirmed,
        #[serde(rename = "negotiation.updated")]
        #[strum(serialize = "negotiation.updated")]
        NegotiationUpdated,
        #[serde(rename = "company.approved")]
        #[strum(serialize = "company.approved")]
        CompanyApproved,
        #[serde(rename = "company.suspended")]
        #[strum(serialize = "company.suspended")]
        CompanySuspended,
        #[serde(rename = "buyer.verified")]
        #[strum(serialize = "buyer.verified")]
        BuyerVerified,
        #[serde(rename = "application.created")]
        #[strum(serialize = "application.created")]
        ApplicationCreated,
        #[serde(rename = "application.updated")]
        #[strum(serialize = "application.updated")]
        ApplicationUpdated,
        #[serde(rename = "registration.created")]
        #[strum(serialize = "registration.created")]
        RegistrationCreated,
    }
}

impl EventType {
    /// The outbox's category of the event's rows.
    pub fn category(self) -> Category {
        use EventType::*;
        match self {
            NegotiationReported | NegotiationConfirmed | NegotiationUpdated => {
                Category::Negotiations
            }
            ApplicationCreated | ApplicationUpdated => Category::Talent,
            RegistrationCreated => Category::Programme,
            CompanyApproved | CompanySuspended | BuyerVerified => Category::Account,
            _ => Category::Meetings,
        }
    }

    /// Whether a subscription to `subscribed` receives this event.
    pub fn is_taken_by(self, subscribed: &[EventType]) -> bool {
        subscribed
            .iter()
            .any(|s| *s == EventType::All || *s == self)
    }
}

/// Whose event it is: the company and the buyer organisation it concerns (a meeting
/// concerns both). Subscriptions of those, and staff subscriptions, receive it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub company_id: Option<&'a str>,
    pub buyer_id: Option<&'a str>,
}

/// The body every subscriber receives: the Standard Webhooks payload shape. `data` is
/// minimal (ids and the new status); receivers fetch details with their own token.
#[derive(Debug, Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    event_type: EventType,
    timestamp: String,
    data: &'a serde_json::Value,
}

/// Writes `event_type` about object `subject_id` for every active subscription of `scope`
/// (and every staff subscription) that takes it, in the caller's transaction.
pub fn publish(
    conn: &mut DbConn,
    event_type: EventType,
    subject_id: &str,
    scope: Scope<'_>,
    data: serde_json::Value,
) -> QueryResult<()> {
    #[cfg(feature = "bench")]
    if super::bench_without_outbox() {
        return Ok(());
    }
    let subscribers = store::subscribers(conn, scope)?;
    let subscribers: Vec<_> = subscribers
        .into_iter()
        .filter(|s| event_type.is_taken_by(&s.event_types))
        .collect();
    if subscribers.is_empty() {
        return Ok(());
    }
    let now = db::now();
    let body = serde_json::to_string(&Body {
        event_type,
        timestamp: now
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        data: &data,
    })
    .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    for subscriber in subscribers {
        store::insert_message(conn, event_type, subject_id, &subscriber.id, &body, now)?;
    }
    Ok(())
}

/// What a meeting's events carry of it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::meetings)]
struct MeetingIds {
    event_id: String,
    company_id: String,
    buyer_id: String,
    /// `buyer`, `company` or `desk`: a subscriber tells a request from a proposal.
    initiated_by: String,
}

/// An event about a meeting (a move, its negotiation): to the subscriptions of its company,
/// of its buyer and of staff, `data` carrying the meeting's ids and who asked for it beside
/// `fields`.
pub fn publish_about_meeting(
    conn: &mut DbConn,
    event_type: EventType,
    meeting_id: &str,
    fields: serde_json::Value,
) -> QueryResult<()> {
    use crate::db::schema::meetings;
    let MeetingIds {
        event_id,
        company_id,
        buyer_id,
        initiated_by,
    } = meetings::table
        .find(meeting_id)
        .select(MeetingIds::as_select())
        .first(conn)?;
    let mut data = serde_json::json!({
        "meeting_id": meeting_id,
        "event_id": event_id,
        "company_id": company_id,
        "buyer_id": buyer_id,
        "initiated_by": initiated_by,
    });
    if let (Some(data), serde_json::Value::Object(fields)) = (data.as_object_mut(), fields) {
        data.extend(fields);
    }
    let scope = Scope {
        company_id: Some(&company_id),
        buyer_id: Some(&buyer_id),
    };
    publish(conn, event_type, meeting_id, scope, data)
}

impl EventType {
    /// The event of a message kind, for the kinds that are events (reminders and account
    /// mails are not).
    pub fn of_kind(kind: super::Kind) -> Option<EventType> {
        use super::Kind;
        Some(match kind {
            Kind::MeetingRequested | Kind::MeetingProposed => EventType::MeetingRequested,
            Kind::MeetingAccepted => EventType::MeetingAccepted,
            Kind::MeetingDeclined => EventType::MeetingDeclined,
            Kind::MeetingWithdrawn => EventType::MeetingWithdrawn,
            Kind::MeetingScheduled => EventType::MeetingScheduled,
            Kind::MeetingMoved => EventType::MeetingMoved,
            Kind::MeetingCancelled => EventType::MeetingCancelled,
            Kind::MeetingHeld => EventType::MeetingHeld,
            Kind::CompanyApproved => EventType::CompanyApproved,
            Kind::CompanySuspended => EventType::CompanySuspended,
            Kind::BuyerVerified => EventType::BuyerVerified,
            _ => return None,
        })
    }
}

/// A new signing secret: `whsec_` and 32 random bytes in base64, as Standard Webhooks
/// libraries read it.
pub fn new_secret() -> String {
    use rand::Rng;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// The `webhook-signature` value of one secret: `v1,` and the base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}` under the secret's decoded bytes.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| format!("the signing secret is not base64: {e}"))?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key)
        .map_err(|e| format!("the signing secret is not a key: {e}"))?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The header of a message signed with the current secret and, during its grace period,
/// the previous one too (space-separated, as the standard allows), so a receiver may switch
/// secrets without losing a message.
pub fn signatures(
    current: &str,
    previous: Option<(&str, NaiveDateTime)>,
    id: &str,
    timestamp: i64,
    body: &str,
    now: NaiveDateTime,
) -> Result<String, String> {
    let mut header = signature(current, id, timestamp, body)?;
    if let Some((previous, until)) = previous {
        if until > now {
            header.push(' ');
            header.push_str(&signature(previous, id, timestamp, body)?);
        }
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn signs_as_the_standard_webhooks_reference_does() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let header = signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one_until_its_grace_ends() {
        let now = db::now();
        let (new, old) = (new_secret(), new_secret());
        let later = now + chrono::TimeDelta::hours(1);
        let both = signatures(&new, Some((&old, later)), "m", 1, "{}", now).unwrap();
        assert_eq!(both.split(' ').count(), 2);
        let one = signatures(&new, Some((&old, now)), "m", 1, "{}", now).unwrap();
        assert_eq!(one, signature(&new, "m", 1, "{}").unwrap());
    }

    #[test]
    fn a_star_takes_every_event() {
        assert!(EventType::MeetingHeld.is_taken_by(&[EventType::All]));
        assert!(EventType::MeetingHeld.is_taken_by(&[EventType::MeetingHeld]));
        assert!(!EventType::MeetingHeld.is_taken_by(&[EventType::MeetingAccepted]));
    }
}
