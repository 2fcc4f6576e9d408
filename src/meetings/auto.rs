//! `POST /events/{id}/schedule`: the auto-scheduler over a fair's accepted requests. This
//! file maps rows to the pure `scheduler` and its answer back to rows; the placing itself
//! is `scheduler::schedule`.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{post, web};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::lifecycle::MeetingStatus;
use super::scheduler::{
    self, BookedMeeting, Interpreter, Limits, PendingMeeting, ScheduleInput, UnscheduledReason,
};
use super::store::{self as meetings_store, MeetingRow};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::parse_id;
use crate::db::schema::{buyers, companies};
use crate::db::{self, decode_list, DbConn};
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::events::EventKind;
use crate::AppState;

/// An interpreter language need: the two languages to bridge, in order.
type Pair = (String, String);

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

fn languages_by_id(rows: Vec<(String, String)>) -> Result<BTreeMap<String, Vec<String>>, ApiError> {
    rows.into_iter()
        .map(|(id, languages)| Ok((id, decode_list(&languages)?)))
        .collect()
}

/// The language pair an interpreter must bridge, if the two sides share no language. A
/// side with no languages on record is taken to need none.
fn interpreter_need(
    company: &[String],
    buyer: &[String],
    offered: &BTreeSet<Pair>,
) -> Option<Pair> {
    if company.is_empty() || buyer.is_empty() || company.iter().any(|l| buyer.contains(l)) {
        return None;
    }
    let all: Vec<Pair> = company
        .iter()
        .flat_map(|c| {
            buyer.iter().map(move |b| {
                if c < b {
                    (c.clone(), b.clone())
                } else {
                    (b.clone(), c.clone())
                }
            })
        })
        .collect();
    all.iter()
        .find(|p| offered.contains(*p))
        .or(all.first())
        .cloned()
}

