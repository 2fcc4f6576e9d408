//! `PUT /meetings/{id}/schedule`: the desk puts a meeting in a slot at a table, or online
//! with a link, by hand.

use actix_web::{put, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::meetings::placing::{self, Place};
use crate::meetings::venue::{self, MeetingMode};
use crate::meetings::{load_view, meeting_for, MeetingView};
use crate::AppState;

/// Where to put a meeting: in a slot, at a table (`table_id`, on site) or online
/// (`mode: online` with its `join_url`), never both.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchedulePlacement {
    pub slot_id: Uuid,
    /// The event's table, for an on-site meeting.
    pub table_id: Option<Uuid>,
    /// `online` for a meeting by link (with `join_url`); on site (at `table_id`) otherwise.
    pub mode: Option<MeetingMode>,
    /// An online meeting's link: `https`, with a host and no user name or password. Stored
    /// as given and shown to both sides; the service never opens it.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000, example = "https://meet.example.com/abc-defg")]
    pub join_url: Option<String>,
    pub interpreter_id: Option<Uuid>,
}

/// Schedule a meeting
///
/// Puts an accepted meeting (or moves a scheduled one) into a slot at a table, or online
/// with an `https` join link (`mode: online`, `join_url`, no table), with an interpreter if
/// needed. Never two meetings for one company, buyer, table or interpreter in a slot, on
/// site or online: the database refuses it even under concurrent requests. Moving a meeting
/// to a table clears its link. The desk only.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = SchedulePlacement,
    responses(
        (status = 200, description = "Scheduled", body = MeetingView),
        (status = 403, description = "Only the desk schedules", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A clash (named in clashes), a blocked slot, or a status that cannot be scheduled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the slot, table or interpreter is not this event's; neither or both of a table and an online link; a link that is not https, has no host or carries a user name or password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/schedule")]
pub async fn schedule_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SchedulePlacement>,
) -> Result<web::Json<MeetingView>, ApiError> {
    let key = path.into_inner().to_string();
    let venue = venue::venue_of(
        body.table_id.map(|id| id.to_string()),
        body.mode,
        body.join_url,
    )
    .map_err(|(field, msg)| ApiError::invalid(field, msg))?;
    let place = Place {
        slot_id: body.slot_id.to_string(),
        venue,
        interpreter_id: body.interpreter_id.map(|id| id.to_string()),
    };
    let view = db::write(&state.pool, move |conn| {
        let meeting = meeting_for(conn, &user, &key)?;
        placing::schedule_meeting(conn, &user, meeting, &place)?;
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}
