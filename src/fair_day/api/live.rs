//! `GET /events/{id}/live`: the desk's live board of a fair's running slot.

use std::collections::HashMap;

use actix_web::{get, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id, DbConn};
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::extract::Query;
use crate::fair_day::board;
use crate::fair_day::store::{self, SlotMeetingRow};
use crate::fair_day::ParticipantKind;
use crate::meetings::lifecycle::MeetingStatus;
use crate::meetings::venue::MeetingMode;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LiveBoardQuery {
    /// The slot to show; the one running now if left out.
    pub slot_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveSlot {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// One side of a meeting on the board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveSide {
    pub id: Uuid,
    pub name: String,
    pub arrived: bool,
    /// `null` until it arrives. Always sent.
    #[schema(required = true)]
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// A meeting of the slot, at a table or online, and where it stands: arrivals, and whether
/// it has started (the desk's start, or both sides checking in during the slot).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveMeeting {
    pub meeting_id: Uuid,
    /// `on_site` (at its table) or `online`.
    pub mode: MeetingMode,
    /// An online meeting's link; `null` at a table. Always sent.
    #[schema(required = true)]
    pub join_url: Option<String>,
    /// `scheduled`, or `held` / `no_show` once the desk has marked it.
    pub status: MeetingStatus,
    pub company: LiveSide,
    pub buyer: LiveSide,
    pub both_arrived: bool,
    /// The meeting has begun (`started_at` is set).
    pub started: bool,
    pub started_at: Option<DateTime<Utc>>,
    /// The slot has begun, the meeting has not started and the sides have not both arrived.
    pub late: bool,
    /// The slot has run for the event's `no_show_after_minutes` without a start. Not
    /// marked by itself: the desk marks `no-show`.
    pub probable_no_show: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveTable {
    pub table_id: Uuid,
    pub label: String,
    /// The meeting scheduled at the table in the slot; `null` if the table is free. Always
    /// sent.
    #[schema(required = true)]
    pub meeting: Option<LiveMeeting>,
}

/// A participant expected in the slot (a side of one of its meetings).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveParticipant {
    pub participant_id: Uuid,
    pub kind: ParticipantKind,
    pub name: String,
    pub arrived: bool,
}

/// Who is expected in the slot and who has arrived.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlotArrivals {
    pub expected: usize,
    pub arrived: usize,
    /// Companies first, then buyers, each by name.
    pub participants: Vec<LiveParticipant>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LiveBoard {
    pub event_id: Uuid,
    /// The moment the board was read.
    pub now: DateTime<Utc>,
    pub no_show_after_minutes: i32,
    /// The slot shown; `null` when no slot runs now and none was asked for. Always sent.
    #[schema(required = true)]
    pub slot: Option<LiveSlot>,
    /// Every table of the fair, by label.
    pub tables: Vec<LiveTable>,
    /// The slot's online meetings (which have no table), by meeting id.
    pub online: Vec<LiveMeeting>,
    pub arrivals: SlotArrivals,
}

/// Get a fair's live board
///
/// Per table of the slot running now (or of `slot_id`): the meeting scheduled there, which
/// sides have checked in, whether it is late (the slot has begun without both) and a
/// probable no-show (the event's `no_show_after_minutes` have passed without a start); the
/// slot's online meetings likewise, in `online`; and who of the slot's participants has
/// arrived. The desk only.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), LiveBoardQuery),
    responses(
        (status = 200, description = "The board", body = LiveBoard),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or no such slot of it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/live")]
pub async fn get_live_board(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<LiveBoardQuery>,
) -> Result<web::Json<LiveBoard>, ApiError> {
    policy::run_fair_day(&user)?;
    let event_id = path.into_inner();
    let board = db::run(&state.pool, move |conn| {
        live_board(conn, event_id, query.slot_id, db::now())
    })
    .await?;
    Ok(web::Json(board))
}

fn live_board(
    conn: &mut DbConn,
    event_id: Uuid,
    slot_id: Option<Uuid>,
    now: NaiveDateTime,
) -> Result<LiveBoard, ApiError> {
    let event_key = event_id.to_string();
    let event = events_store::find_event(conn, &event_key)?;
    let slot_key = slot_id.map(|id| id.to_string());
    let slot = store::find_slot(conn, &event_key, slot_key.as_deref(), now)?;
    if slot_id.is_some() && slot.is_none() {
        return Err(ApiError::NotFound);
    }
    let meetings = match &slot {
        Some((id, _, _)) => store::slot_meetings(conn, id)?,
        None => Vec::new(),
    };
    let sides: Vec<String> = meetings
        .iter()
        .flat_map(|m| [m.company_id.clone(), m.buyer_id.clone()])
        .collect();
    let arrivals: HashMap<String, NaiveDateTime> = store::arrivals(conn, &event_key, &sides)?
        .into_iter()
        .collect();
    let starts_at = slot.as_ref().map(|(_, start, _)| *start);
    let mut tables = Vec::new();
    for (table_id, label) in store::tables(conn, &event_key)? {
        let meeting = match (
            starts_at,
            meetings
                .iter()
                .find(|m| m.table_id.as_ref() == Some(&table_id)),
        ) {
            (Some(start), Some(m)) => Some(live_meeting(
                m,
                &arrivals,
                (start, event.no_show_after_minutes),
                now,
            )?),
            _ => None,
        };
        tables.push(LiveTable {
            table_id: parse_id(&table_id)?,
            label,
            meeting,
        });
    }
    let timing = (starts_at, event.no_show_after_minutes);
    let online = online_meetings(&meetings, &arrivals, timing, now)?;
    Ok(LiveBoard {
        event_id,
        now: now.and_utc(),
        no_show_after_minutes: event.no_show_after_minutes,
        slot: slot
            .map(|(id, starts_at, ends_at)| -> Result<_, ApiError> {
                Ok(LiveSlot {
                    id: parse_id(&id)?,
                    starts_at: starts_at.and_utc(),
                    ends_at: ends_at.and_utc(),
                })
            })
            .transpose()?,
        tables,
        online,
        arrivals: slot_arrivals(&meetings, &arrivals)?,
    })
}

/// The slot's meetings without a table (online), on the board as the tables' are.
fn online_meetings(
    meetings: &[SlotMeetingRow],
    arrivals: &HashMap<String, NaiveDateTime>,
    (slot_start, no_show_after_minutes): (Option<NaiveDateTime>, i32),
    now: NaiveDateTime,
) -> Result<Vec<LiveMeeting>, ApiError> {
    let Some(start) = slot_start else {
        return Ok(Vec::new());
    };
    meetings
        .iter()
        .filter(|m| m.table_id.is_none())
        .map(|m| live_meeting(m, arrivals, (start, no_show_after_minutes), now))
        .collect()
}

fn side(
    id: &str,
    name: &str,
    arrivals: &HashMap<String, NaiveDateTime>,
) -> Result<LiveSide, ApiError> {
    let at = arrivals.get(id);
    Ok(LiveSide {
        id: parse_id(id)?,
        name: name.to_owned(),
        arrived: at.is_some(),
        checked_in_at: at.map(|t| t.and_utc()),
    })
}

fn live_meeting(
    m: &SlotMeetingRow,
    arrivals: &HashMap<String, NaiveDateTime>,
    (slot_start, no_show_after_minutes): (NaiveDateTime, i32),
    now: NaiveDateTime,
) -> Result<LiveMeeting, ApiError> {
    let company = side(&m.company_id, &m.company_name, arrivals)?;
    let buyer = side(&m.buyer_id, &m.buyer_name, arrivals)?;
    let state = board::meeting_state(
        m.status,
        (company.arrived, buyer.arrived),
        m.started_at.is_some(),
        slot_start,
        no_show_after_minutes,
        now,
    );
    Ok(LiveMeeting {
        meeting_id: parse_id(&m.id)?,
        mode: match m.join_url {
            Some(_) => MeetingMode::Online,
            None => MeetingMode::OnSite,
        },
        join_url: m.join_url.clone(),
        status: m.status,
        company,
        buyer,
        both_arrived: state.both_arrived,
        started: m.started_at.is_some(),
        started_at: m.started_at.map(|t| t.and_utc()),
        late: state.late,
        probable_no_show: state.probable_no_show,
    })
}

fn slot_arrivals(
    meetings: &[SlotMeetingRow],
    arrivals: &HashMap<String, NaiveDateTime>,
) -> Result<SlotArrivals, ApiError> {
    let mut expected: Vec<(ParticipantKind, &str, &str)> = meetings
        .iter()
        .flat_map(|m| {
            [
                (
                    ParticipantKind::Company,
                    m.company_name.as_str(),
                    m.company_id.as_str(),
                ),
                (
                    ParticipantKind::Buyer,
                    m.buyer_name.as_str(),
                    m.buyer_id.as_str(),
                ),
            ]
        })
        .collect();
    expected.sort_by_key(|(kind, name, id)| (*kind != ParticipantKind::Company, *name, *id));
    expected.dedup_by_key(|(_, _, id)| *id);
    let participants = expected
        .into_iter()
        .map(|(kind, name, id)| {
            Ok(LiveParticipant {
                participant_id: parse_id(id)?,
                kind,
                name: name.to_owned(),
                arrived: arrivals.contains_key(id),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(SlotArrivals {
        expected: participants.len(),
        arrived: participants.iter().filter(|p| p.arrived).count(),
        participants,
    })
}
