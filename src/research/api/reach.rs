//! `GET /research/reach`: what the research reached in a fiscal year.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::research::reach::{self, Reach};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReachQuery {
    /// The fiscal year (April to March, Japan time) by the year it starts in; the current
    /// one if absent.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
}

/// Read the research reach of a fiscal year
///
/// The briefs published in the year, and the companies and company members whose first
/// read of some brief fell in it (each counted once, whatever they read). The desk, admins
/// and reviewers.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(ReachQuery),
    responses(
        (status = 200, description = "The year's reach", body = Reach),
        (status = 403, description = "Not the desk, an admin or a reviewer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/research/reach")]
pub async fn get_research_reach(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<ReachQuery>,
) -> Result<web::Json<Reach>, ApiError> {
    policy::see_research_reach(&user)?;
    let year = query
        .fiscal_year
        .unwrap_or_else(crate::japan::current_fiscal_year);
    let reach = db::run(&state.pool, move |conn| {
        Ok(reach::of_fiscal_year(conn, year)?)
    })
    .await?;
    Ok(web::Json(reach))
}
