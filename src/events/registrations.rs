//! Registrations to events, and attendance as the desk marks it: candidates, companies and
//! buyers at job fairs, seminars and forums; buyer organisations at trade fairs (who comes
//! to a fair, for its exhibitors to see and to wish for; companies take part as exhibitors).
//! whom a registration is for, which events take registrations, and registering. Attendance
//! counts per event feed the public report; a company's own attendance is on its record for
//! the desk. The handlers are in `api/registrations.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::api::registrations::NewRegistration;
use super::store::{
    self as store, EventRow, RegistrationFilter, RegistrationRow, RegistrationWithEvent,
};
use super::{check_in_code, waitlist, EventKind, EventStatus, RegistrationStatus};
use crate::auth::{policy, AuthUser, Role};
use crate::db::parse_id;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::notifications::facts::RegistrationFacts;
use crate::notifications::webhooks;
use crate::notifications::{self, Audience, Facts, Kind};
use serde_json::json;

/// Who a registration is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participant {
    /// A candidate, with its own account if it has one.
    Candidate {
        id: Uuid,
        user_id: Option<Uuid>,
    },
    Company(Uuid),
    Buyer(Uuid),
}

impl Participant {
    /// What the policy needs to know of the participant.
    pub fn registrant(&self) -> policy::Registrant<'_> {
        match self {
            Participant::Candidate { user_id, .. } => policy::Registrant::Candidate {
                user_id: user_id.as_ref(),
            },
            Participant::Company(id) => policy::Registrant::Company(id),
            Participant::Buyer(id) => policy::Registrant::Buyer(id),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_name: String,
    pub event_kind: EventKind,
    pub starts_on: NaiveDate,
    pub candidate_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// `confirmed` (a participant, with a check-in code), `waitlisted` or `cancelled`.
    pub status: RegistrationStatus,
    /// A waitlisted registration's place on the event's waitlist, from 1; `null` otherwise.
    /// Always sent.
    #[schema(required = true)]
    pub waitlist_position: Option<i64>,
    /// When it was cancelled; `null` unless it is. Always sent.
    #[schema(required = true)]
    pub cancelled_at: Option<DateTime<Utc>>,
    pub attended: bool,
    pub attended_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The view of a registration, with its place on the waitlist if it waits.
pub fn view(
    conn: &mut DbConn,
    found: &RegistrationWithEvent,
) -> Result<RegistrationView, ApiError> {
    let (row, event) = (&found.registration, &found.event);
    let id = |v: &Option<String>| v.as_deref().map(parse_id).transpose();
    let waitlist_position = match row.status {
        RegistrationStatus::Waitlisted => {
            Some(store::waitlist_position(conn, &row.event_id, &row.id)?)
        }
        _ => None,
    };
    Ok(RegistrationView {
        id: parse_id(&row.id)?,
        event_id: parse_id(&row.event_id)?,
        event_name: event.name.clone(),
        event_kind: event.kind,
        starts_on: event.starts_on,
        candidate_id: id(&row.candidate_id)?,
        company_id: id(&row.company_id)?,
        buyer_id: id(&row.buyer_id)?,
        status: row.status,
        waitlist_position,
        cancelled_at: row.cancelled_at.map(|t| t.and_utc()),
        attended: row.attended_at.is_some(),
        attended_at: row.attended_at.map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
    })
}

/// The views of `rows`.
pub fn views(
    conn: &mut DbConn,
    rows: &[RegistrationWithEvent],
) -> Result<Vec<RegistrationView>, ApiError> {
    rows.iter().map(|row| view(conn, row)).collect()
}

/// A candidate's registrations, for its own data export.
pub fn of_candidate(
    conn: &mut DbConn,
    candidate_id: &str,
) -> Result<Vec<RegistrationView>, ApiError> {
    let rows = store::list_registrations(
        conn,
        &RegistrationFilter::Candidate(candidate_id.to_owned()),
        None,
    )?;
    views(conn, &rows)
}

/// Whom a registration is for: the one the body names (at most one), or the caller itself.
fn participant(
    conn: &mut DbConn,
    user: &AuthUser,
    body: &NewRegistration,
) -> Result<Participant, ApiError> {
    let named = [body.candidate_id, body.company_id, body.buyer_id]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if named > 1 {
        return Err(ApiError::invalid("body", Msg::NameOneRegistrant));
    }
    if let Some(id) = body.candidate_id {
        let account = store::candidate_account(conn, &id.to_string()).map_err(|e| match e {
            diesel::result::Error::NotFound => ApiError::NotFound,
            e => e.into(),
        })?;
        return Ok(Participant::Candidate {
            id,
            user_id: account.as_deref().map(parse_id).transpose()?,
        });
    }
    if let Some(id) = body.company_id {
        return Ok(Participant::Company(id));
    }
    if let Some(id) = body.buyer_id {
        return Ok(Participant::Buyer(id));
    }
    match (user.role, user.company_id, user.buyer_id) {
        (Role::Sme, Some(company), _) => Ok(Participant::Company(company)),
        (Role::Buyer, _, Some(buyer)) => Ok(Participant::Buyer(buyer)),
        (Role::Candidate, _, _) => {
            let own = store::candidate_of_account(conn, &user.id.to_string())?
                .ok_or(ApiError::Conflict(Msg::ProfileBeforeRegistering))?;
            Ok(Participant::Candidate {
                id: parse_id(&own)?,
                user_id: Some(user.id),
            })
        }
        _ => Err(ApiError::invalid("body", Msg::DeskNamesRegistrant)),
    }
}

/// Trade fairs take buyer organisations' registrations only (companies exhibit); a closed or
/// cancelled event takes none.
pub fn check_takes_registrations(
    kind: EventKind,
    status: EventStatus,
    who: &Participant,
) -> Result<(), ApiError> {
    if kind == EventKind::TradeFair && !matches!(who, Participant::Buyer(_)) {
        return Err(ApiError::Conflict(Msg::FairsNoRegistrations));
    }
    if status.is_over() {
        return Err(ApiError::StateConflict {
            detail: Msg::RegistrationsClosed,
            current_status: status.as_str().to_owned(),
        });
    }
    Ok(())
}

impl Participant {
    /// The id a participant is known by at an event (its check-in code and badge name it):
    /// the candidate's, company's or buyer organisation's own id.
    pub fn id(&self) -> Uuid {
        match self {
            Participant::Candidate { id, .. }
            | Participant::Company(id)
            | Participant::Buyer(id) => *id,
        }
    }
}

/// Registers the participant `body` names (or the caller) for event `event_key`, once:
/// confirmed while the event has a free seat, waitlisted once its confirmed registrations
/// fill its capacity. The event is locked while its seats are counted (see
/// [`store::lock_event`]), so no two registrations take the last seat. The confirmation
/// carries the participant's check-in code, signed with `check_in_key`; a waitlisted
/// registrant is told its place instead.
pub fn register(
    conn: &mut DbConn,
    user: &AuthUser,
    event_key: &str,
    body: &NewRegistration,
    check_in_key: &[u8],
) -> Result<RegistrationView, ApiError> {
    let event = store::lock_event(conn, event_key)?;
    let who = participant(conn, user, body)?;
    if !policy::can_register_for_event(user, who.registrant()) {
        return Err(ApiError::Forbidden(Msg::RegisterYourself));
    }
    check_takes_registrations(event.kind, event.status, &who)?;
    let (candidate_id, company_id, buyer_id) = match &who {
        Participant::Candidate { id, .. } => (Some(id.to_string()), None, None),
        Participant::Company(id) => (None, Some(id.to_string()), None),
        Participant::Buyer(id) => (None, None, Some(id.to_string())),
    };
    let confirmed = store::count_registrations(conn, &event.id, RegistrationStatus::Confirmed)?;
    let row = RegistrationRow {
        id: db::new_id(),
        event_id: event.id.clone(),
        candidate_id,
        company_id,
        buyer_id,
        attended_at: None,
        registered_by: user.id.to_string(),
        created_at: db::now(),
        status: waitlist::status_of_new(event.capacity, confirmed),
        cancelled_at: None,
    };
    store::insert_registration(conn, &row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ApiError::Conflict(Msg::AlreadyRegistered),
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        ) => ApiError::NotFound,
        e => e.into(),
    })?;
    let kind = match row.status {
        RegistrationStatus::Waitlisted => Kind::RegistrationWaitlisted,
        _ => Kind::RegistrationConfirmed,
    };
    tell_registrant(conn, kind, &event, &row, check_in_key)?;
    publish_registration(conn, &row)?;
    view(
        conn,
        &RegistrationWithEvent {
            registration: row,
            event,
        },
    )
}