fn run_scheduler(
    conn: &mut DbConn,
    user: &AuthUser,
    event_id: &str,
) -> Result<ScheduleRun, ApiError> {
    let event = events_store::find_event(conn, event_id)?;
    if event.kind()? != EventKind::TradeFair {
        return Err(ApiError::Conflict(
            "only trade fairs have a meeting timetable".into(),
        ));
    }
    let slots = events_store::list_slots(conn, event_id)?;
    let tables = events_store::list_tables(conn, event_id)?;
    let interpreter_rows = events_store::list_interpreters(conn, event_id)?;
    let requests: Vec<MeetingRow> = meetings_store::accepted_unscheduled(conn, event_id)?;
    let placed = meetings_store::placed(conn, event_id)?;

    let slot_index: BTreeMap<&str, usize> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let table_index: BTreeMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let interpreter_index: BTreeMap<&str, usize> = interpreter_rows
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();

    // Each interpreter bridges every pair of the languages it speaks.
    let mut interpreters = Vec::new();
    let mut offered = BTreeSet::new();
    for row in &interpreter_rows {
        let languages = decode_list(&row.languages)?;
        let mut pairs = Vec::new();
        for (i, a) in languages.iter().enumerate() {
            for b in &languages[i + 1..] {
                let pair = if a < b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                };
                offered.insert(pair.clone());
                pairs.push(pair);
            }
        }
        interpreters.push(Interpreter { languages: pairs });
    }

    let company_ids: Vec<String> = requests.iter().map(|m| m.company_id.clone()).collect();
    let buyer_ids: Vec<String> = requests.iter().map(|m| m.buyer_id.clone()).collect();
    let company_languages = languages_by_id(
        companies::table
            .filter(companies::id.eq_any(company_ids))
            .select((companies::id, companies::languages))
            .load(conn)?,
    )?;
    let buyer_languages = languages_by_id(
        buyers::table
            .filter(buyers::id.eq_any(buyer_ids))
            .select((buyers::id, buyers::languages))
            .load(conn)?,
    )?;
    let none = Vec::new();
    let mut input_requests = Vec::new();
    for m in &requests {
        let needed = decode_list(&m.languages_needed)?;
        let buyer_side = if needed.is_empty() {
            buyer_languages.get(&m.buyer_id).unwrap_or(&none)
        } else {
            &needed
        };
        let company_side = company_languages.get(&m.company_id).unwrap_or(&none);
        input_requests.push(PendingMeeting {
            company: parse_id(&m.company_id)?,
            buyer: parse_id(&m.buyer_id)?,
            language: interpreter_need(company_side, buyer_side, &offered),
        });
    }
    let mut booked = Vec::new();
    for m in &placed {
        let (Some(slot), Some(table)) = (m.slot_id.as_deref(), m.table_id.as_deref()) else {
            continue;
        };
        booked.push(BookedMeeting {
            slot: *slot_index
                .get(slot)
                .ok_or_else(|| ApiError::internal("a meeting's slot is not its event's"))?,
            company: parse_id(&m.company_id)?,
            buyer: parse_id(&m.buyer_id)?,
            table: *table_index
                .get(table)
                .ok_or_else(|| ApiError::internal("a meeting's table is not its event's"))?,
            interpreter: m
                .interpreter_id
                .as_deref()
                .and_then(|i| interpreter_index.get(i).copied()),
        });
    }
    let mut company_unavailable = Vec::new();
    let mut buyer_unavailable = Vec::new();
    for (slot, company, buyer) in events_store::all_blocks(conn, event_id)? {
        let Some(index) = slot_index.get(slot.as_str()).copied() else {
            continue;
        };
        if let Some(company) = company {
            company_unavailable.push((parse_id(&company)?, index));
        }
        if let Some(buyer) = buyer {
            buyer_unavailable.push((parse_id(&buyer)?, index));
        }
    }
    let input = ScheduleInput {
        slot_count: slots.len(),
        table_count: tables.len(),
        interpreters,
        requests: input_requests,
        booked,
        company_unavailable,
        buyer_unavailable,
        limits: Limits {
            max_meetings_per_company: event
                .max_meetings_per_company
                .and_then(|n| u32::try_from(n).ok()),
            max_meetings_per_buyer: event
                .max_meetings_per_buyer
                .and_then(|n| u32::try_from(n).ok()),
        },
    };
    let plan = scheduler::schedule(&input)
        .map_err(|e| ApiError::internal(format!("the timetable is inconsistent: {e:?}")))?;

    let now = db::now();
    let actor = user.id.to_string();
    for assignment in &plan.assignments {
        let meeting = &requests[assignment.request];
        let place = (
            slots[assignment.slot].id.as_str(),
            tables[assignment.table].id.as_str(),
            assignment
                .interpreter
                .map(|i| interpreter_rows[i].id.as_str()),
        );
        meetings_store::set_status(
            conn,
            meeting,
            MeetingStatus::Scheduled,
            Some(place),
            None,
            &actor,
            Some("auto-scheduler"),
            now,
        )
        .map_err(|e| match e {
            // A manual booking from another request or instance took the place between
            // our read and our write; nothing of this run is kept.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => ApiError::Conflict("a place was booked meanwhile; run the scheduler again".into()),
            other => other.into(),
        })?;
        let after = meetings_store::find_meeting(conn, &meeting.id)?;
        audit::Change::new(&actor, "schedule:auto", Entity::Meeting, &meeting.id)
            .before(meeting)
            .after(&after)
            .record(conn)?;
    }
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
            Ok(NotScheduled {
                meeting_id: parse_id(&requests[u.request].id)?,
                reason: u.reason,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(ScheduleRun {
        considered: requests.len(),
        scheduled: plan.assignments.len(),
        unscheduled,
        reasons,
    })
}

/// Place every accepted, unscheduled request of a trade fair into slots, tables and (where
/// company and buyer share no language) interpreters, respecting availability, limits and
/// the meetings already placed (desk). Earlier requests win when not all fit; the same data
/// gives the same timetable; run it again after cancellations to fill freed places.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "What was scheduled, and why the rest was not", body = ScheduleRun),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    let run = db::write(&state.pool, move |conn| run_scheduler(conn, &user, &key)).await?;
    Ok(web::Json(run))
}
