//! Operations: liveness, readiness and the Prometheus metrics that `observe` counts.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use strum::IntoEnumIterator;
use utoipa::ToSchema;

use crate::db;
use crate::error::{ApiError, Problem};
use crate::notifications;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

/// Check liveness
///
/// The process is up and answering; the database is not asked.
#[utoipa::path(
    tag = "operations",
    security(()),
    responses((status = 200, description = "Alive", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

/// Check readiness
///
/// The database answers. A load balancer should send traffic only when this is 200.
#[utoipa::path(
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database is not reachable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool
            .get_timeout(Duration::from_secs(2))
            .map_err(|_| ApiError::Unavailable)?;
        db::ping(&mut conn).map_err(|_| ApiError::Unavailable)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    Ok(web::Json(Health {
        status: "ready".into(),
    }))
}

/// Read the Prometheus metrics
///
/// `http_requests_total` and `http_request_duration_seconds` by method, route and status;
/// the outbox: `outbox_messages` by status, `outbox_oldest_due_age_seconds` and
/// `outbox_deliveries_total` by outcome.
#[utoipa::path(
    tag = "operations",
    security(()),
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let now = db::now();
    let backlog = db::run(&state.pool, move |conn| {
        Ok(notifications::store::backlog(conn, now)?)
    })
    .await?;
    let counts: Vec<(&str, i64)> = notifications::Status::iter()
        .map(|status| {
            let count = backlog
                .counts
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            (status.into(), count)
        })
        .collect();
    let oldest = backlog
        .oldest_due
        .map_or(0.0, |due| (now - due).as_seconds_f64().max(0.0));
    state.metrics.set_outbox(&counts, oldest);
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render()?))
}