/// Who a registration row is for, with a candidate's account.
pub fn participant_of(conn: &mut DbConn, row: &RegistrationRow) -> Result<Participant, ApiError> {
    match (&row.candidate_id, &row.company_id, &row.buyer_id) {
        (Some(id), _, _) => Ok(Participant::Candidate {
            id: parse_id(id)?,
            user_id: store::candidate_account(conn, id)?
                .as_deref()
                .map(parse_id)
                .transpose()?,
        }),
        (_, Some(id), _) => Ok(Participant::Company(parse_id(id)?)),
        (_, _, Some(id)) => Ok(Participant::Buyer(parse_id(id)?)),
        _ => Err(ApiError::internal(format!(
            "registration {} names nobody",
            row.id
        ))),
    }
}

/// Tells the registrant of `row` (its company's or organisation's members, or the
/// candidate's account; a candidate without one is not told) of its registration: a
/// confirmed one (`RegistrationConfirmed`, `RegistrationPromoted`) with its check-in code, a
/// waitlisted one with its place.
pub fn tell_registrant(
    conn: &mut DbConn,
    kind: Kind,
    event: &EventRow,
    row: &RegistrationRow,
    check_in_key: &[u8],
) -> Result<(), ApiError> {
    let who = participant_of(conn, row)?;
    let account = match &who {
        Participant::Candidate { user_id, .. } => user_id.map(|id| id.to_string()),
        _ => None,
    };
    let audience = match (&who, &account) {
        (Participant::Company(_), _) => row.company_id.as_deref().map(Audience::CompanyMembers),
        (Participant::Buyer(_), _) => row.buyer_id.as_deref().map(Audience::BuyerMembers),
        (Participant::Candidate { .. }, account) => account.as_deref().map(Audience::Account),
    };
    let Some(audience) = audience else {
        return Ok(());
    };
    let check_in_code = match row.status {
        RegistrationStatus::Confirmed => {
            check_in_code::code(check_in_key, &parse_id(&event.id)?, &who.id())
        }
        _ => None,
    };
    let waitlist_position = match row.status {
        RegistrationStatus::Waitlisted => {
            Some(store::waitlist_position(conn, &row.event_id, &row.id)?)
        }
        _ => None,
    };
    let facts = Facts::Registration(RegistrationFacts {
        registration_id: row.id.clone(),
        event_id: event.id.clone(),
        event_name: event.name.clone(),
        event_city: event.city.clone(),
        starts_on: event.starts_on,
        check_in_code,
        participant_id: Some(who.id().to_string()),
        waitlist_position,
    });
    notifications::tell(conn, kind, &facts, &[audience])?;
    Ok(())
}

