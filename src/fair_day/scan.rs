//! Recording a scan of a check-in code: the code is checked against the event, the
//! participant looked up, and the arrival written once (the earliest time wins).

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::arrival::{self, ScanOutcome};
use super::store::{self, CheckInRow, ParticipantRow, Pick};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::events::check_in_code;
use crate::meetings::store as meetings_store;

/// One scan to record: a code, and the device's time if it was made offline.
#[derive(Debug, Clone)]
pub struct Scan<'a> {
    pub code: &'a str,
    pub scanned_at: Option<NaiveDateTime>,
}

/// What recording a scan did, with the participant and its arrival as it now stands.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub outcome: ScanOutcome,
    pub participant: ParticipantRow,
    pub arrival: CheckInRow,
}

/// Records `scan` at `event_id` by `recorded_by`. `None` for a code that is not one of this
/// event's participants' (another fair's, a forged one, or of someone no longer taking part).
pub fn record(
    conn: &mut DbConn,
    key: &[u8],
    (event_id, recorded_by): (&Uuid, &str),
    scan: &Scan<'_>,
    now: NaiveDateTime,
) -> Result<Option<Recorded>, ApiError> {
    let Some((code_event, participant_id)) = check_in_code::verify(key, scan.code) else {
        return Ok(None);
    };
    if code_event != *event_id {
        return Ok(None);
    }
    let (event_key, participant_key) = (event_id.to_string(), participant_id.to_string());
    let Some(participant) = store::participants(conn, &event_key, &Pick::One(&participant_key))?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let row = CheckInRow {
        event_id: event_key.clone(),
        participant_id: participant_key.clone(),
        participant_kind: participant.kind,
        checked_in_at: arrival::counts_from(scan.scanned_at, now),
        scanned_at: scan.scanned_at,
        recorded_by: recorded_by.to_owned(),
        recorded_at: now,
    };
    let inserted = store::insert_check_in(conn, &row)?;
    let moved = !inserted && store::move_check_in_earlier(conn, &row)?;
    let arrival = store::find_check_in(conn, &event_key, &participant_key)?;
    if inserted || moved {
        start_meetings(conn, &event_key, &participant_key, now)?;
    }
    Ok(Some(Recorded {
        outcome: arrival::outcome(inserted, moved),
        participant,
        arrival,
    }))
}

/// Starts the meetings of the slot running at `now` that `participant` (just arrived) takes
/// part in, if the other side has arrived too.
fn start_meetings(
    conn: &mut DbConn,
    event_id: &str,
    participant: &str,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    for (meeting, company, buyer) in
        meetings_store::unstarted_now(conn, event_id, participant, now)?
    {
        let other = if company == participant {
            buyer
        } else {
            company
        };
        if !store::arrivals(conn, event_id, &[other])?.is_empty() {
            meetings_store::start(conn, &meeting, now)?;
        }
    }
    Ok(())
}
