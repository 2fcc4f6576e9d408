//! `POST /meetings/{id}/held`: the desk marks a meeting held, which opens its negotiation
//! (one negotiation per held meeting, the KPI's unit) and schedules its surveys to both
//! sides, in the same transaction. It lives here, in the highest domain it touches.

use actix_web::{post, web};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, Problem};
use crate::extract::OptionalJsonBody;
use crate::follow_up::surveys::on_held;
use crate::meetings::api::transitions::{transition, TransitionNote};
use crate::meetings::lifecycle::Action;
use crate::meetings::MeetingView;
use crate::AppState;

/// Mark a meeting held
///
/// Opens its negotiation and schedules the +1 day, +3 and +6 months surveys to both
/// sides. The desk only.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = Option<TransitionNote>, description = "Optional note"),
    responses(
        (status = 200, description = "The meeting after the move", body = MeetingView),
        (status = 403, description = "Only the desk marks meetings held", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the meeting's current status (given as current_status)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/held")]
pub async fn mark_meeting_held(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<TransitionNote>,
) -> Result<web::Json<MeetingView>, ApiError> {
    transition(user, state, path, Action::MarkHeld, body, Some(on_held)).await
}