/// A new registration's webhook: to the registered company's or buyer's subscriptions and
/// staff's (a candidate has none).
fn publish_registration(conn: &mut DbConn, row: &RegistrationRow) -> Result<(), ApiError> {
    let scope = webhooks::Scope {
        company_id: row.company_id.as_deref(),
        buyer_id: row.buyer_id.as_deref(),
    };
    let data = json!({
        "registration_id": row.id,
        "event_id": row.event_id,
        "company_id": row.company_id,
        "buyer_id": row.buyer_id,
        "candidate_id": row.candidate_id,
        "status": row.status,
    });
    let event = webhooks::EventType::RegistrationCreated;
    Ok(webhooks::publish(conn, event, &row.id, scope, data)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUYER: Participant = Participant::Buyer(Uuid::nil());

    #[test]
    fn a_trade_fair_takes_buyers_registrations_only() {
        for who in [
            Participant::Company(Uuid::nil()),
            Participant::Candidate {
                id: Uuid::nil(),
                user_id: None,
            },
        ] {
            assert!(matches!(
                check_takes_registrations(EventKind::TradeFair, EventStatus::Open, &who),
                Err(ApiError::Conflict(_))
            ));
        }
        assert!(check_takes_registrations(EventKind::TradeFair, EventStatus::Open, &BUYER).is_ok());
    }

    #[test]
    fn a_closed_or_cancelled_event_takes_no_registrations() {
        for status in [EventStatus::Closed, EventStatus::Cancelled] {
            match check_takes_registrations(EventKind::TradeFair, status, &BUYER) {
                Err(ApiError::StateConflict { current_status, .. }) => {
                    assert_eq!(current_status, status.as_str())
                }
                other => panic!("{status:?}: {other:?}"),
            }
            match check_takes_registrations(EventKind::Seminar, status, &BUYER) {
                Err(ApiError::StateConflict { current_status, .. }) => {
                    assert_eq!(current_status, status.as_str())
                }
                other => panic!("{status:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn planned_and_open_job_fairs_seminars_and_forums_take_registrations() {
        for kind in [EventKind::JobFair, EventKind::Seminar, EventKind::Forum] {
            for status in [EventStatus::Planned, EventStatus::Open] {
                let company = Participant::Company(Uuid::nil());
                assert!(
                    check_takes_registrations(kind, status, &company).is_ok(),
                    "{kind:?}"
                );
            }
        }
    }

    #[test]
    fn the_policy_sees_a_candidate_by_its_account() {
        let (id, user_id) = (Uuid::nil(), Uuid::max());
        let candidate = Participant::Candidate {
            id,
            user_id: Some(user_id),
        };
        assert_eq!(
            candidate.registrant(),
            policy::Registrant::Candidate {
                user_id: Some(&user_id)
            }
        );
        assert_eq!(
            Participant::Buyer(id).registrant(),
            policy::Registrant::Buyer(&id)
        );
    }
}
