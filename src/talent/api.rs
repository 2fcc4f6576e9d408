//! `/jobs`, `/candidates` and `/applications`: job postings by companies, candidates'
//! personal data (seen only by themselves, the desk, and — in part — companies they applied
//! to), applications and their lifecycle, and erasure.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::lifecycle::{self, ApplicationStatus, Refusal};
use super::store::{
    self as store, ApplicationRow, ApplicationScope, CandidateRow, JobRow, JobVisibility,
};
use super::{
    encode_languages, ApplicationView, CandidateLanguage, CandidateRecord, CandidateView,
    EmploymentType, JlptLevel, JobStatus, JobView, VisaCategory,
};
use crate::audit::{self, Entity};
use crate::auth::policy::{self, CandidateAccess};
use crate::auth::{AuthUser, MaybeAuthUser, Role};
use crate::companies::store::find_company;
use crate::companies::CompanyStatus;
use crate::db::parse_id;
use crate::db::{self, encode_list, DbConn};
use crate::error::{ApiError, FieldError, Problem};
use crate::events::EventKind;
use crate::extract::{JsonBody, Query};
use crate::japan;
use crate::paging::{Page, PageRequest};
use crate::{validate, AppState};

// ---------------------------------------------------------------------------------------
// Job postings

/// A new job posting. It starts as a draft unless `status` says `published`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    #[validate(length(min = 1, max = 200))]
    pub title_ja: String,
    #[validate(length(min = 1, max = 200))]
    pub title_en: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description_ja: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description_en: String,
    #[validate(length(min = 1, max = 100))]
    pub occupation: String,
    pub employment_type: EmploymentType,
    pub visa_category: VisaCategory,
    /// Required languages, ISO 639-1 (`ja`, `en`…).
    #[serde(default)]
    pub languages: Vec<String>,
    /// JLPT level required: `n1`…`n5` or `none` (default).
    pub jlpt_level: Option<JlptLevel>,
    #[serde(default)]
    #[validate(length(max = 200))]
    pub location: String,
    /// Yearly salary range in yen; min ≤ max, neither negative.
    #[validate(range(min = 0, max = 1000000000))]
    pub salary_min_yen: Option<i64>,
    #[validate(range(min = 0, max = 1000000000))]
    pub salary_max_yen: Option<i64>,
    /// `draft` (default) or `published`.
    pub status: Option<JobStatus>,
}

/// Changes to a posting; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobChanges {
    #[validate(length(min = 1, max = 200))]
    pub title_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    pub title_en: Option<String>,
    #[validate(length(max = 5000))]
    pub description_ja: Option<String>,
    #[validate(length(max = 5000))]
    pub description_en: Option<String>,
    #[validate(length(min = 1, max = 100))]
    pub occupation: Option<String>,
    pub employment_type: Option<EmploymentType>,
    pub visa_category: Option<VisaCategory>,
    pub languages: Option<Vec<String>>,
    pub jlpt_level: Option<JlptLevel>,
    #[validate(length(max = 200))]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub salary_min_yen: Option<Option<i64>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub salary_max_yen: Option<Option<i64>>,
    /// `draft → published → closed`.
    pub status: Option<JobStatus>,
}

fn check_salary(min: Option<i64>, max: Option<i64>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (field, value) in [("salary_min_yen", min), ("salary_max_yen", max)] {
        if value.is_some_and(|v| !(0..=1_000_000_000).contains(&v)) {
            errors.push(FieldError::new(field, "must be between 0 and 1000000000"));
        }
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            errors.push(FieldError::new(
                "salary_max_yen",
                "must not be below salary_min_yen",
            ));
        }
    }
    errors
}

