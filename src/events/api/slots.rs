//! `/events/{id}/slots`: a trade fair's meeting slots, cut from day windows in the event's time zone.

use actix_web::{get, post, web, HttpResponse};
use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::load_event;
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::db::parse_id;
use crate::error::{ApiError, Problem};
use crate::events::slots::{self, Break, DayWindow};
use crate::events::store::{self as events_store, SlotRow};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::AppState;

/// A meeting slot, in UTC and on the event's wall clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotView {
    pub id: Uuid,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// Local time at the venue, e.g. `2026-12-01T10:00:00+07:00`.
    pub local_start: String,
    pub local_end: String,
}

fn slot_view(slot: &SlotRow, zone: chrono_tz::Tz) -> Result<SlotView, ApiError> {
    let starts_at = slot.starts_at.and_utc();
    let ends_at = slot.ends_at.and_utc();
    Ok(SlotView {
        id: parse_id(&slot.id)?,
        starts_at,
        ends_at,
        local_start: starts_at.with_timezone(&zone).to_rfc3339(),
        local_end: ends_at.with_timezone(&zone).to_rfc3339(),
    })
}

/// List a trade fair's slots
///
/// In time order; public, no sign-in.
#[utoipa::path(
    tag = "events",
    security(()),
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "Slots", body = Vec<SlotView>),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/slots")]
pub async fn list_slots(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<SlotView>>, ApiError> {
    let key = path.into_inner().to_string();
    let (event, rows) = db::run(&state.pool, move |conn| {
        Ok((
            events_store::find_event(conn, &key)?,
            events_store::list_slots(conn, &key)?,
        ))
    })
    .await?;
    let zone = event.zone()?;
    Ok(web::Json(
        rows.iter()
            .map(|s| slot_view(s, zone))
            .collect::<Result<_, _>>()?,
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakWindow {
    #[schema(value_type = String, example = "12:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?$")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "13:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?$")]
    pub end: NaiveTime,
}

/// One day of meetings in the event's local time.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayWindowInput {
    pub date: NaiveDate,
    #[schema(value_type = String, example = "10:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?$")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "17:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?$")]
    pub end: NaiveTime,
    #[serde(default)]
    pub breaks: Vec<BreakWindow>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotGeneration {
    /// 1 to 31 days.
    #[schema(min_items = 1, max_items = 31)]
    pub days: Vec<DayWindowInput>,
}

/// Refuses a leap second (`HH:MM:60`), which the time parser takes but no slot can start at
/// or be shown with.
fn check_no_leap_seconds(days: &[DayWindowInput]) -> Result<(), ApiError> {
    let leap = |t: &NaiveTime| t.nanosecond() >= 1_000_000_000;
    for (i, day) in days.iter().enumerate() {
        for (name, time) in [("start", &day.start), ("end", &day.end)] {
            if leap(time) {
                return Err(ApiError::invalid(
                    format!("days[{i}].{name}"),
                    Msg::NoLeapSecond,
                ));
            }
        }
        for (j, b) in day.breaks.iter().enumerate() {
            for (name, time) in [("start", &b.start), ("end", &b.end)] {
                if leap(time) {
                    return Err(ApiError::invalid(
                        format!("days[{i}].breaks[{j}].{name}"),
                        Msg::NoLeapSecond,
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Generate a trade fair's slots
///
/// Cuts slots `slot_minutes` long from day windows given in the event's time zone. The desk
/// only.
#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = SlotGeneration,
    responses(
        (status = 201, description = "The event's slots after generation", body = Vec<SlotView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slot at one of these times exists already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: every window and break ends after it starts, breaks lie inside their window, and windows do not overlap", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/slots")]
pub async fn generate_slots(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<SlotGeneration>,
) -> Result<HttpResponse, ApiError> {
    policy::manage_events(&user)?;
    if body.days.is_empty() || body.days.len() > 31 {
        return Err(ApiError::invalid("days", Msg::DaysOneTo31));
    }
    check_no_leap_seconds(&body.days)?;
    let event = load_event(&state, path.into_inner()).await?;
    let zone = event.zone()?;
    let windows: Vec<DayWindow> = body
        .days
        .iter()
        .map(|d| DayWindow {
            date: d.date,
            start: d.start,
            end: d.end,
            breaks: d
                .breaks
                .iter()
                .map(|b| Break {
                    start: b.start,
                    end: b.end,
                })
                .collect(),
        })
        .collect();
    let minutes = u32::try_from(event.slot_minutes).unwrap_or(0);
    let generated = slots::generate_slots(zone, &windows, minutes)
        .map_err(|e| ApiError::invalid(e.field.replacen("windows", "days", 1), e.message))?;
    let event_id = event.id.clone();
    let rows = db::write(&state.pool, move |conn| {
        for slot in &generated {
            let row = SlotRow {
                id: db::new_id(),
                event_id: event_id.clone(),
                starts_at: slot.starts_at.naive_utc(),
                ends_at: slot.ends_at.naive_utc(),
            };
            events_store::insert_slot(conn, &row).map_err(|e| match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(Msg::SlotExists {
                    starts_at: slot.starts_at.to_string(),
                }),
                other => other,
            })?;
        }
        Ok(events_store::list_slots(conn, &event_id)?)
    })
    .await?;
    let views: Vec<SlotView> = rows
        .iter()
        .map(|s| slot_view(s, zone))
        .collect::<Result<_, _>>()?;
    Ok(HttpResponse::Created().json(views))
}
