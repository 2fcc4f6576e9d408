//! The rules of a meeting request: who may ask (a buyer for its organisation, a company for
//! itself — a proposal — or the desk for a buyer) and whom, at which event, with which
//! company and capability, within which limits. Pure checks over facts the store loaded,
//! each with its tests, and [`request_meeting`], which loads the facts, checks them in the
//! order the API has always answered them and writes the request.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::OptionalExtension;
use uuid::Uuid;

use super::lifecycle::{Initiator, MeetingStatus};
use super::store::{self as meetings_store, MeetingRow};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, Role};
use crate::buyers::store::find_buyer;
use crate::capabilities::store::find_capability;
use crate::db::{self, encode_list, DbConn};
use crate::error::ApiError;
use crate::events::store as events_store;
use crate::events::{EventKind, EventStatus, Initiators};
use crate::i18n::Msg;

/// What a request asks for, once the buyer organisation it is for is known.
#[derive(Debug, Clone)]
pub struct Ask {
    pub event_id: Uuid,
    pub company_id: Uuid,
    pub buyer_id: Uuid,
    pub capability_id: Option<Uuid>,
    pub message: String,
    pub languages_needed: Vec<String>,
    pub initiated_by: Initiator,
}

/// The two sides of a request and who asks: a buyer for its own organisation (naming the
/// company), a company's member for its own company (naming the buyer: a proposal), or the
/// desk for a buyer (naming both). Returns `(company, buyer, initiator)`.
pub fn parties(
    user: &AuthUser,
    company: Option<Uuid>,
    buyer: Option<Uuid>,
) -> Result<(Uuid, Uuid, Initiator), ApiError> {
    let company_named =
        || company.ok_or_else(|| ApiError::invalid("company_id", Msg::NameTheCompany));
    match user.role {
        Role::Buyer => {
            let own = user.buyer_id.ok_or_else(ApiError::forbidden)?;
            if buyer.is_some_and(|id| id != own) {
                return Err(ApiError::invalid("buyer_id", Msg::BuyerRequestsForOwn));
            }
            Ok((company_named()?, own, Initiator::Buyer))
        }
        Role::Sme => {
            let own = user.company_id.ok_or_else(ApiError::forbidden)?;
            if company.is_some_and(|id| id != own) {
                return Err(ApiError::invalid("company_id", Msg::CompanyProposesForOwn));
            }
            let buyer =
                buyer.ok_or_else(|| ApiError::invalid("buyer_id", Msg::CompanyNamesBuyer))?;
            Ok((own, buyer, Initiator::Company))
        }
        _ if policy::is_desk(user) => {
            let buyer = buyer.ok_or_else(|| ApiError::invalid("buyer_id", Msg::DeskNamesBuyer))?;
            Ok((company_named()?, buyer, Initiator::Desk))
        }
        _ => Err(ApiError::Forbidden(Msg::WhoRequestsMeetings)),
    }
}

/// The event's setting says which sides may ask; the desk always may.
pub fn initiator_allowed(initiators: Initiators, who: Initiator) -> Result<(), ApiError> {
    match who {
        Initiator::Buyer if !initiators.buyers_may() => {
            Err(ApiError::Forbidden(Msg::BuyersDoNotRequest))
        }
        Initiator::Company if !initiators.companies_may() => {
            Err(ApiError::Forbidden(Msg::CompaniesDoNotPropose))
        }
        _ => Ok(()),
    }
}

/// A company proposes to buyers registered for the fair.
pub fn buyer_registered(registered: bool) -> Result<(), ApiError> {
    if registered {
        Ok(())
    } else {
        Err(ApiError::invalid("buyer_id", Msg::NotARegisteredBuyer))
    }
}

