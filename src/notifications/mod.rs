//! Notifications: what the service tells people, and how it gets to them.
//!
//! A change worth telling calls [`tell`] inside its own transaction: the message's rows are
//! written into the `outbox` table beside the change, one per recipient, in the recipient's
//! language, so a change rolled back leaves no message and a committed change always has its
//! message. The delivery worker ([`worker`]) claims due rows, renders them ([`mail`]) and sends
//! them over SMTP; without a mail server configured they stay in the outbox as `held`.
//! Reminders are rows due later ([`remind`]); moving or cancelling their meeting drops them.
//!
//! ```text
//! change ─┬─ its rows (same transaction) ─ outbox ─ worker ─ SMTP
//!         └─ audit entry
//! ```

pub mod api;
pub mod facts;
pub mod mail;
pub mod preferences;
pub mod store;
pub mod survey_links;
pub mod webhooks;
pub mod worker;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{notification_preferences, users};
use crate::db::{self, DbConn};
use crate::i18n::Locale;

pub use facts::Facts;

crate::stored_enum! {
    /// What a message tells of. Its name is the event type webhooks will carry.
    #[schema(as = NotificationKind)]
    pub enum Kind {
        #[serde(rename = "meeting.requested")]
        #[strum(serialize = "meeting.requested")]
        MeetingRequested,
        /// A company proposed a meeting: the buyer's members are told (webhooks carry it as
        /// `meeting.requested`).
        #[serde(rename = "meeting.proposed")]
        #[strum(serialize = "meeting.proposed")]
        MeetingProposed,
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
        /// 24 hours before a scheduled meeting's slot.
        #[serde(rename = "meeting.reminder_day")]
        #[strum(serialize = "meeting.reminder_day")]
        MeetingReminderDay,
        /// One hour before a scheduled meeting's slot.
        #[serde(rename = "meeting.reminder_hour")]
        #[strum(serialize = "meeting.reminder_hour")]
        MeetingReminderHour,
        #[serde(rename = "company.approved")]
        #[strum(serialize = "company.approved")]
        CompanyApproved,
        #[serde(rename = "company.suspended")]
        #[strum(serialize = "company.suspended")]
        CompanySuspended,
        #[serde(rename = "buyer.verified")]
        #[strum(serialize = "buyer.verified")]
        BuyerVerified,
        /// A buyer organisation the desk imported, to its contact's address (`invite=true`).
        #[serde(rename = "buyer.invited")]
        #[strum(serialize = "buyer.invited")]
        BuyerInvited,
        #[serde(rename = "account.password_changed")]
        #[strum(serialize = "account.password_changed")]
        PasswordChanged,
        #[serde(rename = "account.staff_created")]
        #[strum(serialize = "account.staff_created")]
        StaffAccountCreated,
        /// One side reported an outcome: the other side is told.
        #[serde(rename = "negotiation.reported")]
        #[strum(serialize = "negotiation.reported")]
        NegotiationReported,
        /// One side reported an outcome: the desk is asked to confirm one report.
        #[serde(rename = "negotiation.to_confirm")]
        #[strum(serialize = "negotiation.to_confirm")]
        NegotiationToConfirm,
        /// The desk confirmed a report: both sides are told.
        #[serde(rename = "negotiation.confirmed")]
        #[strum(serialize = "negotiation.confirmed")]
        NegotiationConfirmed,
        /// A candidate applied to a company's posting: the company is told.
        #[serde(rename = "application.created")]
        #[strum(serialize = "application.created")]
        ApplicationReceived,
        /// An application moved: the candidate is told (the company, when the candidate withdrew).
        #[serde(rename = "application.updated")]
        #[strum(serialize = "application.updated")]
        ApplicationUpdated,
        /// A registration for a seminar, forum or job fair.
        #[serde(rename = "registration.created")]
        #[strum(serialize = "registration.created")]
        RegistrationConfirmed,
        /// A registration for a full seminar, forum or job fair: on the waitlist, with its place.
        #[serde(rename = "registration.waitlisted")]
        #[strum(serialize = "registration.waitlisted")]
        RegistrationWaitlisted,
        /// A seat freed and the oldest waitlisted registration took it: now confirmed, with its
        /// check-in code.
        #[serde(rename = "registration.promoted")]
        #[strum(serialize = "registration.promoted")]
        RegistrationPromoted,
        /// The day after a held meeting: how did it go (each side).
        #[serde(rename = "survey.meeting_feedback")]
        #[strum(serialize = "survey.meeting_feedback")]
        SurveyMeetingFeedback,
        /// Three months after a held meeting: the outcome so far (each side).
        #[serde(rename = "survey.outcome_3m")]
        #[strum(serialize = "survey.outcome_3m")]
        SurveyOutcome3m,
        /// Six months after: the outcome, unless that side already answered won or lost.
        #[serde(rename = "survey.outcome_6m")]
        #[strum(serialize = "survey.outcome_6m")]
        SurveyOutcome6m,
        /// The day after a seminar, forum or job fair: its attendees' questionnaire.
        #[serde(rename = "survey.event_feedback")]
        #[strum(serialize = "survey.event_feedback")]
        SurveyEventFeedback,
        /// The desk published a research brief: the members of every company that follows one
        /// of its technology tags or capability categories are told.
        #[serde(rename = "brief.published")]
        #[strum(serialize = "brief.published")]
        BriefPublished,
    }
}