/// Post a job for a company (its members or the desk).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewJob,
    responses(
        (status = 201, description = "Created", body = JobView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of this company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    errors.extend(check_salary(body.salary_min_yen, body.salary_max_yen));
    validate::finish(errors)?;
    let status = body.status.unwrap_or(JobStatus::Draft);
    if status == JobStatus::Closed {
        return Err(ApiError::invalid(
            "status",
            "a new posting is a draft or published",
        ));
    }
    let company_id = path.into_inner();
    let view = db::write(&state.pool, move |conn| {
        let company = find_company(conn, &company_id.to_string())?;
        let approved = company.status()? == CompanyStatus::Approved;
        if !policy::can_view_company(Some(&user), &company_id, approved) {
            return Err(ApiError::NotFound);
        }
        if !policy::can_edit_company(&user, &company_id) {
            return Err(ApiError::Forbidden(
                "only the company's members and the desk post its jobs".into(),
            ));
        }
        let now = db::now();
        let row = JobRow {
            id: db::new_id(),
            company_id: company.id.clone(),
            title_ja: body.title_ja.trim().to_owned(),
            title_en: body.title_en.trim().to_owned(),
            description_ja: body.description_ja,
            description_en: body.description_en,
            occupation: body.occupation.trim().to_owned(),
            employment_type: body.employment_type.as_str().to_owned(),
            visa_category: body.visa_category.as_str().to_owned(),
            languages: encode_list(&body.languages),
            jlpt_level: body
                .jlpt_level
                .unwrap_or(JlptLevel::None)
                .as_str()
                .to_owned(),
            location: body.location.trim().to_owned(),
            salary_min_yen: body.salary_min_yen,
            salary_max_yen: body.salary_max_yen,
            status: status.as_str().to_owned(),
            published_at: (status == JobStatus::Published).then_some(now),
            created_at: now,
            updated_at: now,
        };
        store::insert_job(conn, &row)?;
        row.view()
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
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Job postings: published postings of approved companies for everyone; drafts and closed
/// postings for the desk and the company's own members.
#[utoipa::path(
    tag = "talent",
    params(JobListParams),
    responses(
        (status = 200, description = "One page of postings", body = Page<JobView>),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Unpublished postings are for their company and the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/jobs")]
pub async fn list_jobs(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    Query(params): Query<JobListParams>,
) -> Result<web::Json<Page<JobView>>, ApiError> {
    let page = PageRequest::new(params.limit, params.cursor.as_deref())?;
    let privileged = user.0.as_ref().is_some_and(|u| {
        policy::is_desk(u)
            || params
                .company_id
                .as_ref()
                .is_some_and(|c| policy::is_company_member(u, c))
    });
    let visibility = match params.status {
        None => JobVisibility::Public,
        Some(JobStatus::Published) if !privileged => JobVisibility::Public,
        Some(status) if privileged => JobVisibility::Status(status.as_str().to_owned()),
        Some(_) => {
            return Err(ApiError::Forbidden(
                "unpublished postings are listed for the desk and for a company's own members (with its company_id)"
                    .into(),
            ))
        }
    };
    let company = params.company_id.map(|c| c.to_string());
    let visa = params.visa_category.map(|v| v.as_str().to_owned());
    let fetch = page.fetch_limit();
    let after = page.after.clone();
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list_jobs(
            conn,
            &visibility,
            company.as_deref(),
            visa.as_deref(),
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

/// Loads a posting the caller may see.
fn visible_job(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> Result<JobRow, ApiError> {
    let (row, company_status) = store::find_job(conn, id)?;
    let company_id = parse_id(&row.company_id)?;
    let visible = policy::can_view_job(
        user,
        &company_id,
        company_status == CompanyStatus::Approved.as_str(),
        row.status()? == JobStatus::Published,
    );
    if visible {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// One posting: public when published by an approved company.
#[utoipa::path(
    tag = "talent",
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
        visible_job(conn, user.0.as_ref(), &key)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// Change a posting or move it along `draft → published → closed` (its company's members or
/// the desk).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job posting id")),
    request_body = JobChanges,
    responses(
        (status = 200, description = "The updated posting", body = JobView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The status change is not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
        let mut row = visible_job(conn, Some(&user), &key)?;
        if !policy::can_edit_company(&user, &parse_id(&row.company_id)?) {
            return Err(ApiError::Forbidden(
                "only the company's members and the desk change its postings".into(),
            ));
        }
        let current = row.status()?;
        let now = db::now();
        if let Some(next) = body.status {
            if !current.can_become(next) {
                return Err(ApiError::StateConflict {
                    detail: format!(
                        "a {} posting cannot become {}",
                        current.as_str(),
                        next.as_str()
                    ),
                    current_status: current.as_str().to_owned(),
                });
            }
            if next == JobStatus::Published && current != next {
                row.published_at = Some(now);
            }
            row.status = next.as_str().to_owned();
        }
        if let Some(v) = body.title_ja {
            row.title_ja = v.trim().to_owned();
        }
        if let Some(v) = body.title_en {
            row.title_en = v.trim().to_owned();
        }
        if let Some(v) = body.description_ja {
            row.description_ja = v;
        }
        if let Some(v) = body.description_en {
            row.description_en = v;
        }
        if let Some(v) = body.occupation {
            row.occupation = v.trim().to_owned();
        }
        if let Some(v) = body.employment_type {
            row.employment_type = v.as_str().to_owned();
        }
        if let Some(v) = body.visa_category {
            row.visa_category = v.as_str().to_owned();
        }
        if let Some(v) = &body.languages {
            row.languages = encode_list(v);
        }
        if let Some(v) = body.jlpt_level {
            row.jlpt_level = v.as_str().to_owned();
        }
        if let Some(v) = body.location {
            row.location = v.trim().to_owned();
        }
        if let Some(v) = body.salary_min_yen {
            row.salary_min_yen = v;
        }
        if let Some(v) = body.salary_max_yen {
            row.salary_max_yen = v;
        }
        validate::finish(check_salary(row.salary_min_yen, row.salary_max_yen))?;
        row.updated_at = now;
        store::save_job(conn, &row)?;
        row.view()
    })
    .await?;
    Ok(web::Json(view))
}

// ---------------------------------------------------------------------------------------
// Candidates

/// A candidate: registered by the desk (e.g. at a job fair) or by a candidate account for
/// itself, once. Without `consent: true` nothing is stored.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    #[validate(length(min = 1, max = 200))]
    pub full_name: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub nationality: String,
    #[validate(length(min = 1, max = 200))]
    pub university: Option<String>,
    #[validate(range(min = 1950, max = 2100))]
    pub graduation_year: Option<i32>,
    #[validate(length(min = 1, max = 200))]
    pub field_of_study: Option<String>,
    #[serde(default)]
    pub languages: Vec<CandidateLanguage>,
    /// Current residence status, e.g. `student` (留学).
    #[validate(length(min = 1, max = 100))]
    pub visa_status: Option<String>,
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
    #[validate(length(min = 1, max = 40))]
    pub phone: Option<String>,
    /// The candidate's consent to the programme's use of this data; must be `true`. The
    /// moment it is given is recorded as `consent_given_at`.
    pub consent: bool,
}

/// Changes to a candidate; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateChanges {
    #[validate(length(min = 1, max = 200))]
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub university: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>)]
    pub graduation_year: Option<Option<i32>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub field_of_study: Option<Option<String>>,
    pub languages: Option<Vec<CandidateLanguage>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub visa_status: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
}

fn check_languages(languages: &[CandidateLanguage]) -> Vec<FieldError> {
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    validate::language_codes("languages", &codes)
}

fn check_country(field: &str, code: &str) -> Vec<FieldError> {
    if crate::codes::is_country_code(code) {
        Vec::new()
    } else {
        vec![FieldError::new(
            field,
            "must be an ISO 3166-1 alpha-2 code in upper case, e.g. VN",
        )]
    }
}

fn check_text(field: &str, value: &Option<Option<String>>, max: usize) -> Vec<FieldError> {
    match value {
        Some(Some(v)) if v.trim().is_empty() || v.chars().count() > max => {
            vec![FieldError::new(
                field,
                format!("must be 1 to {max} characters"),
            )]
        }
        _ => Vec::new(),
    }
}

fn trimmed(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// What the audit log keeps of a candidate: never the personal fields themselves (the log
/// cannot be erased), only which of them changed.
#[derive(Debug, Serialize)]
struct CandidateAudit<'a> {
    id: &'a str,
    user_id: Option<&'a str>,
    erased: bool,
    personal_fields: &'static str,
    changed_fields: Vec<&'static str>,
}

fn candidate_audit<'a>(
    row: &'a CandidateRow,
    changed_fields: Vec<&'static str>,
) -> CandidateAudit<'a> {
    CandidateAudit {
        id: &row.id,
        user_id: row.user_id.as_deref(),
        erased: row.erased_at.is_some(),
        personal_fields: "redacted",
        changed_fields,
    }
}

/// Register a candidate: the desk for anyone (no account), or a candidate account for
/// itself (once; the profile is linked to the account).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    request_body = NewCandidate,
    responses(
        (status = 201, description = "Created", body = CandidateView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the desk nor a candidate account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This account already has a candidate profile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or no consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates")]
pub async fn create_candidate(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewCandidate>,
) -> Result<HttpResponse, ApiError> {
    let own = match user.role {
        Role::Candidate => true,
        _ if policy::is_desk(&user) => false,
        _ => return Err(ApiError::forbidden()),
    };
    let mut errors = check_country("nationality", &body.nationality);
    errors.extend(check_languages(&body.languages));
    if !body.consent {
        errors.push(FieldError::new(
            "consent",
            "must be true: the candidate's consent to the use of this data is required",
        ));
    }
    validate::finish(errors)?;
    let view = db::write(&state.pool, move |conn| {
        let user_id = own.then(|| user.id.to_string());
        if let Some(id) = &user_id {
            if store::candidate_of_user(conn, id)?.is_some() {
                return Err(ApiError::Conflict(
                    "this account already has a candidate profile".into(),
                ));
            }
        }
        let now = db::now();
        let row = CandidateRow {
            id: db::new_id(),
            user_id,
            full_name: body.full_name.trim().to_owned(),
            nationality: body.nationality,
            university: trimmed(body.university),
            graduation_year: body.graduation_year,
            field_of_study: trimmed(body.field_of_study),
            languages: encode_languages(&body.languages),
            visa_status: trimmed(body.visa_status),
            email: trimmed(body.email),
            phone: trimmed(body.phone),
            consent_given_at: now,
            erased_at: None,
            registered_by: user.id.to_string(),
            created_at: now,
            updated_at: now,
        };
        store::insert_candidate(conn, &row)?;
        audit::Change::new(user.id, "create", Entity::Candidate, &row.id)
            .after(&candidate_audit(&row, Vec::new()))
            .record(conn)?;
        full_view(conn, &row)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

fn full_view(conn: &mut DbConn, row: &CandidateRow) -> Result<CandidateView, ApiError> {
    let applications = store::list_applications(
        conn,
        &ApplicationScope::Candidate(row.id.clone()),
        None,
        None,
        None,
        i64::MAX,
    )?
    .iter()
    .map(|(a, j, c)| a.view(j, c))
    .collect::<Result<_, _>>()?;
    let registrations = crate::events::registrations::of_candidate(conn, &row.id)?;
    row.view(applications, registrations)
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateListParams {
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Every candidate (desk, admin).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(CandidateListParams),
    responses(
        (status = 200, description = "One page of candidates (without their applications)", body = Page<CandidateView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/candidates")]
pub async fn list_candidates(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(params): Query<CandidateListParams>,
) -> Result<web::Json<Page<CandidateView>>, ApiError> {
    policy::manage_candidates(&user)?;
    let page = PageRequest::new(params.limit, params.cursor.as_deref())?;
    let fetch = page.fetch_limit();
    let after = page.after.clone();
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list_candidates(
            conn,
            params.nationality.as_deref(),
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| r.view(Vec::new(), Vec::new()),
    )?))
}

/// Loads a candidate with what the caller may see of it (404 when nothing).
fn candidate_for(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(CandidateRow, CandidateAccess), ApiError> {
    let row = store::find_candidate(conn, id)?;
    let owner = row.user_id.as_deref().map(parse_id).transpose()?;
    let applied = match (user.role, &user.company_id) {
        (Role::Sme, Some(company)) => {
            store::applied_to_company(conn, &row.id, &company.to_string())?
        }
        _ => false,
    };
    match policy::candidate_access(user, owner.as_ref(), applied) {
        CandidateAccess::None => Err(ApiError::NotFound),
        access => Ok((row, access)),
    }
}

/// One candidate: the whole record with every application and registration for the
/// candidate itself (the export of its data) and the desk; the applicant's summary for a
/// company the candidate applied to; 404 for anyone else.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    responses(
        (status = 200, description = "The candidate", body = CandidateRecord),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/candidates/{id}")]
pub async fn get_candidate(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<CandidateRecord>, ApiError> {
    let key = path.into_inner().to_string();
    let record = db::run(&state.pool, move |conn| {
        let (row, access) = candidate_for(conn, &user, &key)?;
        match access {
            CandidateAccess::Full => Ok(CandidateRecord::Full(Box::new(full_view(conn, &row)?))),
            _ => Ok(CandidateRecord::Applicant(row.applicant()?)),
        }
    })
    .await?;
    Ok(web::Json(record))
}

/// Change a candidate's data (the candidate itself or the desk).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    request_body = CandidateChanges,
    responses(
        (status = 200, description = "The candidate", body = CandidateView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A company may read, not change", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The candidate was erased", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/candidates/{id}")]
pub async fn update_candidate(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CandidateChanges>,
) -> Result<web::Json<CandidateView>, ApiError> {
    let mut errors = Vec::new();
    if let Some(v) = &body.nationality {
        errors.extend(check_country("nationality", v));
    }
    if let Some(v) = &body.languages {
        errors.extend(check_languages(v));
    }
    errors.extend(check_text("university", &body.university, 200));
    errors.extend(check_text("field_of_study", &body.field_of_study, 200));
    errors.extend(check_text("visa_status", &body.visa_status, 100));
    errors.extend(check_text("phone", &body.phone, 40));
    if let Some(Some(email)) = &body.email {
        use validator::ValidateEmail;
        if !email.validate_email() || email.len() > 254 {
            errors.push(FieldError::new("email", "must be an e-mail address"));
        }
    }
    if let Some(Some(year)) = body.graduation_year {
        if !(1950..=2100).contains(&year) {
            errors.push(FieldError::new(
                "graduation_year",
                "must be between 1950 and 2100",
            ));
        }
    }
    validate::finish(errors)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (mut row, access) = candidate_for(conn, &user, &key)?;
        if access != CandidateAccess::Full {
            return Err(ApiError::Forbidden(
                "only the candidate and the desk change a candidate's data".into(),
            ));
        }
        if row.erased_at.is_some() {
            return Err(ApiError::StateConflict {
                detail: "the candidate's data was erased".into(),
                current_status: "erased".into(),
            });
        }
        let mut changed = Vec::new();
        if let Some(v) = body.full_name {
            row.full_name = v.trim().to_owned();
            changed.push("full_name");
        }
        if let Some(v) = body.nationality {
            row.nationality = v;
            changed.push("nationality");
        }
        if let Some(v) = body.university {
            row.university = trimmed(v);
            changed.push("university");
        }
        if let Some(v) = body.graduation_year {
            row.graduation_year = v;
            changed.push("graduation_year");
        }
        if let Some(v) = body.field_of_study {
            row.field_of_study = trimmed(v);
            changed.push("field_of_study");
        }
        if let Some(v) = &body.languages {
            row.languages = encode_languages(v);
            changed.push("languages");
        }
        if let Some(v) = body.visa_status {
            row.visa_status = trimmed(v);
            changed.push("visa_status");
        }
        if let Some(v) = body.email {
            row.email = trimmed(v);
            changed.push("email");
        }
        if let Some(v) = body.phone {
            row.phone = trimmed(v);
            changed.push("phone");
        }
        row.updated_at = db::now();
        store::save_candidate(conn, &row)?;
        audit::Change::new(user.id, "update", Entity::Candidate, &row.id)
            .after(&candidate_audit(&row, changed))
            .record(conn)?;
        full_view(conn, &row)
    })
    .await?;
    Ok(web::Json(view))
}

/// Erase a candidate's personal data, irreversibly (the candidate itself or an admin).
/// Name, university, field, graduation year, languages, visa status and contact details are
/// blanked; the account is disabled and its e-mail replaced. Nationality stays: the
/// foreign-talent KPI is broken down by it, and a country alone names no one. The
/// applications stay without personal data, so a hire still counts.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    responses(
        (status = 200, description = "The erased record", body = CandidateView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the candidate or an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/{id}/erase")]
pub async fn erase_candidate(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<CandidateView>, ApiError> {
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (mut row, access) = candidate_for(conn, &user, &key)?;
        let owner = row.user_id.as_deref().map(parse_id).transpose()?;
        if !policy::can_erase_candidate(&user, owner.as_ref()) {
            return Err(match access {
                CandidateAccess::Full => ApiError::Forbidden(
                    "only the candidate itself or an admin erases a candidate".into(),
                ),
                _ => ApiError::NotFound,
            });
        }
        if row.erased_at.is_some() {
            return full_view(conn, &row);
        }
        let before = candidate_audit(&row, Vec::new());
        let before =
            serde_json::to_value(&before).map_err(|e| ApiError::internal(e.to_string()))?;
        let now = db::now();
        row.full_name = "erased".into();
        row.university = None;
        row.graduation_year = None;
        row.field_of_study = None;
        row.languages = "[]".into();
        row.visa_status = None;
        row.email = None;
        row.phone = None;
        row.erased_at = Some(now);
        row.updated_at = now;
        store::save_candidate(conn, &row)?;
        if let Some(user_id) = &row.user_id {
            store::disable_account(conn, user_id, now)?;
            crate::auth::store::revoke_user_tokens(conn, user_id, now)?;
        }
        audit::Change::new(user.id, "erase", Entity::Candidate, &row.id)
            .before(&before)
            .after(&candidate_audit(
                &row,
                vec![
                    "full_name",
                    "university",
                    "graduation_year",
                    "field_of_study",
                    "languages",
                    "visa_status",
                    "email",
                    "phone",
                ],
            ))
            .record(conn)?;
        full_view(conn, &row)
    })
    .await?;
    Ok(web::Json(view))
}

// ---------------------------------------------------------------------------------------
// Applications

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    /// The desk names the candidate; a candidate applies for itself (may be left out).
    pub candidate_id: Option<Uuid>,
    /// The job fair (an event of kind `job_fair`) the application came from.
    pub job_fair_event_id: Option<Uuid>,
}

/// Apply to a published posting: a candidate for itself, or the desk for a candidate. At
/// most one open application per posting and candidate.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job posting id")),
    request_body = NewApplication,
    responses(
        (status = 201, description = "Created", body = ApplicationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the candidate nor the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting or candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already applied, posting not published, candidate erased or without a profile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/jobs/{id}/applications")]
pub async fn create_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    crate::extract::OptionalJsonBody(body): crate::extract::OptionalJsonBody<NewApplication>,
) -> Result<HttpResponse, ApiError> {
    if !(user.role == Role::Candidate || policy::is_desk(&user)) {
        return Err(ApiError::Forbidden(
            "candidates apply for themselves; the desk applies for a candidate".into(),
        ));
    }
    let job_key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let job = visible_job(conn, Some(&user), &job_key)?;
        let candidate = if user.role == Role::Candidate {
            let own = store::candidate_of_user(conn, &user.id.to_string())?.ok_or_else(|| {
                ApiError::Conflict(
                    "create your candidate profile (POST /candidates) before applying".into(),
                )
            })?;
            if body.candidate_id.is_some_and(|id| id.to_string() != own.id) {
                return Err(ApiError::Forbidden(
                    "a candidate applies only for itself".into(),
                ));
            }
            own
        } else {
            let id = body
                .candidate_id
                .ok_or_else(|| ApiError::invalid("candidate_id", "the desk names the candidate"))?;
            store::find_candidate(conn, &id.to_string()).map_err(|e| match e {
                diesel::result::Error::NotFound => {
                    ApiError::invalid("candidate_id", "no such candidate")
                }
                e => e.into(),
            })?
        };
        if candidate.erased_at.is_some() {
            return Err(ApiError::Conflict("the candidate's data was erased".into()));
        }
        if job.status()? != JobStatus::Published {
            return Err(ApiError::StateConflict {
                detail: "only a published posting takes applications".into(),
                current_status: job.status.clone(),
            });
        }
        if let Some(event_id) = body.job_fair_event_id {
            let event = crate::events::store::find_event(conn, &event_id.to_string()).map_err(
                |e| match e {
                    diesel::result::Error::NotFound => {
                        ApiError::invalid("job_fair_event_id", "no such event")
                    }
                    e => e.into(),
                },
            )?;
            if event.kind()? != EventKind::JobFair {
                return Err(ApiError::invalid(
                    "job_fair_event_id",
                    "must be an event of kind job_fair",
                ));
            }
        }
        let now = db::now();
        let row = ApplicationRow {
            id: db::new_id(),
            job_id: job.id.clone(),
            candidate_id: candidate.id.clone(),
            status: ApplicationStatus::Applied.as_str().to_owned(),
            job_fair_event_id: body.job_fair_event_id.map(|id| id.to_string()),
            hired_on: None,
            created_by: user.id.to_string(),
            created_at: now,
            updated_at: now,
        };
        store::insert_application(conn, &row).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => ApiError::Conflict(
                "the candidate already has an open application to this posting".into(),
            ),
            e => e.into(),
        })?;
        audit::Change::new(user.id, "apply", Entity::Application, &row.id)
            .after(&row)
            .record(conn)?;
        row.view(&job, &candidate)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListParams {
    pub job_id: Option<Uuid>,
    pub status: Option<ApplicationStatus>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Applications, scoped to the caller: a candidate's own, a company's to its postings, all
/// for the desk. Reviewers and buyers see none (403).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(ApplicationListParams),
    responses(
        (status = 200, description = "One page of applications", body = Page<ApplicationView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reviewers and buyers", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications")]
pub async fn list_applications(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(params): Query<ApplicationListParams>,
) -> Result<web::Json<Page<ApplicationView>>, ApiError> {
    let page = PageRequest::new(params.limit, params.cursor.as_deref())?;
    let fetch = page.fetch_limit();
    let after = page.after.clone();
    let rows = db::run(&state.pool, move |conn| {
        let scope = match (user.role, &user.company_id) {
            (Role::Admin | Role::Desk, _) => ApplicationScope::All,
            (Role::Sme, Some(company)) => ApplicationScope::Company(company.to_string()),
            (Role::Candidate, _) => match store::candidate_of_user(conn, &user.id.to_string())? {
                Some(own) => ApplicationScope::Candidate(own.id),
                None => return Ok(Vec::new()),
            },
            _ => return Err(ApiError::forbidden()),
        };
        Ok(store::list_applications(
            conn,
            &scope,
            params.job_id.map(|id| id.to_string()).as_deref(),
            params.status.map(ApplicationStatus::as_str),
            after.as_deref(),
            fetch,
        )?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |(a, _, _)| a.id.clone(),
        |(a, j, c)| a.view(&j, &c),
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

/// Move an application along its lifecycle. A hire counts for the foreign-talent KPI in the
/// fiscal year of `hired_on`.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Application id")),
    request_body = ApplicationChange,
    responses(
        (status = 200, description = "The application", body = ApplicationView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not your move (e.g. a company withdrawing)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status (`current_status`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/applications/{id}")]
pub async fn update_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ApplicationChange>,
) -> Result<web::Json<ApplicationView>, ApiError> {
    match (body.status, body.hired_on) {
        (ApplicationStatus::Hired, None) => {
            return Err(ApiError::invalid("hired_on", "is required for a hire"))
        }
        (ApplicationStatus::Hired, Some(day)) if day > japan::today() => {
            return Err(ApiError::invalid("hired_on", "cannot be in the future"))
        }
        (ApplicationStatus::Hired, _) | (_, None) => {}
        (_, Some(_)) => return Err(ApiError::invalid("hired_on", "is only for a hire")),
    }
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (mut row, job, candidate) = store::find_application(conn, &key)?;
        let owner = candidate.user_id.as_deref().map(parse_id).transpose()?;
        let actor = policy::application_actor(&user, owner.as_ref(), &parse_id(&job.company_id)?)
            .ok_or(ApiError::NotFound)?;
        let current = row.status()?;
        match lifecycle::check(current, body.status, actor) {
            Ok(()) => {}
            Err(Refusal::NotYours) => {
                return Err(ApiError::Forbidden(format!(
                    "you may not move an application to {}",
                    body.status.as_str()
                )))
            }
            Err(Refusal::NotFromHere) => {
                return Err(ApiError::StateConflict {
                    detail: format!(
                        "an application that is {} cannot become {}",
                        current.as_str(),
                        body.status.as_str()
                    ),
                    current_status: current.as_str().to_owned(),
                })
            }
        }
        let before = row.clone();
        row.status = body.status.as_str().to_owned();
        row.hired_on = body.hired_on;
        row.updated_at = db::now();
        store::save_application(conn, &row)?;
        audit::Change::new(user.id, body.status.as_str(), Entity::Application, &row.id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        row.view(&job, &candidate)
    })
    .await?;
    Ok(web::Json(view))
}