/// Meetings are requested at trade fairs, while they are open for requests.
pub fn event_takes_requests(kind: EventKind, status: EventStatus) -> Result<(), ApiError> {
    if kind != EventKind::TradeFair {
        return Err(ApiError::invalid("event_id", Msg::RequestsAtFairs));
    }
    if status != EventStatus::Open {
        return Err(ApiError::StateConflict {
            detail: Msg::NotTakingRequests,
            current_status: status.as_str().to_owned(),
        });
    }
    Ok(())
}

/// Only buyer organisations the desk has verified ask for meetings.
pub fn buyer_is_verified(verified: bool) -> Result<(), ApiError> {
    if verified {
        Ok(())
    } else {
        Err(ApiError::Forbidden(Msg::BuyerNotVerified))
    }
}

/// A buyer meets companies that exhibit at the event.
pub fn company_exhibits(exhibits: bool) -> Result<(), ApiError> {
    if exhibits {
        Ok(())
    } else {
        Err(ApiError::invalid("company_id", Msg::CompanyNotExhibiting))
    }
}

/// What the request's capability is, if it exists.
#[derive(Debug, Clone)]
pub struct CapabilityFacts {
    pub company_id: String,
    pub published: bool,
}

/// The capability a request names is a published one of the company asked.
pub fn capability_fits(found: Option<&CapabilityFacts>, company_id: &str) -> Result<(), ApiError> {
    if found.is_some_and(|c| c.company_id == company_id && c.published) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "capability_id",
            Msg::NotPublishedCapabilityOfCompany,
        ))
    }
}

/// The side of the meeting an event's limit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitOf {
    Buyer,
    Company,
}

/// A participant with as many meetings as the event allows asks for (or is asked for) no
/// more; `active` counts the meetings that count against limits.
pub fn within_limit(limit: i32, active: i64, of: LimitOf) -> Result<(), ApiError> {
    if active < i64::from(limit) {
        return Ok(());
    }
    Err(ApiError::Conflict(match of {
        LimitOf::Buyer => Msg::BuyerMeetingLimit { limit },
        LimitOf::Company => Msg::CompanyMeetingLimit { limit },
    }))
}

/// Checks a request against the event, the buyer, the company, the capability and the
/// limits, in that order, and writes it: accepted at once where the event does not ask
/// companies to accept. Returns the new meeting's id.
pub fn request_meeting(conn: &mut DbConn, actor: Uuid, ask: &Ask) -> Result<String, ApiError> {
    let event_key = ask.event_id.to_string();
    let company_key = ask.company_id.to_string();
    let buyer_key = ask.buyer_id.to_string();
    let event = events_store::find_event(conn, &event_key)?;
    event_takes_requests(event.kind, event.status)?;
    initiator_allowed(event.initiators, ask.initiated_by)?;
    let buyer = find_buyer(conn, &buyer_key).map_err(|e| match e {
        DieselError::NotFound => ApiError::invalid("buyer_id", Msg::NoSuchBuyer),
        other => other.into(),
    })?;
    buyer_is_verified(buyer.verified_at.is_some())?;
    company_exhibits(events_store::is_exhibitor(conn, &event_key, &company_key)?)?;
    if ask.initiated_by == Initiator::Company {
        buyer_registered(events_store::is_registered_buyer(
            conn, &event_key, &buyer_key,
        )?)?;
    }
    if let Some(capability_id) = ask.capability_id {
        let found = find_capability(conn, &capability_id.to_string())
            .optional()?
            .map(|(c, _)| CapabilityFacts {
                published: c.status == crate::capabilities::CapabilityStatus::Published,
                company_id: c.company_id,
            });
        capability_fits(found.as_ref(), &company_key)?;
    }
    if let Some(limit) = event.max_meetings_per_buyer {
        let active = meetings_store::count_active(conn, &event_key, None, Some(&buyer_key))?;
        within_limit(limit, active, LimitOf::Buyer)?;
    }
    if let Some(limit) = event.max_meetings_per_company {
        let active = meetings_store::count_active(conn, &event_key, Some(&company_key), None)?;
        within_limit(limit, active, LimitOf::Company)?;
    }
    // `requires_acceptance` is about companies answering requests; a proposal always
    // waits for the buyer's answer.
    let auto_accept = !event.requires_acceptance && ask.initiated_by != Initiator::Company;
    write_request(conn, actor, ask, !auto_accept)
}

