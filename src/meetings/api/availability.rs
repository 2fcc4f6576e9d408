//! `/events/{id}/availability`: the slots a company or buyer cannot attend.

use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db::parse_id;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::events::store::{self as events_store, Party};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyQuery {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
}

/// Which party an availability request is about, checked against the caller.
fn party_for(
    user: &AuthUser,
    company_id: Option<Uuid>,
    buyer_id: Option<Uuid>,
) -> Result<Party, ApiError> {
    match (company_id, buyer_id) {
        (Some(company), None) => {
            if policy::can_edit_company(user, &company) {
                Ok(Party::Company(company.to_string()))
            } else {
                Err(ApiError::NotFound)
            }
        }
        (None, Some(buyer)) => {
            if policy::can_manage_buyer(user, &buyer) {
                Ok(Party::Buyer(buyer.to_string()))
            } else {
                Err(ApiError::NotFound)
            }
        }
        _ => Err(ApiError::invalid("company_id", Msg::OneOfCompanyBuyer)),
    }
}

/// A company's availability is its municipality's desk's to see and change (404 for a
/// desk scoped to another); buyers are shared.
fn company_in_scope(conn: &mut DbConn, user: &AuthUser, party: &Party) -> Result<(), ApiError> {
    match party {
        Party::Company(id) => crate::companies::check_scope(conn, user, id),
        Party::Buyer(_) => Ok(()),
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    pub company_id: Option<Uuid>,
    pub buyer_id: Option<Uuid>,
    /// The slots the company or buyer cannot attend.
    pub blocked_slot_ids: Vec<Uuid>,
}

/// Get the slots a company or buyer has blocked
///
/// Its members or the desk.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), PartyQuery),
    responses(
        (status = 200, description = "Blocked slots", body = Availability),
        (status = 404, description = "No such event, or not your company or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name exactly one of `company_id` and `buyer_id`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/availability")]
pub async fn get_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<PartyQuery>,
) -> Result<web::Json<Availability>, ApiError> {
    let party = party_for(&user, query.company_id, query.buyer_id)?;
    let key = path.into_inner().to_string();
    let blocked = db::run(&state.pool, move |conn| {
        company_in_scope(conn, &user, &party)?;
        events_store::find_event(conn, &key)?;
        Ok(events_store::blocked_slots(conn, &key, &party)?)
    })
    .await?;
    Ok(web::Json(Availability {
        company_id: query.company_id,
        buyer_id: query.buyer_id,
        blocked_slot_ids: blocked
            .iter()
            .map(|s| parse_id(s))
            .collect::<Result<_, _>>()?,
    }))
}

/// Replace the slots a company or buyer cannot attend
///
/// Slots already holding one of its meetings cannot be blocked. Its members or the desk.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = Availability,
    responses(
        (status = 200, description = "Blocked slots now", body = Availability),
        (status = 404, description = "No such event, or not your company or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slot to block holds one of its meetings", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: name exactly one of `company_id` and `buyer_id`; every blocked slot is one of this event's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/events/{id}/availability")]
pub async fn set_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<Availability>,
) -> Result<web::Json<Availability>, ApiError> {
    let party = party_for(&user, body.company_id, body.buyer_id)?;
    let key = path.into_inner().to_string();
    let mut wanted: Vec<String> = body.blocked_slot_ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let saved = wanted.clone();
    db::write(&state.pool, move |conn| {
        company_in_scope(conn, &user, &party)?;
        events_store::find_event(conn, &key)?;
        let slots: Vec<String> = events_store::list_slots(conn, &key)?
            .into_iter()
            .map(|s| s.id)
            .collect();
        if let Some(stranger) = saved.iter().find(|s| !slots.contains(s)) {
            return Err(ApiError::invalid(
                "blocked_slot_ids",
                Msg::NotSlotOfEvent {
                    slot: stranger.to_string(),
                },
            ));
        }
        let booked = booked_slots(conn, &key, &party)?;
        if let Some(slot) = saved.iter().find(|s| booked.contains(s)) {
            return Err(ApiError::Conflict(Msg::SlotHoldsMeeting {
                slot: slot.to_string(),
            }));
        }
        Ok(events_store::replace_blocks(conn, &key, &party, &saved)?)
    })
    .await?;
    Ok(web::Json(Availability {
        company_id: body.company_id,
        buyer_id: body.buyer_id,
        blocked_slot_ids: wanted
            .iter()
            .map(|s| parse_id(s))
            .collect::<Result<_, _>>()?,
    }))
}

fn booked_slots(conn: &mut DbConn, event_id: &str, party: &Party) -> Result<Vec<String>, ApiError> {
    let placed = crate::meetings::store::placed(conn, event_id)?;
    Ok(placed
        .into_iter()
        .filter(|m| match party {
            Party::Company(id) => &m.company_id == id,
            Party::Buyer(id) => &m.buyer_id == id,
        })
        .filter_map(|m| m.slot_id)
        .collect())
}
