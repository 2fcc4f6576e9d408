//! `POST /events/{id}/schedule`: the auto-scheduler over a fair's accepted requests, first
//! come first served or by both sides' wishes (`by_preference`). The timetable is loaded,
//! placed by the pure `scheduler` and written back (`timetable`); this file says what
//! happened.

use std::collections::BTreeMap;

use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::OptionalJsonBody;
use crate::meetings::by_preference::{self, NotPlacedReason, PreferenceOutcome};
use crate::meetings::scheduler::{Schedule, UnscheduledReason};
use crate::meetings::timetable::{self, Timetable};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct NotScheduled {
    pub meeting_id: Uuid,
    pub reason: UnscheduledReason,
}

/// How the auto-scheduler orders what it places.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleMode {
    /// Accepted requests, oldest first.
    #[default]
    FirstCome,
    /// Accepted requests and the pairs both sides wished for, by the value of their wishes
    /// (mutual `must` first); never a pair with a `no_thanks`.
    Preference,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleOptions {
    /// Default `first_come`.
    pub mode: Option<ScheduleMode>,
    /// Re-plan: the run may also move meetings already scheduled whose slot has not begun
    /// and that have not started, to place more (by preference: more valuable) pairs. Held,
    /// no-show, started and online meetings and those of slots already begun stay. A moved
    /// meeting is told as a move; one that keeps its place hears nothing; none is ever
    /// dropped. Default `false`.
    pub replan: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleRun {
    pub mode: ScheduleMode,
    /// Accepted requests that were waiting for a place.
    pub considered: usize,
    pub scheduled: usize,
    pub unscheduled: Vec<NotScheduled>,
    /// How many could not be placed, by reason.
    pub reasons: BTreeMap<String, usize>,
    /// With `replan`: how many scheduled meetings the run moved to another slot, table or
    /// interpreter, and which.
    pub moved: usize,
    pub moved_meeting_ids: Vec<Uuid>,
    /// With `mode: preference`: what was placed, highest value first, and every pair
    /// (accepted request or both sides' wish) that was not, with why.
    pub by_preference: Option<PreferenceOutcome>,
}

impl ScheduleRun {
    /// What `plan` did with the timetable's requests.
    fn of(timetable: &Timetable, plan: &Schedule, moved: &[String]) -> Result<Self, ApiError> {
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
            mode: ScheduleMode::FirstCome,
            considered: timetable.requests.len(),
            scheduled: plan.assignments.len(),
            unscheduled,
            reasons,
            moved: moved.len(),
            moved_meeting_ids: moved
                .iter()
                .map(|id| parse_id(id))
                .collect::<Result<_, _>>()?,
            by_preference: None,
        })
    }

    /// What the preference run did.
    fn of_preference(outcome: PreferenceOutcome, moved: &[String]) -> Result<Self, ApiError> {
        let mut reasons = BTreeMap::new();
        let mut unscheduled = Vec::new();
        for left_out in &outcome.not_placed {
            let name = serde_json::to_value(left_out.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            *reasons.entry(name).or_insert(0) += 1;
            let scheduler_reason = match left_out.reason {
                NotPlacedReason::CompanyLimitReached => {
                    Some(UnscheduledReason::CompanyLimitReached)
                }
                NotPlacedReason::BuyerLimitReached => Some(UnscheduledReason::BuyerLimitReached),
                NotPlacedReason::NoCommonFreeSlot => Some(UnscheduledReason::NoCommonFreeSlot),
                NotPlacedReason::NoTable => Some(UnscheduledReason::NoTable),
                NotPlacedReason::NoInterpreter => Some(UnscheduledReason::NoInterpreter),
                _ => None,
            };
            if let (Some(meeting_id), Some(reason)) = (left_out.meeting_id, scheduler_reason) {
                unscheduled.push(NotScheduled { meeting_id, reason });
            }
        }
        Ok(ScheduleRun {
            mode: ScheduleMode::Preference,
            considered: outcome.placed.len() + outcome.not_placed.len(),
            scheduled: outcome.placed.len(),
            unscheduled,
            reasons,
            moved: moved.len(),
            moved_meeting_ids: moved
                .iter()
                .map(|id| parse_id(id))
                .collect::<Result<_, _>>()?,
            by_preference: Some(outcome),
        })
    }
}

/// Load the timetable, place what waits, write the places.
fn run_scheduler(
    conn: &mut DbConn,
    actor: Uuid,
    event_id: &str,
    (mode, replan): (ScheduleMode, bool),
) -> Result<ScheduleRun, ApiError> {
    if mode == ScheduleMode::Preference {
        let (_, outcome, moved) = by_preference::run(conn, actor, event_id, replan)?;
        return ScheduleRun::of_preference(outcome, &moved);
    }
    let timetable = timetable::load(conn, event_id, replan)?;
    let plan = timetable.schedule()?;
    let moved = timetable::apply(conn, actor, &timetable, &plan)?;
    ScheduleRun::of(&timetable, &plan, &moved)
}

/// Schedule a trade fair's accepted requests
///
/// Places every accepted, unscheduled request into slots, tables and (where company and buyer
/// share no language) interpreters, respecting availability, limits and the meetings already
/// placed. Earlier requests win when not all fit; the same data gives the same timetable; run
/// it again after cancellations to fill freed places. With `mode: preference` it places the
/// accepted requests and the pairs both sides wished for (each `must` or `want`; their
/// meeting is made when placed) by the value of their wishes — mutual `must` first, then
/// `must` + `want`, then `want` + `want` and requests without wishes — never a pair where
/// either side said `no_thanks`, keeping the meetings already scheduled, and says for every
/// pair it did not place why. With `replan: true` it may also move scheduled meetings
/// that have not begun (never held, no-show, started or online ones, nor those of a slot
/// already begun) to make room — first come or by value, the same rules — writing each
/// changed place as a move (mail, calendar update, webhook) and never dropping one: a
/// meeting that cannot move stays where it is. The desk only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body(content = Option<ScheduleOptions>, description = "Optional: the mode"),
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
    OptionalJsonBody(body): OptionalJsonBody<ScheduleOptions>,
) -> Result<web::Json<ScheduleRun>, ApiError> {
    policy::manage_events(&user)?;
    let key = path.into_inner().to_string();
    let mode = body.mode.unwrap_or_default();
    let replan = body.replan.unwrap_or(false);
    let run = db::write(&state.pool, move |conn| {
        run_scheduler(conn, user.id, &key, (mode, replan))
    })
    .await?;
    Ok(web::Json(run))
}
