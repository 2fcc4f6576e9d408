//! `GET /events/{id}/participants`: everyone taking part in an event, with their arrivals.

use std::collections::HashMap;

use actix_web::{get, web};
use uuid::Uuid;

use super::ParticipantView;
use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::events::store as events_store;
use crate::fair_day::store::{self, Pick};
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

/// List an event's participants
///
/// Exhibiting companies and registered buyer organisations of a trade fair; the registered
/// candidates, companies and buyers of a job fair, seminar or forum; each with the time it
/// checked in, if it has. In `participant_id` order. The desk only.
#[utoipa::path(
    tag = "fair-day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Event id"), PageParams),
    responses(
        (status = 200, description = "One page of participants", body = Page<ParticipantView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events/{id}/participants")]
pub async fn list_participants(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Paging(page): Paging,
) -> Result<web::Json<Page<ParticipantView>>, ApiError> {
    policy::run_fair_day(&user)?;
    let event_id = path.into_inner().to_string();
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let (rows, arrivals) = db::run(&state.pool, move |conn| {
        events_store::find_event(conn, &event_id)?;
        let rows = store::participants(conn, &event_id, &Pick::After(after.as_deref(), fetch))?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let arrivals: HashMap<_, _> = store::arrivals(conn, &event_id, &ids)?
            .into_iter()
            .collect();
        Ok((rows, arrivals))
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| ParticipantView::new(&r, arrivals.get(&r.id).map(|t| t.and_utc())),
    )?))
}