/// Writes a checked request with its first transition (and the automatic acceptance) and
/// audits it.
fn write_request(
    conn: &mut DbConn,
    actor: Uuid,
    ask: &Ask,
    requires_acceptance: bool,
) -> Result<String, ApiError> {
    let now = db::now();
    let actor = actor.to_string();
    let meeting = MeetingRow {
        id: db::new_id(),
        event_id: ask.event_id.to_string(),
        company_id: ask.company_id.to_string(),
        buyer_id: ask.buyer_id.to_string(),
        capability_id: ask.capability_id.map(|id| id.to_string()),
        requested_by: actor.clone(),
        message: ask.message.trim().to_owned(),
        languages_needed: encode_list(&ask.languages_needed),
        status: MeetingStatus::Requested,
        slot_id: None,
        table_id: None,
        interpreter_id: None,
        mode: Default::default(),
        join_url: None,
        held_at: None,
        created_at: now,
        updated_at: now,
        initiated_by: ask.initiated_by,
    };
    meetings_store::insert_meeting(conn, &meeting).map_err(|e| match e {
        // The database keeps one open request per buyer, company and event.
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            ApiError::Conflict(Msg::OpenRequestExists)
        }
        other => other.into(),
    })?;
    let requested = MeetingStatus::Requested;
    meetings_store::record_transition(conn, &meeting.id, None, requested, &actor, None, now)?;
    if !requires_acceptance {
        meetings_store::set_status(
            conn,
            &meeting,
            MeetingStatus::Accepted,
            None,
            None,
            &actor,
            Some("accepted automatically: the event does not ask companies to accept"),
            now,
        )?;
    }
    let after = meetings_store::find_meeting(conn, &meeting.id)?;
    audit::Change::new(actor, "create", Entity::Meeting, &meeting.id)
        .after(&after)
        .record(conn)?;
    Ok(meeting.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::ResponseError;

    fn user(role: Role, buyer_id: Option<Uuid>) -> AuthUser {
        AuthUser {
            id: Uuid::new_v4(),
            role,
            company_id: None,
            buyer_id,
            municipality_id: None,
        }
    }

    fn requesting_buyer(user: &AuthUser, named: Option<Uuid>) -> Result<Uuid, ApiError> {
        parties(user, Some(Uuid::nil()), named).map(|(_, buyer, _)| buyer)
    }

    fn status_of<T: std::fmt::Debug>(result: Result<T, ApiError>) -> StatusCode {
        result.expect_err("refused").status_code()
    }

    #[test]
    fn a_buyer_requests_for_its_own_organisation_only() {
        let own = Uuid::new_v4();
        let buyer = user(Role::Buyer, Some(own));
        assert_eq!(requesting_buyer(&buyer, None).ok(), Some(own));
        assert_eq!(requesting_buyer(&buyer, Some(own)).ok(), Some(own));
        let other = requesting_buyer(&buyer, Some(Uuid::new_v4()));
        assert_eq!(status_of(other), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_buyer_account_without_an_organisation_cannot_request() {
        let lone = user(Role::Buyer, None);
        assert_eq!(
            status_of(requesting_buyer(&lone, None)),
            StatusCode::FORBIDDEN
        );
    }

    #[test]
    fn the_desk_names_the_buyer_it_requests_for() {
        let desk = user(Role::Desk, None);
        let named = Uuid::new_v4();
        assert_eq!(requesting_buyer(&desk, Some(named)).ok(), Some(named));
        let unnamed = requesting_buyer(&desk, None);
        assert_eq!(status_of(unnamed), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_company_proposes_for_itself_to_the_buyer_it_names() {
        let (own, buyer) = (Uuid::new_v4(), Uuid::new_v4());
        let sme = AuthUser {
            company_id: Some(own),
            ..user(Role::Sme, None)
        };
        let proposal = parties(&sme, None, Some(buyer)).ok();
        assert_eq!(proposal, Some((own, buyer, Initiator::Company)));
        let unnamed = parties(&sme, None, None);
        assert_eq!(status_of(unnamed), StatusCode::UNPROCESSABLE_ENTITY);
        let for_another = parties(&sme, Some(Uuid::new_v4()), Some(buyer));
        assert_eq!(status_of(for_another), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn the_event_says_which_sides_may_ask() {
        use Initiator::*;
        assert!(initiator_allowed(Initiators::Both, Company).is_ok());
        assert!(initiator_allowed(Initiators::Buyers, Buyer).is_ok());
        let refused = initiator_allowed(Initiators::Buyers, Company);
        assert_eq!(status_of(refused), StatusCode::FORBIDDEN);
        let refused = initiator_allowed(Initiators::Companies, Buyer);
        assert_eq!(status_of(refused), StatusCode::FORBIDDEN);
        assert!(initiator_allowed(Initiators::Companies, Desk).is_ok());
        assert!(initiator_allowed(Initiators::Buyers, Desk).is_ok());
    }

    #[test]
    fn a_company_proposes_to_registered_buyers_only() {
        assert!(buyer_registered(true).is_ok());
        assert_eq!(
            status_of(buyer_registered(false)),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[test]
    fn reviewers_and_candidates_do_not_request_meetings() {
        for role in [Role::Reviewer, Role::Candidate] {
            let result = requesting_buyer(&user(role, None), Some(Uuid::new_v4()));
            assert_eq!(status_of(result), StatusCode::FORBIDDEN, "{role:?}");
        }
    }

    #[test]
    fn meetings_are_requested_at_open_trade_fairs_only() {
        assert!(event_takes_requests(EventKind::TradeFair, EventStatus::Open).is_ok());
        let closed = event_takes_requests(EventKind::TradeFair, EventStatus::Closed);
        assert_eq!(status_of(closed), StatusCode::CONFLICT);
        let seminar = event_takes_requests(EventKind::Seminar, EventStatus::Open);
        assert_eq!(status_of(seminar), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn an_unverified_buyer_cannot_request() {
        assert!(buyer_is_verified(true).is_ok());
        assert_eq!(status_of(buyer_is_verified(false)), StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_buyer_cannot_request_a_meeting_with_a_company_that_does_not_exhibit() {
        assert!(company_exhibits(true).is_ok());
        let absent = company_exhibits(false);
        assert_eq!(status_of(absent), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn the_capability_must_be_a_published_one_of_the_company() {
        let published = CapabilityFacts {
            company_id: "c1".into(),
            published: true,
        };
        assert!(capability_fits(Some(&published), "c1").is_ok());
        let another_company = capability_fits(Some(&published), "c2");
        assert_eq!(status_of(another_company), StatusCode::UNPROCESSABLE_ENTITY);
        let draft = CapabilityFacts {
            published: false,
            ..published
        };
        let unpublished = capability_fits(Some(&draft), "c1");
        assert_eq!(status_of(unpublished), StatusCode::UNPROCESSABLE_ENTITY);
        let missing = capability_fits(None, "c1");
        assert_eq!(status_of(missing), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_participant_at_the_events_limit_gets_no_further_meeting() {
        assert!(within_limit(3, 2, LimitOf::Buyer).is_ok());
        assert_eq!(
            status_of(within_limit(3, 3, LimitOf::Buyer)),
            StatusCode::CONFLICT
        );
        assert_eq!(
            status_of(within_limit(0, 0, LimitOf::Company)),
            StatusCode::CONFLICT
        );
    }
}
