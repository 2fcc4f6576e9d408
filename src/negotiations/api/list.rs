//! `GET /negotiations`: the negotiations the caller may see, one page at a time.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::negotiations::{actions, rules, NegotiationStatus, NegotiationView};
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NegotiationListQuery {
    pub event_id: Option<Uuid>,
    /// The counted (effective) status.
    pub status: Option<NegotiationStatus>,
}

/// List negotiations
///
/// The negotiations the caller may see: a company's its own, a buyer's its organisation's, the
/// desk all. Reviewers use the KPI aggregates.
#[utoipa::path(
    tag = "negotiations",
    security(("bearer" = [])),
    params(NegotiationListQuery, PageParams),
    responses(
        (status = 200, description = "One page of negotiations", body = Page<NegotiationView>),
        (status = 403, description = "Reviewers and candidates", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/negotiations")]
pub async fn list_negotiations(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<NegotiationListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<NegotiationView>>, ApiError> {
    let scope = rules::list_scope(&user)?;
    let event = query.event_id.map(|e| e.to_string());
    let request = page.clone();
    let rows = db::run(&state.pool, move |conn| {
        actions::list(conn, &scope, event.as_deref(), query.status, &request)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |(r, _)| r.id.clone(),
        |(r, reports)| r.view(&reports),
    )?))
}