impl Kind {
    /// A survey's mail, which carries a personal link minted when it is sent.
    pub fn is_survey(self) -> bool {
        use Kind::*;
        matches!(
            self,
            SurveyMeetingFeedback | SurveyOutcome3m | SurveyOutcome6m | SurveyEventFeedback
        )
    }

    pub fn category(self) -> Category {
        use Kind::*;
        match self {
            MeetingRequested | MeetingProposed | MeetingAccepted | MeetingDeclined
            | MeetingWithdrawn | MeetingScheduled | MeetingMoved | MeetingCancelled
            | MeetingHeld => Category::Meetings,
            MeetingReminderDay | MeetingReminderHour => Category::Reminders,
            CompanyApproved | CompanySuspended | BuyerVerified | BuyerInvited | PasswordChanged
            | StaffAccountCreated => Category::Account,
            // A meeting's surveys ask for what its negotiation became: whoever turned off
            // negotiation mail is not surveyed either; an event's questionnaire is programme
            // mail, like its registration.
            NegotiationReported
            | NegotiationToConfirm
            | NegotiationConfirmed
            | SurveyMeetingFeedback
            | SurveyOutcome3m
            | SurveyOutcome6m => Category::Negotiations,
            ApplicationReceived | ApplicationUpdated => Category::Talent,
            RegistrationConfirmed
            | RegistrationWaitlisted
            | RegistrationPromoted
            | SurveyEventFeedback
            | BriefPublished => Category::Programme,
        }
    }
}

crate::stored_enum! {
    /// What a recipient may turn off, per category; `account` (approval, verification, password,
    /// a new staff account) is always sent.
    #[schema(as = NotificationCategory)]
    pub enum Category {
        Meetings,
        Reminders,
        Negotiations,
        Talent,
        Programme,
        Account,
    }
}

crate::stored_enum! {
    /// Where a message is in its delivery.
    #[schema(as = NotificationStatus)]
    pub enum Status {
        /// Waiting for its due time or for the worker.
        Pending,
        /// Kept because no mail server is configured (`SMTP_URL`); sent once one is.
        Held,
        Sent,
        /// Given up after the retry period (`DELIVERY_GIVE_UP_HOURS`); an admin may retry it.
        Failed,
        /// A reminder whose meeting moved or was cancelled before it was due.
        Dropped,
    }
}

crate::stored_enum! {
    #[schema(as = NotificationChannel)]
    pub enum Channel {
        Email,
        Webhook,
    }
}

