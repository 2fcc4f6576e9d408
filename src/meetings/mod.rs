//! Business meetings at trade fairs: requests (`request`), the lifecycle (`lifecycle`, applied
//! by `transition`), the timetable (by hand in `placing`, automatically by the pure
//! `scheduler` over what `timetable` loads and writes back), and the HTTP surface in `api`
//! (agendas and exports included); every move is told to the people concerned through the
//! outbox (`notify`). Here: the views the API answers with.

pub mod api;
pub mod by_preference;
pub mod lifecycle;
pub mod notify;
pub mod placing;
pub mod recommend;
pub mod request;
pub mod scheduler;
pub mod standby;
pub mod store;
pub mod timetable;
pub mod transition;
pub mod venue;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{policy, AuthUser, Role};
use crate::capabilities::CompanyBrief;
use crate::db::decode_list;
use crate::db::parse_id;
use crate::db::DbConn;
use crate::error::ApiError;
use lifecycle::{Initiator, MeetingStatus, Side};
use store::{MeetingDetail, MeetingRow, TransitionRow};
use venue::MeetingMode;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BuyerBrief {
    pub id: Uuid,
    pub name: String,
    pub country: String,
}

/// Where and when a scheduled meeting takes place: at a table, or online by its link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Placement {
    pub slot_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: MeetingMode,
    /// The table of an on-site meeting; none online.
    pub table_id: Option<Uuid>,
    pub table: Option<String>,
    /// The link of an online meeting; none on site.
    pub join_url: Option<String>,
    pub interpreter_id: Option<Uuid>,
    pub interpreter: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionView {
    pub from_status: Option<MeetingStatus>,
    pub to_status: MeetingStatus,
    pub actor_id: Uuid,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub company: CompanyBrief,
    pub buyer: BuyerBrief,
    pub capability_id: Option<Uuid>,
    pub message: String,
    /// ISO 639-1 codes of the languages the buyer needs.
    pub languages_needed: Vec<String>,
    pub status: MeetingStatus,
    /// Who asked: the buyer, the company (a proposal) or the desk.
    pub initiated_by: Initiator,
    pub placement: Option<Placement>,
    pub held_at: Option<DateTime<Utc>>,
    /// When the meeting began on the fair day: the desk's start, or both sides checked in
    /// during its slot. `null` until then.
    pub started_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every move, oldest first (on `GET /meetings/{id}` and after a transition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<TransitionView>>,
}

/// Loads a meeting and the caller's side of it; a meeting that is not theirs, or whose
/// company is outside the caller's municipality, is not found.
pub fn meeting_for(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(MeetingRow, Side), ApiError> {
    let meeting = store::find_meeting(conn, id)?;
    crate::companies::check_scope(conn, user, &meeting.company_id)?;
    let side = meeting.side_of(user)?.ok_or(ApiError::NotFound)?;
    Ok((meeting, side))
}

/// The meeting with its history, as a request, a transition or a scheduling answers.
pub fn load_view(conn: &mut DbConn, id: &str) -> Result<MeetingView, ApiError> {
    let detail = store::find_meeting_detail(conn, id)?;
    let history = store::transitions(conn, id)?;
    detail.view(Some(&history))
}

impl MeetingRow {
    /// The caller's side of this meeting, or `None` when it is not theirs to see.
    pub fn side_of(&self, user: &AuthUser) -> Result<Option<Side>, ApiError> {
        if policy::is_desk(user) {
            return Ok(Some(Side::Desk));
        }
        let side = match user.role {
            Role::Reviewer => Some(Side::Observer),
            Role::Sme if user.company_id == Some(parse_id(&self.company_id)?) => {
                Some(Side::Company)
            }
            Role::Buyer if user.buyer_id == Some(parse_id(&self.buyer_id)?) => Some(Side::Buyer),
            _ => None,
        };
        Ok(side)
    }
}

impl MeetingDetail {
    pub fn view(&self, history: Option<&[TransitionRow]>) -> Result<MeetingView, ApiError> {
        let m = &self.meeting;
        let placed = m.table_id.is_some() || m.mode == MeetingMode::Online;
        let placement = match (&m.slot_id, self.slot_starts_at, self.slot_ends_at) {
            (Some(slot), Some(starts), Some(ends))
                if placed && m.status != MeetingStatus::Cancelled =>
            {
                Some(Placement {
                    slot_id: parse_id(slot)?,
                    starts_at: starts.and_utc(),
                    ends_at: ends.and_utc(),
                    mode: m.mode,
                    table_id: m.table_id.as_deref().map(parse_id).transpose()?,
                    table: self.table_label.clone(),
                    join_url: m.join_url.clone(),
                    interpreter_id: m.interpreter_id.as_deref().map(parse_id).transpose()?,
                    interpreter: self.interpreter_name.clone(),
                })
            }
            _ => None,
        };
        let history = history
            .map(|rows| {
                rows.iter()
                    .map(|t| {
                        Ok(TransitionView {
                            from_status: t.from_status,
                            to_status: t.to_status,
                            actor_id: parse_id(&t.actor_id)?,
                            note: t.note.clone(),
                            at: t.created_at.and_utc(),
                        })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()
            })
            .transpose()?;
        Ok(MeetingView {
            id: parse_id(&m.id)?,
            event_id: parse_id(&m.event_id)?,
            company: CompanyBrief {
                id: parse_id(&m.company_id)?,
                name_ja: self.company_name_ja.clone(),
                name_en: self.company_name_en.clone(),
            },
            buyer: BuyerBrief {
                id: parse_id(&m.buyer_id)?,
                name: self.buyer_name.clone(),
                country: self.buyer_country.clone(),
            },
            capability_id: m.capability_id.as_deref().map(parse_id).transpose()?,
            message: m.message.clone(),
            languages_needed: decode_list(&m.languages_needed)?,
            status: m.status,
            initiated_by: m.initiated_by,
            placement,
            held_at: m.held_at.map(|t| t.and_utc()),
            started_at: self.started_at.map(|t| t.and_utc()),
            created_at: m.created_at.and_utc(),
            updated_at: m.updated_at.and_utc(),
            history,
        })
    }
}
