//! `/candidates`: candidates' personal data, seen whole only by themselves and the desk, in
//! part by companies they applied to; its changes and its erasure.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::policy::{self, CandidateAccess};
use crate::auth::{AuthUser, Role};
use crate::codes::CountryCode;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageParams, Paging};
use crate::talent::store;
use crate::talent::{actions, candidates, CandidateLanguage, CandidateRecord, CandidateView};
use crate::validate::ShortText;
use crate::{validate, AppState};

/// A candidate: registered by the desk (e.g. at a job fair) or by a candidate account for
/// itself, once. Without `consent: true` nothing is stored.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: String,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(value_type = CountryCode)]
    pub nationality: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub university: Option<String>,
    #[validate(range(min = 1950, max = 2100))]
    #[schema(minimum = 1950, maximum = 2100)]
    pub graduation_year: Option<i32>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub field_of_study: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub languages: Vec<CandidateLanguage>,
    /// Current residence status, e.g. `student` (留学).
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub visa_status: Option<String>,
    #[validate(email, length(max = 254))]
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
    #[validate(length(min = 1, max = 40))]
    #[schema(min_length = 1, max_length = 40)]
    pub phone: Option<String>,
    /// The candidate's consent to the programme's use of this data; must be `true`. The
    /// moment it is given is recorded as `consent_given_at`.
    #[schema(value_type = ConsentGiven)]
    pub consent: bool,
}

/// `consent` of a new candidate: `true`, as [`candidates::check_new`] requires.
pub struct ConsentGiven;

impl utoipa::PartialSchema for ConsentGiven {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .description(Some(
                "The candidate's consent: nothing is stored without it.",
            ))
            .enum_values(Some([true]))
            .into()
    }
}

impl utoipa::ToSchema for ConsentGiven {}

/// Changes to a candidate; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: Option<String>,
    #[schema(value_type = Option<CountryCode>)]
    pub nationality: Option<String>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<ShortText<200>>)]
    pub university: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 1950, maximum = 2100)]
    pub graduation_year: Option<Option<i32>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<ShortText<200>>)]
    pub field_of_study: Option<Option<String>>,
    #[schema(max_items = 20)]
    pub languages: Option<Vec<CandidateLanguage>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<ShortText<100>>)]
    pub visa_status: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<ShortText<40>>)]
    pub phone: Option<Option<String>>,
}

/// Register a candidate
///
/// The desk for anyone (no account), or a candidate account for itself (once; the profile is
/// linked to the account).
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    request_body = NewCandidate,
    responses(
        (status = 201, description = "Created", body = CandidateView),
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
    candidates::check_new(&body)?;
    let view = db::write(&state.pool, move |conn| {
        actions::create_candidate(conn, &user, own, body)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateListParams {
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
}

/// List candidates
///
/// Every candidate, without their applications. The desk and admins.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(CandidateListParams, PageParams),
    responses(
        (status = 200, description = "One page of candidates (without their applications)", body = Page<CandidateView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/candidates")]
pub async fn list_candidates(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(params): Query<CandidateListParams>,
    Paging(page): Paging,
) -> Result<web::Json<Page<CandidateView>>, ApiError> {
    policy::manage_candidates(&user)?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
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

/// Get a candidate
///
/// The whole record, with every application and registration, for the candidate itself (the
/// export of its data) and the desk; the applicant's summary for a company the candidate
/// applied to; 404 for anyone else.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    responses(
        (status = 200, description = "The candidate", body = CandidateRecord),
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
        let (row, access) = actions::candidate_for(conn, &user, &key)?;
        match access {
            CandidateAccess::Full => Ok(CandidateRecord::Full(Box::new(actions::full_view(
                conn, &row,
            )?))),
            _ => Ok(CandidateRecord::Applicant(row.applicant()?)),
        }
    })
    .await?;
    Ok(web::Json(record))
}

/// Update a candidate
///
/// The candidate itself or the desk.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    request_body = CandidateChanges,
    responses(
        (status = 200, description = "The candidate", body = CandidateView),
        (status = 403, description = "A company may read, not change", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such candidate, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The candidate was erased", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/candidates/{id}")]
pub async fn update_candidate(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CandidateChanges>,
) -> Result<web::Json<CandidateView>, ApiError> {
    candidates::check_changes(&body)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        actions::update_candidate(conn, &user, &key, body)
    })
    .await?;
    Ok(web::Json(view))
}

/// Erase a candidate's personal data
///
/// Irreversibly: name, university, field, graduation year, languages, visa status and contact
/// details are blanked; the account is disabled and its e-mail replaced. Nationality stays:
/// the foreign-talent KPI is broken down by it, and a country alone names no one. The
/// applications stay without personal data, so a hire still counts. The candidate itself or
/// an admin.
#[utoipa::path(
    tag = "talent",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Candidate id")),
    responses(
        (status = 200, description = "The erased record", body = CandidateView),
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
        actions::erase_candidate(conn, &user, &key)
    })
    .await?;
    Ok(web::Json(view))
}
