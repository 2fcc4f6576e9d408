//! The fair day's HTTP handlers, one file per resource: the participant list, badges, check-ins
//! and the live board.

pub mod badges;
pub mod check_ins;
pub mod live;
pub mod participants;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::store::{self, ParticipantRow, Pick};
use super::ParticipantKind;
use crate::db::{parse_id, DbConn};
use crate::error::ApiError;

/// A participant of an event and its arrival, if it has arrived.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantView {
    /// The company's, buyer organisation's or candidate's id: its badge is
    /// `/events/{id}/badges/{participant_id}`.
    pub participant_id: Uuid,
    pub kind: ParticipantKind,
    /// The company's English name, the buyer organisation's name or the candidate's.
    pub name: String,
    /// When it arrived (the earliest scan of its code); `null` until then. Always sent.
    #[schema(required = true)]
    pub checked_in_at: Option<DateTime<Utc>>,
}

impl ParticipantView {
    fn new(row: &ParticipantRow, checked_in_at: Option<DateTime<Utc>>) -> Result<Self, ApiError> {
        Ok(Self {
            participant_id: parse_id(&row.id)?,
            kind: row.kind,
            name: row.name.clone(),
            checked_in_at,
        })
    }
}

/// The participant `participant_id` of event `event_id` (404 if it takes no part).
fn participant(
    conn: &mut DbConn,
    event_id: &str,
    participant_id: &str,
) -> Result<ParticipantRow, ApiError> {
    store::participants(conn, event_id, &Pick::One(participant_id))?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}
