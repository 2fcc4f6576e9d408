//! `/events/{id}/check-ins`: the desk records arrivals by scanning check-in codes, one at a
//! time, or as a batch of scans a device made while offline.

use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::extract::JsonBody;
use crate::fair_day::arrival::ScanOutcome;
use crate::fair_day::scan::{self, Recorded, Scan};
use crate::fair_day::ParticipantKind;
use crate::i18n::Msg;
use crate::AppState;

/// The most scans one batch takes: 400 scans of a code (64 base64url characters) with its
/// time stay well inside the 64 KiB body limit.
pub const MAX_BATCH_SCANS: usize = 400;

/// A scanned check-in code.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckIn {
    /// The code, as the badge's QR code carries it.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub token: String,
}

/// A recorded arrival.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckInView {
    pub participant_id: Uuid,
    pub kind: ParticipantKind,
    pub name: String,
    /// When the participant arrived: its earliest scan.
    pub checked_in_at: DateTime<Utc>,
    /// The device's time of the scan the arrival counts from, for a scan made offline;
    /// `null` for one recorded online. Always sent.
    #[schema(required = true)]
    pub scanned_at: Option<DateTime<Utc>>,
}

fn check_in_view(recorded: &Recorded) -> Result<CheckInView, ApiError> {
    Ok(CheckInView {
        participant_id: parse_id(&recorded.participant.id)?,
        kind: recorded.participant.kind,
        name: recorded.participant.name.clone(),
        checked_in_at: recorded.arrival.checked_in_at.and_utc(),
        scanned_at: recorded.arrival.scanned_at.map(|t| t.and_utc()),
    })
}

/// Check a participant in
///
/// Records the arrival of the participant whose code was scanned. Scanning a code again
/// changes nothing and answers the first arrival, so two desks scanning one badge record one
/// arrival. The desk only (participants do not check themselves in).
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = NewCheckIn,
    responses(
        (status = 201, description = "Checked in", body = CheckInView),
        (status = 200, description = "Checked in before: the first arrival", body = CheckInView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event, or not a code of its participants (another event's, or forged)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/check-ins")]
pub async fn check_in(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewCheckIn>,
) -> Result<HttpResponse, ApiError> {
    policy::run_fair_day(&user)?;
    code_characters("token", &body.token)?;
    let event_id = path.into_inner();
    let key = state.config.check_in_key();
    let recorded = db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &event_id.to_string())?;
        let scan = Scan {
            code: &body.token,
            scanned_at: None,
        };
        scan::record(
            conn,
            &key,
            (&event_id, &user.id.to_string()),
            &scan,
            db::now(),
        )
    })
    .await?
    .ok_or(ApiError::NotFound)?;
    let view = check_in_view(&recorded)?;
    Ok(match recorded.outcome {
        ScanOutcome::CheckedIn => HttpResponse::Created().json(view),
        _ => HttpResponse::Ok().json(view),
    })
}

/// A code is base64url, as the document's pattern says: anything else is refused as the
/// schema would, not looked up as an unknown code.
fn code_characters(field: &str, token: &str) -> Result<(), ApiError> {
    if token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(())
    } else {
        Err(ApiError::invalid(field, Msg::CheckInCodeCharacters))
    }
}

/// A scan a device made offline.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfflineScan {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub token: String,
    /// When the device scanned it, by the device's clock.
    pub scanned_at: DateTime<Utc>,
}

/// Scans made offline, in any order.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInBatch {
    /// 1 to 400 scans.
    #[validate(nested)]
    #[schema(min_items = 1, max_items = 400)]
    pub scans: Vec<OfflineScan>,
}

/// What one scan of a batch did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScanResult {
    /// The scan's place in the batch, from 0.
    pub index: usize,
    pub outcome: ScanOutcome,
    /// The participant and its arrival as it now stands; `null` for an unknown code.
    #[schema(required = true)]
    pub check_in: Option<CheckInView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckInBatchResult {
    /// One per scan, in the batch's order.
    pub results: Vec<ScanResult>,
}

/// Record a batch of offline scans
///
/// Scans a device made while it had no connection, each with the device's time. Each
/// participant's arrival counts from its earliest scan, whichever order scans arrive in
/// (a device time later than the service's clock counts as now); an unknown code is
/// answered as such and the other scans are recorded all the same. The desk only.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = CheckInBatch,
    responses(
        (status = 200, description = "What each scan did", body = CheckInBatchResult),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/events/{id}/check-ins/batch")]
pub async fn check_in_batch(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CheckInBatch>,
) -> Result<web::Json<CheckInBatchResult>, ApiError> {
    policy::run_fair_day(&user)?;
    if body.scans.is_empty() || body.scans.len() > MAX_BATCH_SCANS {
        return Err(ApiError::invalid("scans", Msg::ScansOneTo400));
    }
    for (index, scan) in body.scans.iter().enumerate() {
        code_characters(&format!("scans[{index}].token"), &scan.token)?;
    }
    let event_id = path.into_inner();
    let key = state.config.check_in_key();
    let results = db::write(&state.pool, move |conn| {
        events_store::find_event(conn, &event_id.to_string())?;
        let (recorder, now) = (user.id.to_string(), db::now());
        let mut results = Vec::with_capacity(body.scans.len());
        for (index, offline) in body.scans.iter().enumerate() {
            let scan = Scan {
                code: &offline.token,
                scanned_at: Some(offline.scanned_at.naive_utc()),
            };
            let result = match scan::record(conn, &key, (&event_id, &recorder), &scan, now)? {
                Some(recorded) => ScanResult {
                    index,
                    outcome: recorded.outcome,
                    check_in: Some(check_in_view(&recorded)?),
                },
                None => ScanResult {
                    index,
                    outcome: ScanOutcome::UnknownCode,
                    check_in: None,
                },
            };
            results.push(result);
        }
        Ok(results)
    })
    .await?;
    Ok(web::Json(CheckInBatchResult { results }))
}