/// Who is told.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// Every active member of a company (its `sme` accounts).
    CompanyMembers(&'a str),
    /// Every active member of a buyer organisation.
    BuyerMembers(&'a str),
    /// One account.
    Account(&'a str),
    /// Every active desk account: the programme's own staff, told what waits for them.
    Desk,
    /// Someone without an account, by address and language: the interpreter of a meeting.
    /// Told of what concerns them only (reminders), so no preference applies and their mail
    /// has no unsubscribe link.
    Contact { email: &'a str, locale: Locale },
}

/// One account a message goes to.
#[derive(Debug, Clone, Queryable)]
pub struct Recipient {
    pub user_id: String,
    pub email: String,
    pub locale: Locale,
}

/// The active accounts of `audience` that have not turned `category` off, in one query.
fn recipients(
    conn: &mut DbConn,
    audience: Audience<'_>,
    category: Category,
) -> QueryResult<Vec<Recipient>> {
    let mut active = users::table
        .filter(users::disabled_at.is_null())
        .select((users::id, users::email, users::locale))
        .order(users::created_at.asc())
        .into_boxed();
    if category.optional() {
        active = active.filter(diesel::dsl::not(diesel::dsl::exists(
            notification_preferences::table
                .filter(notification_preferences::user_id.eq(users::id))
                .filter(notification_preferences::category.eq(category))
                .filter(notification_preferences::email.eq(false)),
        )));
    }
    match audience {
        Audience::CompanyMembers(company) => active
            .filter(users::company_id.eq(company))
            .filter(users::role.eq(crate::auth::Role::Sme))
            .load(conn),
        Audience::BuyerMembers(buyer) => active
            .filter(users::buyer_id.eq(buyer))
            .filter(users::role.eq(crate::auth::Role::Buyer))
            .load(conn),
        Audience::Account(user) => active.filter(users::id.eq(user)).load(conn),
        Audience::Desk => active
            .filter(users::role.eq(crate::auth::Role::Desk))
            .load(conn),
        Audience::Contact { .. } => Ok(Vec::new()),
    }
}

/// Writes the message `kind` about `facts` to everyone in `audiences`, due now, in the
/// caller's transaction. An account in two audiences is told once.
pub fn tell(
    conn: &mut DbConn,
    kind: Kind,
    facts: &Facts,
    audiences: &[Audience<'_>],
) -> QueryResult<()> {
    tell_at(conn, kind, facts, audiences, db::now())
}

/// As [`tell`], due at `due_at` (a reminder).
pub fn tell_at(
    conn: &mut DbConn,
    kind: Kind,
    facts: &Facts,
    audiences: &[Audience<'_>],
    due_at: NaiveDateTime,
) -> QueryResult<()> {
    let to = addressees(conn, kind.category(), audiences)?;
    tell_all(conn, &[(kind, facts, due_at)], &to)
}

/// Who a message of `category` to `audiences` goes to: accounts in the order of the
/// audiences, each once, less those who turned the category off; then the contacts without
/// an account, each address once. Resolved once, it serves several messages ([`tell_all`]).
pub fn addressees(
    conn: &mut DbConn,
    category: Category,
    audiences: &[Audience<'_>],
) -> QueryResult<Vec<Addressee>> {
    let mut to = Vec::new();
    let mut told = std::collections::HashSet::new();
    for audience in audiences {
        if let Audience::Contact { email, locale } = *audience {
            if told.insert(email.to_owned()) {
                to.push(Addressee {
                    user_id: None,
                    address: email.to_owned(),
                    locale,
                });
            }
            continue;
        }
        for recipient in recipients(conn, *audience, category)? {
            if told.insert(recipient.user_id.clone()) {
                to.push(Addressee {
                    user_id: Some(recipient.user_id),
                    address: recipient.email,
                    locale: recipient.locale,
                });
            }
        }
    }
    Ok(to)
}

/// One address a message goes to: an account's, or a contact's without an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub user_id: Option<String>,
    pub address: String,
    pub locale: Locale,
}

/// Writes each of `messages` (kind, facts, due time) to every one of `to`, in one insert, in
/// the caller's transaction.
pub fn tell_all(
    conn: &mut DbConn,
    messages: &[(Kind, &Facts, NaiveDateTime)],
    to: &[Addressee],
) -> QueryResult<()> {
    #[cfg(feature = "bench")]
    if bench_without_outbox() {
        return Ok(());
    }
    let now = db::now();
    let mut rows = Vec::with_capacity(messages.len() * to.len());
    for &(kind, facts, due_at) in messages {
        let payload = serde_json::to_string(facts)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        for addressee in to {
            rows.push(store::OutboxInsert {
                id: db::new_id(),
                channel: Channel::Email,
                kind,
                category: kind.category(),
                subject_id: facts.subject_id().to_owned(),
                recipient_id: addressee.user_id.clone(),
                address: addressee.address.clone(),
                locale: addressee.locale,
                payload: payload.clone(),
                status: Status::Pending,
                due_at,
                attempts: 0,
                created_at: now,
            });
        }
    }
    store::insert_all(conn, &rows)
}

/// `bench/delivery` states what writing the outbox adds to `POST /meetings`: a service built
/// with the `bench` feature and started with `BENCH_WITHOUT_OUTBOX=1` writes neither mail nor
/// webhook messages, so the same requests can be timed with and without them. Not in a
/// production build.
#[cfg(feature = "bench")]
pub fn bench_without_outbox() -> bool {
    static WITHOUT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WITHOUT.get_or_init(|| std::env::var_os("BENCH_WITHOUT_OUTBOX").is_some())
}

/// Reminders of a scheduled meeting: 24 hours and 1 hour before its slot, to both sides (and
/// to its interpreter, when the desk gave them an address).
/// A reminder whose time has already passed when the meeting is scheduled is not written.
pub mod remind {
    use super::*;

    /// How long before the slot each reminder is due.
    pub const BEFORE: [(Kind, i64); 2] = [
        (Kind::MeetingReminderDay, 24 * 60),
        (Kind::MeetingReminderHour, 60),
    ];

    pub fn schedule(
        conn: &mut DbConn,
        facts: &Facts,
        slot_starts_at: NaiveDateTime,
        audiences: &[Audience<'_>],
    ) -> QueryResult<()> {
        let now = db::now();
        for (kind, minutes) in BEFORE {
            let due = slot_starts_at - chrono::TimeDelta::minutes(minutes);
            if due > now {
                tell_at(conn, kind, facts, audiences, due)?;
            }
        }
        Ok(())
    }

    /// Drops the reminders of `subject_id` not sent yet (its meeting moved or was cancelled).
    pub fn drop_pending(conn: &mut DbConn, subject_id: &str) -> QueryResult<usize> {
        store::drop_pending(
            conn,
            subject_id,
            &[Kind::MeetingReminderDay, Kind::MeetingReminderHour],
        )
    }
}
