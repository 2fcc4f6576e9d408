//! `POST /meetings/{id}/start`: the desk notes that a scheduled meeting has begun. Both
//! sides' check-ins during the slot start it too (`fair_day::scan`).

use actix_web::{post, web};
use uuid::Uuid;

use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::i18n::Msg;
use crate::meetings::lifecycle::MeetingStatus;
use crate::meetings::store as meetings_store;
use crate::meetings::{load_view, meeting_for, MeetingView};
use crate::AppState;

/// Start a meeting
///
/// Marks a scheduled meeting as begun now (`started_at`). Once started it stays so: a
/// second start answers the meeting with its first time. The desk only.
#[utoipa::path(
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "Started (now or before)", body = MeetingView),
        (status = 403, description = "Only the desk starts meetings", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is not scheduled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/start")]
pub async fn start_meeting(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<MeetingView>, ApiError> {
    policy::start_meeting(&user)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (meeting, _) = meeting_for(conn, &user, &key)?;
        if meeting.status != MeetingStatus::Scheduled {
            return Err(ApiError::StateConflict {
                detail: Msg::MeetingNotStartable {
                    status: meeting.status.as_str().to_owned(),
                },
                current_status: meeting.status.as_str().to_owned(),
            });
        }
        if meetings_store::start(conn, &key, db::now())? {
            let after = meetings_store::find_meeting(conn, &key)?;
            audit::Change::new(user.id, "start", Entity::Meeting, &key)
                .before(&meeting)
                .after(&after)
                .record(conn)?;
        }
        load_view(conn, &key)
    })
    .await?;
    Ok(web::Json(view))
}
