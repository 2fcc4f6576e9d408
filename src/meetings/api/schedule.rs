//! `PUT /meetings/{id}/schedule`: the desk puts a meeting in a slot at a table by hand.

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
use crate::meetings::{load_view, meeting_for, MeetingView};
use crate::AppState;

/// Where to put a meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchedulePlacement {
    pub slot_id: Uuid,
    pub table_id: Uuid,
    pub interpreter_id: Option<Uuid>,
}

/// Schedule a meeting
///
/// Puts an accepted meeting (or moves a scheduled one) into a slot at a table, with an
/// interpreter if needed. Never two meetings for one company, buyer, table or interpreter in a
/// slot: the database refuses it even under concurrent requests. The desk only.
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
        (status = 422, description = "The slot, table or interpreter is not this event's", body = Problem, content_type = "application/problem+json"),
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
    let place = Place {
        slot_id: body.slot_id.to_string(),
        table_id: body.table_id.to_string(),
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
