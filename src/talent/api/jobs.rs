//! `/companies/{id}/jobs` and `/jobs`: job postings by companies, public once published by
//! an approved company.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::policy;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::codes::LanguageCode;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageParams, Paging};
use crate::talent::store::{self as store};
use crate::talent::{actions, jobs, EmploymentType, JlptLevel, JobStatus, JobView, VisaCategory};
use crate::{validate, AppState};

/// A new job posting. It starts as a draft unless `status` says `published`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_ja: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_en: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_ja: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_en: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub occupation: String,
    pub employment_type: EmploymentType,
    pub visa_category: VisaCategory,
    /// Required languages, ISO 639-1 (`ja`, `en`…).
    #[serde(default)]
    #[schema(value_type = Vec<LanguageCode>, max_items = 20)]
    pub languages: Vec<String>,
    /// JLPT level required: `n1`…`n5` or `none` (default).
    pub jlpt_level: Option<JlptLevel>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub location: String,
    /// Yearly salary range in yen; min ≤ max, neither negative.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub salary_min_yen: Option<i64>,
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub salary_max_yen: Option<i64>,
    /// `draft` (default) or `published`.
    #[schema(value_type = Option<crate::talent::jobs::InitialJobStatus>)]
    pub status: Option<JobStatus>,
}

/// Changes to a posting; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_en: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_ja: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_en: Option<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub occupation: Option<String>,
    pub employment_type: Option<EmploymentType>,
    pub visa_category: Option<VisaCategory>,
    #[schema(value_type = Option<Vec<LanguageCode>>, max_items = 20)]
    pub languages: Option<Vec<String>>,
    pub jlpt_level: Option<JlptLevel>,
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 1000000000)]
    pub salary_min_yen: Option<Option<i64>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 1000000000)]
    pub salary_max_yen: Option<Option<i64>>,
    /// `draft → published → closed`.
    pub status: Option<JobStatus>,
}

/// Post a job for a company
///
/// A draft unless `status` says `published`. The company's members or the desk.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewJob,
    responses(
        (status = 201, description = "Created", body = JobView),
        (status = 403, description = "Not a member of this company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `salary_max_yen` is not below `salary_min_yen`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/jobs")]
pub async fn create_job(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewJob>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = validate::language_codes("languages", &body.languages);
    errors.extend(jobs::check_salary(body.salary_min_yen, body.salary_max_yen));
    validate::finish(errors)?;
    let company_id = path.into_inner();
    let view = db::write(&state.pool, move |conn| {
        actions::create_job(conn, &user, company_id, body)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobListParams {
    pub company_id: Option<Uuid>,
    pub visa_category: Option<VisaCategory>,
    /// Desk, or members with `company_id` of their own company: postings in this status.
    pub status: Option<JobStatus>,
}

/// List job postings
///
/// Published postings of approved companies for everyone; drafts and closed postings for the
/// desk and the company's own members. Signing in is optional.
#[utoipa::path(
    tag = "talent",
    security((), ("bearer" = [])),
    params(JobListParams, PageParams),
    responses(
        (status = 200, description = "One page of postings", body = Page<JobView>),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Unpublished postings are for their company and the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/jobs")]
pub async fn list_jobs(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    Query(params): Query<JobListParams>,
    Paging(page): Paging,
) -> Result<web::Json<Page<JobView>>, ApiError> {
    let privileged = user.0.as_ref().is_some_and(|u| {
        policy::lists_unpublished(u)
            || params
                .company_id
                .as_ref()
                .is_some_and(|c| policy::is_company_member(u, c))
    });
    let visibility = jobs::list_visibility(privileged, params.status)?;
    let company = params.company_id.map(|c| c.to_string());
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list_jobs(
            conn,
            &visibility,
            company.as_deref(),
            params.visa_category,
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| r.view(),
    )?))
}

/// Get a job posting
///
/// Public when published by an approved company; otherwise only the company's members and the
/// desk see it. Signing in is optional.
#[utoipa::path(
    tag = "talent",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job posting id")),
    responses(
        (status = 200, description = "The posting", body = JobView),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/jobs/{id}")]
pub async fn get_job(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<JobView>, ApiError> {
    let key = path.into_inner().to_string();
    let row = db::run(&state.pool, move |conn| {
        actions::visible_job(conn, user.0.as_ref(), &key)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// Update a job posting
///
/// Changes it or moves it along `draft → published → closed`. Its company's members or the
/// desk.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job posting id")),
    request_body = JobChanges,
    responses(
        (status = 200, description = "The updated posting", body = JobView),
        (status = 403, description = "Not a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The status change is not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `salary_max_yen` is not below `salary_min_yen`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/jobs/{id}")]
pub async fn update_job(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<JobChanges>,
) -> Result<web::Json<JobView>, ApiError> {
    if let Some(languages) = &body.languages {
        validate::finish(validate::language_codes("languages", languages))?;
    }
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::update_job(conn, &user, &key, body)
    })
    .await?;
    Ok(web::Json(view))
}
