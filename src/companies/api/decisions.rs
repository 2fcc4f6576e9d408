//! `/companies/{id}/approve` and `/companies/{id}/suspend`: the desk's decisions on a
//! company (`pending → approved | suspended`).

use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::companies::{store, CompanyStatus, CompanyView};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, OptionalJsonBody};
use crate::i18n::Msg;
use crate::AppState;

/// Why the desk approves or suspends a company; kept with the change.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusDecision {
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: Option<String>,
}

/// The desk's decision, applied in one write transaction.
async fn change_status(
    user: AuthUser,
    state: web::Data<AppState>,
    id: Uuid,
    to: CompanyStatus,
    reason: Option<String>,
) -> Result<CompanyView, ApiError> {
    policy::require_desk(&user)?;
    let key = id.to_string();
    let row = db::write(&state.pool, move |conn| {
        crate::companies::check_scope(conn, &user, &key)?;
        store::change_status(conn, &user, &key, to, reason)
    })
    .await?;
    row.view()
}

/// Approve a company
///
/// The company and its published capabilities become public. The desk only.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body(content = Option<StatusDecision>, description = "Optional reason"),
    responses(
        (status = 200, description = "Approved", body = CompanyView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already approved", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/approve")]
pub async fn approve_company(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<StatusDecision>,
) -> Result<web::Json<CompanyView>, ApiError> {
    let reason = body.reason.map(|r| r.trim().to_owned());
    Ok(web::Json(
        change_status(
            user,
            state,
            path.into_inner(),
            CompanyStatus::Approved,
            reason,
        )
        .await?,
    ))
}

/// Suspend a company
///
/// With the reason. Its capabilities leave the public catalogue. The desk only.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = StatusDecision,
    responses(
        (status = 200, description = "Suspended", body = CompanyView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already suspended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: a suspension needs a `reason`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/suspend")]
pub async fn suspend_company(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<StatusDecision>,
) -> Result<web::Json<CompanyView>, ApiError> {
    policy::require_desk(&user)?;
    let reason = body
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .ok_or_else(|| ApiError::invalid("reason", Msg::SuspensionReason))?;
    Ok(web::Json(
        change_status(
            user,
            state,
            path.into_inner(),
            CompanyStatus::Suspended,
            Some(reason),
        )
        .await?,
    ))
}
