//! `GET /events/{id}/standby`: who from a company's standby list could take a slot with
//! it on the fair day (see [`crate::meetings::standby`]).

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::extract::Query;
use crate::meetings::standby::{self, Proposal, Wish};
use crate::meetings::store as meetings_store;
use crate::meetings::BuyerBrief;
use crate::AppState;

/// Which slot and which company.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StandbyQuery {
    /// The slot to fill: one of the event's.
    pub slot_id: Uuid,
    /// The company whose standby list to read.
    pub company_id: Uuid,
}

/// How much the pair wished to meet, best first.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StandbyWish {
    /// Both sides said `must`.
    MutualMust,
    /// One side said `must`.
    Must,
    /// One side or both said `want`.
    Want,
    /// Neither side said anything.
    None,
}

/// A request that could take the slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandbyProposal {
    /// The accepted, unplaced meeting to book with `PUT /meetings/{id}/schedule`.
    pub meeting_id: Uuid,
    pub buyer: BuyerBrief,
    pub wish: StandbyWish,
    /// When the buyer's request was made: the older first among equal wishes.
    pub requested_at: DateTime<Utc>,
    /// A free table of the slot to book it at.
    pub table_id: Uuid,
    /// The free interpreter to book when the pair needs one; `null` when it needs none.
    pub interpreter_id: Option<Uuid>,
    /// Why it fits, as codes: `buyer_free`, `company_free`, `within_limits`,
    /// `no_interpreter_needed` or `interpreter_free`, and the wish (`mutual_must`, `must`,
    /// `want`).
    pub reasons: Vec<String>,
}

/// A company's standby list for one slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandbyList {
    pub event_id: Uuid,
    pub slot_id: Uuid,
    pub company_id: Uuid,
    /// Best wish first, then the oldest request. Empty when the company is busy or
    /// unavailable in the slot, at its limit, or no table is free.
    pub proposals: Vec<StandbyProposal>,
}

/// Get a company's standby proposals for a slot
///
/// On the fair day, when a no-show or a cancellation frees a slot: the company's accepted
/// requests that the timetable could not place and that fit the slot (the buyer free in it
/// and without an availability block, the company free and both within the fair's limits,
/// an interpreter free if the pair needs one), best wish first (mutual must, must, want,
/// none) then the oldest request. Book one with `PUT /meetings/{id}/schedule`. The desk,
/// and the company's own members for its own list.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), StandbyQuery),
    responses(
        (status = 200, description = "The proposals", body = StandbyList),
        (status = 403, description = "Not the desk, nor a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or no such slot of it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/standby")]
pub async fn get_standby(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<StandbyQuery>,
) -> Result<web::Json<StandbyList>, ApiError> {
    policy::see_standby(&user, &query.company_id)?;
    let event_id = path.into_inner();
    let list = db::run(&state.pool, move |conn| {
        let event = events_store::find_event(conn, &event_id.to_string())?;
        let slot = query.slot_id.to_string();
        if !events_store::list_slots(conn, &event.id)?
            .iter()
            .any(|s| s.id == slot)
        {
            return Err(ApiError::NotFound);
        }
        let found = standby::propose(conn, &event, &slot, &query.company_id.to_string())?;
        let proposals = match found.table_id {
            Some(table) => found
                .proposals
                .iter()
                .map(|p| proposal(conn, p, &table))
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        Ok(StandbyList {
            event_id,
            slot_id: query.slot_id,
            company_id: query.company_id,
            proposals,
        })
    })
    .await?;
    Ok(web::Json(list))
}

fn proposal(conn: &mut DbConn, p: &Proposal, table: &str) -> Result<StandbyProposal, ApiError> {
    let detail = meetings_store::find_meeting_detail(conn, &p.meeting.id)?;
    let wish = match p.wish {
        Wish::MutualMust => StandbyWish::MutualMust,
        Wish::Must => StandbyWish::Must,
        Wish::Want => StandbyWish::Want,
        Wish::None => StandbyWish::None,
    };
    let mut reasons: Vec<String> = ["buyer_free", "company_free", "within_limits"]
        .map(str::to_owned)
        .to_vec();
    reasons.push(match p.interpreter_id {
        Some(_) => "interpreter_free".to_owned(),
        None => "no_interpreter_needed".to_owned(),
    });
    match p.wish {
        Wish::MutualMust => reasons.push("mutual_must".to_owned()),
        Wish::Must => reasons.push("must".to_owned()),
        Wish::Want => reasons.push("want".to_owned()),
        Wish::None => {}
    }
    Ok(StandbyProposal {
        meeting_id: parse_id(&p.meeting.id)?,
        buyer: BuyerBrief {
            id: parse_id(&p.meeting.buyer_id)?,
            name: detail.buyer_name,
            country: detail.buyer_country,
        },
        wish,
        requested_at: p.meeting.created_at.and_utc(),
        table_id: parse_id(table)?,
        interpreter_id: p.interpreter_id.as_deref().map(parse_id).transpose()?,
        reasons,
    })
}
