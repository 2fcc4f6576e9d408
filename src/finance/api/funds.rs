//! `/subsidies` and `/programme-costs`: the subsidies the programme received and what it
//! spent, by funding source, each a dated record in yen. The desk and admins record and
//! read them (audited); the KPI report carries the totals and the self-financing ratio.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::BooksYearQuery;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser};
use crate::db::{self, parse_id};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::finance::store::{self, ProgrammeCostRow, SubsidyRow};
use crate::finance::{FundingSource, SubsidySource};
use crate::japan::date_range;
use crate::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubsidy {
    pub source: SubsidySource,
    /// In yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub amount_jpy: i64,
    /// The day it was received (Japan time): it counts in that day's fiscal year.
    pub received_on: NaiveDate,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubsidyView {
    pub id: Uuid,
    pub source: SubsidySource,
    pub amount_jpy: i64,
    pub received_on: NaiveDate,
    pub description: String,
    pub recorded_at: DateTime<Utc>,
}

fn subsidy_view(row: &SubsidyRow) -> Result<SubsidyView, ApiError> {
    Ok(SubsidyView {
        id: parse_id(&row.id)?,
        source: row.source,
        amount_jpy: row.amount_jpy,
        received_on: row.received_on,
        description: row.description.clone(),
        recorded_at: row.created_at.and_utc(),
    })
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProgrammeCost {
    pub funding_source: FundingSource,
    /// In yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub amount_jpy: i64,
    /// The day it was incurred (Japan time): it counts in that day's fiscal year.
    pub spent_on: NaiveDate,
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeCostView {
    pub id: Uuid,
    pub funding_source: FundingSource,
    pub amount_jpy: i64,
    pub spent_on: NaiveDate,
    pub description: String,
    pub recorded_at: DateTime<Utc>,
}

fn cost_view(row: &ProgrammeCostRow) -> Result<ProgrammeCostView, ApiError> {
    Ok(ProgrammeCostView {
        id: parse_id(&row.id)?,
        funding_source: row.funding_source,
        amount_jpy: row.amount_jpy,
        spent_on: row.spent_on,
        description: row.description.clone(),
        recorded_at: row.created_at.and_utc(),
    })
}

/// Record a subsidy received
///
/// The desk and admins; audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    request_body = NewSubsidy,
    responses(
        (status = 201, description = "Recorded", body = SubsidyView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/subsidies")]
pub async fn create_subsidy(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewSubsidy>,
) -> Result<HttpResponse, ApiError> {
    policy::keep_books(&user)?;
    let view = db::write(&state.pool, move |conn| {
        let row = SubsidyRow {
            id: db::new_id(),
            source: body.source,
            amount_jpy: body.amount_jpy,
            received_on: body.received_on,
            description: body.description,
            recorded_by: user.id.to_string(),
            created_at: db::now(),
        };
        store::insert_subsidy(conn, &row)?;
        let view = subsidy_view(&row)?;
        audit::Change::new(user.id, "create", Entity::Subsidy, &row.id)
            .after(&view)
            .record(conn)?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List a fiscal year's subsidies
///
/// By the day received. The desk and admins.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(BooksYearQuery),
    responses(
        (status = 200, description = "The year's subsidies", body = [SubsidyView]),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/subsidies")]
pub async fn list_subsidies(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BooksYearQuery>,
) -> Result<web::Json<Vec<SubsidyView>>, ApiError> {
    policy::keep_books(&user)?;
    let days = date_range(query.year());
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::subsidies_between(conn, days)?)
    })
    .await?;
    Ok(web::Json(
        rows.iter().map(subsidy_view).collect::<Result<_, _>>()?,
    ))
}

/// Record a programme cost
///
/// What the programme spent, and which funding source paid for it. The desk and admins;
/// audited.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    request_body = NewProgrammeCost,
    responses(
        (status = 201, description = "Recorded", body = ProgrammeCostView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programme-costs")]
pub async fn create_programme_cost(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewProgrammeCost>,
) -> Result<HttpResponse, ApiError> {
    policy::keep_books(&user)?;
    let view = db::write(&state.pool, move |conn| {
        let row = ProgrammeCostRow {
            id: db::new_id(),
            funding_source: body.funding_source,
            amount_jpy: body.amount_jpy,
            spent_on: body.spent_on,
            description: body.description,
            recorded_by: user.id.to_string(),
            created_at: db::now(),
        };
        store::insert_cost(conn, &row)?;
        let view = cost_view(&row)?;
        audit::Change::new(user.id, "create", Entity::ProgrammeCost, &row.id)
            .after(&view)
            .record(conn)?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List a fiscal year's programme costs
///
/// By the day incurred. The desk and admins.
#[utoipa::path(
    tag = "finance",
    security(("bearer" = [])),
    params(BooksYearQuery),
    responses(
        (status = 200, description = "The year's costs", body = [ProgrammeCostView]),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programme-costs")]
pub async fn list_programme_costs(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BooksYearQuery>,
) -> Result<web::Json<Vec<ProgrammeCostView>>, ApiError> {
    policy::keep_books(&user)?;
    let days = date_range(query.year());
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::costs_between(conn, days)?)
    })
    .await?;
    Ok(web::Json(
        rows.iter().map(cost_view).collect::<Result<_, _>>()?,
    ))
}
