//! `/companies/{id}/capabilities` and `/capabilities/{id}` changes: a company's members (or
//! the desk) add, change and archive its capabilities.

use actix_web::{delete, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser};
use crate::capabilities::rules;
use crate::capabilities::store::{
    find_capability, save_capability, CapabilityRecord, CapabilityRow,
};
use crate::capabilities::{CapabilityStatus, CapabilityView, Category};
use crate::companies::store::find_company;
use crate::companies::CompanyStatus;
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::i18n::Msg;
use crate::validate::ShortText;
use crate::{validate, AppState};

/// A new capability. It starts as a draft unless `status` says `published`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCapability {
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
    pub category: Category,
    #[serde(default)]
    #[schema(value_type = Vec<ShortText<50>>, max_items = 20)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<ShortText<100>>, max_items = 30)]
    pub materials: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<ShortText<100>>, max_items = 30)]
    pub certifications: Vec<String>,
    /// Smallest order, in pieces (at least 1).
    #[validate(range(min = 1, max = 100000000))]
    #[schema(minimum = 1, maximum = 100000000)]
    pub min_lot: Option<i32>,
    #[validate(range(min = 0, max = 3650))]
    #[schema(minimum = 0, maximum = 3650)]
    pub lead_time_days: Option<i32>,
    /// `draft` (default) or `published`.
    #[schema(value_type = Option<crate::capabilities::rules::InitialCapabilityStatus>)]
    pub status: Option<CapabilityStatus>,
}

/// Changes to a capability; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityChanges {
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
    pub category: Option<Category>,
    #[schema(value_type = Option<Vec<ShortText<50>>>, max_items = 20)]
    pub tags: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<ShortText<100>>>, max_items = 30)]
    pub materials: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<ShortText<100>>>, max_items = 30)]
    pub certifications: Option<Vec<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 100000000)]
    pub min_lot: Option<Option<i32>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 3650)]
    pub lead_time_days: Option<Option<i32>>,
    /// `draft → published → archived` (a draft may be archived directly).
    pub status: Option<CapabilityStatus>,
}

/// Add a capability to a company
///
/// What the company makes or offers, in Japanese and English; a draft unless `status` says
/// `published`. The company's members or the desk.
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewCapability,
    responses(
        (status = 201, description = "Created", body = CapabilityView),
        (status = 403, description = "Not a member of this company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/capabilities")]
pub async fn create_capability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewCapability>,
) -> Result<HttpResponse, ApiError> {
    let status = rules::check_new(&body)?;
    let company_id = path.into_inner();
    let view = db::write(&state.pool, move |conn| {
        let company = find_company(conn, &company_id.to_string())?;
        let approved = company.status == CompanyStatus::Approved;
        let Some(user) = policy::within_scope(&user, &company.municipality()?) else {
            return Err(ApiError::NotFound);
        };
        if !policy::can_view_company(Some(user), &company_id, approved) {
            return Err(ApiError::NotFound);
        }
        if !policy::can_edit_company(user, &company_id) {
            return Err(ApiError::Forbidden(Msg::MembersAndDeskAddCapabilities));
        }
        let mut record = rules::new_record(&company.id, body, status, db::now());
        record.index(&company.name_ja, &company.name_en)?;
        save_capability(conn, &record, true)?;
        saved_view(conn, &record)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Update a capability
///
/// Changes its fields or moves it along `draft → published → archived`. The company's members
/// or the desk.
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Capability id")),
    request_body = CapabilityChanges,
    responses(
        (status = 200, description = "The updated capability", body = CapabilityView),
        (status = 403, description = "Not a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such capability, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The status change is not allowed (e.g. from archived)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/capabilities/{id}")]
pub async fn update_capability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CapabilityChanges>,
) -> Result<web::Json<CapabilityView>, ApiError> {
    rules::check_changes(&body)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (row, name_ja, name_en) = capability_for_edit(conn, &user, &key)?;
        let current = row.status;
        let mut record = CapabilityRecord::from(row);
        rules::apply_changes(&mut record, current, body, db::now())?;
        record.index(&name_ja, &name_en)?;
        save_capability(conn, &record, false)?;
        saved_view(conn, &record)
    })
    .await?;
    Ok(web::Json(view))
}

/// Archive a capability
///
/// It leaves the catalogue; its history (meetings, negotiations) stays, and the company and the
/// desk still read it. The company's members or the desk.
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Capability id")),
    responses(
        (status = 204, description = "Archived (or already archived)"),
        (status = 403, description = "Not a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such capability, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/capabilities/{id}")]
pub async fn archive_capability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner().to_string();
    db::write(&state.pool, move |conn| {
        let (row, name_ja, name_en) = capability_for_edit(conn, &user, &key)?;
        let current = row.status;
        let mut record = CapabilityRecord::from(row);
        if !rules::archive(&mut record, current, db::now()) {
            return Ok(());
        }
        record.index(&name_ja, &name_en)?;
        save_capability(conn, &record, false)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Loads a capability for a change by its company's members or the desk, with its
/// company's names.
fn capability_for_edit(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(CapabilityRow, String, String), ApiError> {
    let (row, company) = find_capability(conn, id)?;
    let company_id = db::parse_id(&row.company_id)?;
    let Some(user) = policy::within_scope(user, &db::parse_id(&company.municipality_id)?) else {
        return Err(ApiError::NotFound);
    };
    let visible = policy::can_view_capability(
        Some(user),
        &company_id,
        company.status == CompanyStatus::Approved,
        row.status == CapabilityStatus::Published,
    );
    if !visible {
        return Err(ApiError::NotFound);
    }
    if !policy::can_edit_company(user, &company_id) {
        return Err(ApiError::Forbidden(Msg::MembersAndDeskChangeCapabilities));
    }
    Ok((row, company.name_ja, company.name_en))
}

/// The capability as saved, read back for the answer.
fn saved_view(conn: &mut DbConn, record: &CapabilityRecord) -> Result<CapabilityView, ApiError> {
    let (row, company) = find_capability(conn, &record.id)?;
    row.view(&company.name_ja, &company.name_en)
}
