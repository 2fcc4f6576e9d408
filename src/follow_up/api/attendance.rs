//! `POST /events/{id}/registrations/{registration_id}/attendance`: the desk marks a
//! seminar, forum or job-fair registration attended, which schedules the attendee's
//! questionnaire (+1 day) in the same transaction. It lives here, in the highest domain it
//! touches.

use actix_web::{post, web};
use uuid::Uuid;

use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::events::registrations::{self, RegistrationView};
use crate::events::{store, RegistrationStatus};
use crate::follow_up::surveys;
use crate::i18n::Msg;
use crate::AppState;

/// Mark a registration as attended
///
/// Confirmed registrations only. Schedules the attendee's questionnaire for the day after
/// the event. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("registration_id" = Uuid, Path, description = "Registration id"),
    ),
    responses(
        (status = 200, description = "The registration", body = RegistrationView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration of this event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The registration is waitlisted or cancelled: only confirmed ones attend", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/registrations/{registration_id}/attendance")]
pub async fn mark_attendance(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<RegistrationView>, ApiError> {
    policy::manage_events(&user)?;
    let (event, registration) = path.into_inner();
    let view = db::write(&state.pool, move |conn| {
        let (event_key, key) = (event.to_string(), registration.to_string());
        let row = store::find_registration(conn, &event_key, &key)?.registration;
        if row.status != RegistrationStatus::Confirmed {
            return Err(ApiError::StateConflict {
                detail: Msg::RegistrationNotConfirmed {
                    status: row.status.as_str().to_owned(),
                },
                current_status: row.status.as_str().to_owned(),
            });
        }
        if row.attended_at.is_none() {
            let now = db::now();
            store::mark_attended(conn, &row.id, now)?;
            surveys::schedule_event_feedback(conn, &row, now)?;
        }
        let found = store::find_registration(conn, &event_key, &key)?;
        registrations::view(conn, &found)
    })
    .await?;
    Ok(web::Json(view))
}
