//! Baselines for `bench/run` (cargo feature `bench`, off by default): the least a
//! handler can do with one row and with a count, so the harness can state each real
//! endpoint's throughput and latency as a ratio to them; and one operation that has no
//! endpoint of its own to time (the surveys that marking meetings held schedules). Not part
//! of the API, not in the OpenAPI document.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;

use crate::capabilities::store::CapabilityRow;
use crate::db::schema::{capabilities, meetings};
use crate::error::ApiError;
use crate::meetings::lifecycle::MeetingStatus;
use crate::{db, AppState};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/bench/row/{id}", web::get().to(bare_row))
        .route("/bench/count-meetings", web::get().to(bare_count))
        .route("/bench/schedule-surveys", web::post().to(schedule_surveys));
}

/// One capability row by primary key, its text as JSON: no join, no auth, no view. It reads the
/// search columns too, which the API's reads have left out since `CapabilityRow` lost them,
/// so that the baseline stays the row it was in every earlier run (bench/README.md).
async fn bare_row(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (row, _search_primary, _search_secondary): (CapabilityRow, String, String) =
        db::run(&state.pool, move |conn| {
            Ok(capabilities::table
                .find(&id)
                .select((
                    CapabilityRow::as_select(),
                    capabilities::search_primary,
                    capabilities::search_secondary,
                ))
                .first(conn)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "id": row.id,
        "title_ja": row.title_ja,
        "title_en": row.title_en,
        "description_ja": row.description_ja,
        "description_en": row.description_en,
        "category": row.category,
    })))
}

/// `SELECT count(*) FROM meetings`.
async fn bare_count(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let count: i64 = db::run(&state.pool, |conn| {
        Ok(meetings::table.count().get_result(conn)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "meetings": count })))
}

/// The meetings one survey run takes (issue 21: "a fair of 1,000 held meetings").
const SURVEYED_MEETINGS: i64 = 1_000;

/// Schedules the surveys of up to 1,000 held meetings of one fair (six surveys and their
/// mails each, as marking a meeting held does: `follow_up::surveys::schedule_meeting_surveys`),
/// then rolls them back so that the generated data stays as it was and the run
/// can be repeated. `bench/run` times the request; the answer says how many meetings it took.
async fn schedule_surveys(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let meetings = db::write(&state.pool, |conn| {
        let held = meetings::table.filter(meetings::status.eq(MeetingStatus::Held));
        let Some(fair): Option<String> = held
            .select(meetings::event_id)
            .order(meetings::id)
            .first(conn)
            .optional()?
        else {
            return Ok(0);
        };
        let ids: Vec<String> = held
            .filter(meetings::event_id.eq(fair))
            .select(meetings::id)
            .order(meetings::id)
            .limit(SURVEYED_MEETINGS)
            .load(conn)?;
        let now = db::now();
        // A savepoint inside the write transaction, rolled back.
        let scheduled = conn.transaction(|conn| {
            for id in &ids {
                crate::follow_up::surveys::schedule_meeting_surveys(conn, id, now)?;
            }
            Err::<(), _>(diesel::result::Error::RollbackTransaction)
        });
        match scheduled {
            Err(diesel::result::Error::RollbackTransaction) | Ok(()) => Ok(ids.len()),
            Err(err) => Err(err.into()),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "meetings": meetings })))
}
