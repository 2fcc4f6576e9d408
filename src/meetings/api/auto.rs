//! `POST /events/{id}/schedule`: the auto-scheduler over a fair's accepted requests. The
//! timetable is loaded, placed by the pure `scheduler` and written back (`timetable`); this
//! file says what happened.

use std::collections::BTreeMap;

use actix_web::{post, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::meetings::scheduler::{Schedule, UnscheduledReason};
use crate::meetings::timetable::{self, Timetable};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct NotScheduled {
    pub meeting_id: Uuid,
    pub reason: UnscheduledReason,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRun {
    /// Accepted requests that were waiting for a place.
    pub considered: usize,
    pub scheduled: usize,
    pub unscheduled: Vec<NotScheduled>,
    /// How many could not be placed, by reason.
    pub reasons: BTreeMap<String, usize>,
}

impl ScheduleRun {
    /// What `plan` did with the timetable's requests.
    fn of(timetable: &Timetable, plan: &Schedule) -> Result<Self, ApiError> {
        let mut reasons = BTreeMap::new();
        let unscheduled = plan
            .unscheduled
            .iter()
            .map(|u| {
                let name = serde_json::to_value(u.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                *reasons.entry(name).or_insert(0) += 1;
                let meeting = timetable.requests.get(u.request).ok_or_else(|| {
                    ApiError::internal("the scheduler left out an unknown request")
                })?;
                Ok(NotScheduled {
                    meeting_id: parse_id(&meeting.id)?,
                    reason: u.reason,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(ScheduleRun {
            considered: timetable.requests.len(),
            scheduled: plan.assignments.len(),
            unscheduled,
            reasons,
        })
    }
}

/// Load the timetable, place what waits, write the places.
fn run_scheduler(conn: &mut DbConn, actor: Uuid, event_id: &str) -> Result<ScheduleRun, ApiError> {
    let timetable = timetable::load(conn, event_id)?;
    let plan = timetable.schedule()?;
    timetable::apply(conn, actor, &timetable, &plan)?;
    ScheduleRun::of(&timetable, &plan)
}

/// Schedule a trade fair's accepted requests
///
/// Places every accepted, unscheduled request into slots, tables and (where company and buyer
/// share no language) interpreters, respecting availability, limits and the meetings already
/// placed. Earlier requests win when not all fit; the same data gives the same timetable; run
/// it again after cancellations to fill freed places. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "What was scheduled, and why the rest was not", body = ScheduleRun),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a trade fair, or a concurrent booking took a place (run again)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/schedule")]
pub async fn auto_schedule(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<ScheduleRun>, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let run = db::write(&state.pool, move |conn| run_scheduler(conn, user.id, &key)).await?;
    Ok(web::Json(run))
}
