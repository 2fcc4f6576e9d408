//! `/jobs/{id}/applications` and `/applications`: applications to job postings and their
//! lifecycle; a hire counts for the foreign-talent KPI.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::policy;
use crate::auth::{AuthUser, Role};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, OptionalJsonBody, Query};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::talent::store;
use crate::talent::{actions, ApplicationStatus, ApplicationView};
use crate::AppState;

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    /// The desk names the candidate; a candidate applies for itself (may be left out).
    pub candidate_id: Option<Uuid>,
    /// The job fair (an event of kind `job_fair`) the application came from.
    pub job_fair_event_id: Option<Uuid>,
}

/// Apply to a job posting
///
/// To a published posting: a candidate for itself, or the desk for a candidate. At most one
/// open application per posting and candidate.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job posting id")),
    request_body = NewApplication,
    responses(
        (status = 201, description = "Created", body = ApplicationView),
        (status = 403, description = "Neither the candidate nor the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting or candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already applied, posting not published, candidate erased or without a profile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: the desk names the candidate; `job_fair_event_id` is a job fair that exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/jobs/{id}/applications")]
pub async fn create_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    OptionalJsonBody(body): OptionalJsonBody<NewApplication>,
) -> Result<HttpResponse, ApiError> {
    if !(user.role == Role::Candidate || policy::is_desk(&user)) {
        return Err(ApiError::Forbidden(Msg::WhoApplies));
    }
    let job_key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::apply(conn, &user, &job_key, body)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListParams {
    pub job_id: Option<Uuid>,
    pub status: Option<ApplicationStatus>,
}

/// List applications
///
/// Scoped to the caller: a candidate's own, a company's to its postings, all for the desk.
/// Reviewers and buyers see none (403).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(ApplicationListParams, PageParams),
    responses(
        (status = 200, description = "One page of applications", body = Page<ApplicationView>),
        (status = 403, description = "Reviewers and buyers", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications")]
pub async fn list_applications(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(params): Query<ApplicationListParams>,
    Paging(page): Paging,
) -> Result<web::Json<Page<ApplicationView>>, ApiError> {
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        let Some(scope) = actions::application_scope(conn, &user)? else {
            return Ok(Vec::new());
        };
        Ok(store::list_applications(
            conn,
            &scope,
            params.job_id.map(|id| id.to_string()).as_deref(),
            params.status,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |a| a.application.id.clone(),
        |a| a.view(),
    )?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationChange {
    /// The company (or desk) moves to `interviewing`, `offered`, `hired`, `rejected`; the
    /// candidate (or desk) to `withdrawn`.
    pub status: ApplicationStatus,
    /// The day of the hire, Japan time, not in the future; required for `hired` only.
    pub hired_on: Option<NaiveDate>,
}

/// Move an application along its lifecycle
///
/// A hire counts for the foreign-talent KPI in the fiscal year of `hired_on`.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Application id")),
    request_body = ApplicationChange,
    responses(
        (status = 200, description = "The application", body = ApplicationView),
        (status = 403, description = "Not your move (e.g. a company withdrawing)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status (`current_status`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `hired_on` is sent with `hired` and only then, and is not in the future (Japan time)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/applications/{id}")]
pub async fn update_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ApplicationChange>,
) -> Result<web::Json<ApplicationView>, ApiError> {
    actions::check_change(&body)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::move_application(conn, &user, &key, body)
    })
    .await?;
    Ok(web::Json(view))
}
