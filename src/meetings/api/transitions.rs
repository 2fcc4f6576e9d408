//! `/meetings/{id}/{accept,decline,withdraw,cancel,no-show}`: the lifecycle's moves, one
//! handler each, all through [`transition`]. `held` opens the meeting's negotiation too, so
//! its handler is the negotiations domain's (`negotiations::api::held`).

use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::OptionalJsonBody;
use crate::meetings::lifecycle::Action;
use crate::meetings::transition::{self as lifecycle_move, OnHeld};
use crate::meetings::{load_view, meeting_for, MeetingView};
use crate::AppState;

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionNote {
    /// Why, kept with the transition.
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// Takes `action` on the meeting for the caller, answering the meeting after the move.
pub(crate) async fn transition(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    action: Action,
    body: TransitionNote,
    on_held: Option<OnHeld>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let meeting = meeting_for(conn, &user, &key)?;
        lifecycle_move::transition(
            conn,
            user.id,
            meeting,
            action,
            body.note.as_deref(),
            on_held,
        )?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}

/// Accept a meeting request
///
/// The side asked: the company's members for a buyer's or the desk's request, the buyer's
/// members for a company's proposal; or the desk.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Only the side asked or the desk accepts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/accept")]
pub async fn accept_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::Accept, body, None).await
}

/// Decline a meeting request
///
/// The side asked: the company's members for a buyer's or the desk's request, the buyer's
/// members for a company's proposal; or the desk.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Only the side asked or the desk declines", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/decline")]
pub async fn decline_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::Decline, body, None).await
}

/// Withdraw a meeting request
///
/// The side that asked: the buyer's members (for the desk's requests on their behalf too),
/// the company's members for its proposal; or the desk.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Only the side that asked or the desk withdraws", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/withdraw")]
pub async fn withdraw_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::Withdraw, body, None).await
}

/// Cancel a meeting
///
/// An accepted or scheduled meeting; its slot is freed. Either side, or the desk.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Reviewers cannot cancel", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/cancel")]
pub async fn cancel_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::Cancel, body, None).await
}

/// Mark a meeting as a no-show
///
/// A scheduled meeting. The desk only.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Only the desk marks no-shows", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/no-show")]
pub async fn mark_meeting_no_show(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::MarkNoShow, body, None).await
}
