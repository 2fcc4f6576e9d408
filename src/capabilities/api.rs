//! `/capabilities`: the public catalogue search, and companies' own capabilities.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use base64::Engine;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{
    find_capability, save_capability, search_capabilities, CapabilityRecord, CatalogueCursor,
    CatalogueQuery, Visibility,
};
use super::{CapabilityStatus, CapabilityView, Category};
use crate::auth::{policy, AuthUser, MaybeAuthUser};
use crate::companies::store::find_company;
use crate::companies::{CompanyStatus, Ward};
use crate::db::{self, encode_list};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageRequest};
use crate::{search, validate, AppState};

/// A new capability. It starts as a draft unless `status` says `published`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCapability {
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
    pub category: Category,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub materials: Vec<String>,
    #[serde(default)]
    pub certifications: Vec<String>,
    /// Smallest order, in pieces (at least 1).
    #[validate(range(min = 1, max = 100000000))]
    pub min_lot: Option<i32>,
    #[validate(range(min = 0, max = 3650))]
    pub lead_time_days: Option<i32>,
    /// `draft` (default) or `published`.
    pub status: Option<CapabilityStatus>,
}

/// Changes to a capability; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityChanges {
    #[validate(length(min = 1, max = 200))]
    pub title_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    pub title_en: Option<String>,
    #[validate(length(max = 5000))]
    pub description_ja: Option<String>,
    #[validate(length(max = 5000))]
    pub description_en: Option<String>,
    pub category: Option<Category>,
    pub tags: Option<Vec<String>>,
    pub materials: Option<Vec<String>>,
    pub certifications: Option<Vec<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 1)]
    pub min_lot: Option<Option<i32>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 0)]
    pub lead_time_days: Option<Option<i32>>,
    /// `draft → published → archived` (a draft may be archived directly).
    pub status: Option<CapabilityStatus>,
}

fn check_lists(
    tags: Option<&[String]>,
    materials: Option<&[String]>,
    certifications: Option<&[String]>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(tags) = tags {
        errors.extend(validate::short_list("tags", tags, 20, 50));
    }
    if let Some(materials) = materials {
        errors.extend(validate::short_list("materials", materials, 30, 100));
    }
    if let Some(certifications) = certifications {
        errors.extend(validate::short_list(
            "certifications",
            certifications,
            30,
            100,
        ));
    }
    errors
}

fn check_range(field: &str, value: Option<Option<i32>>, min: i32, max: i32) -> Vec<FieldError> {
    match value {
        Some(Some(n)) if !(min..=max).contains(&n) => {
            vec![FieldError::new(
                field,
                format!("must be between {min} and {max}"),
            )]
        }
        _ => Vec::new(),
    }
}

fn normalized_tags(tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = tags.iter().map(|t| search::normalize_tag(t)).collect();
    tags.dedup();
    tags
}

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter().map(|s| s.trim().to_owned()).collect()
}

/// Add a capability to a company (its members or the desk).
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = NewCapability,
    responses(
        (status = 201, description = "Created", body = CapabilityView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of this company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/companies/{id}/capabilities")]
pub async fn create_capability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<NewCapability>,
) -> Result<HttpResponse, ApiError> {
    validate::finish(check_lists(
        Some(&body.tags),
        Some(&body.materials),
        Some(&body.certifications),
    ))?;
    let status = body.status.unwrap_or(CapabilityStatus::Draft);
    if status == CapabilityStatus::Archived {
        return Err(ApiError::invalid(
            "status",
            "a new capability is a draft or published",
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
                "only the company's members and the desk add capabilities".into(),
            ));
        }
        let now = db::now();
        let mut record = CapabilityRecord {
            id: db::new_id(),
            company_id: company.id.clone(),
            title_ja: body.title_ja.trim().to_owned(),
            title_en: body.title_en.trim().to_owned(),
            description_ja: body.description_ja,
            description_en: body.description_en,
            category: body.category.as_str().to_owned(),
            tags: encode_list(&normalized_tags(&body.tags)),
            materials: encode_list(&trimmed(&body.materials)),
            certifications: encode_list(&trimmed(&body.certifications)),
            min_lot: body.min_lot,
            lead_time_days: body.lead_time_days,
            status: status.as_str().to_owned(),
            search_primary: String::new(),
            search_secondary: String::new(),
            published_at: (status == CapabilityStatus::Published).then_some(now),
            archived_at: None,
            created_at: now,
            updated_at: now,
        };
        record.index(&company.name_ja, &company.name_en)?;
        save_capability(conn, &record, true)?;
        let (row, (name_ja, name_en, _)) = find_capability(conn, &record.id)?;
        row.view(&name_ja, &name_en)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One capability: public when published by an approved company, else only for the
/// company's members and the desk.
#[utoipa::path(
    tag = "capabilities",
    params(("id" = Uuid, Path, description = "Capability id")),
    responses(
        (status = 200, description = "The capability", body = CapabilityView),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such capability, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/capabilities/{id}")]
pub async fn get_capability(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<CapabilityView>, ApiError> {
    let key = path.into_inner().to_string();
    let (row, (name_ja, name_en, company_status)) =
        db::run(&state.pool, move |conn| Ok(find_capability(conn, &key)?)).await?;
    let company_id = crate::db::parse_id(&row.company_id)?;
    let visible = policy::can_view_capability(
        user.0.as_ref(),
        &company_id,
        company_status == CompanyStatus::Approved.as_str(),
        row.status()? == CapabilityStatus::Published,
    );
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok(web::Json(row.view(&name_ja, &name_en)?))
}

/// Loads a capability for a change by its company's members or the desk.
fn capability_for_edit(
    conn: &mut db::DbConn,
    user: &AuthUser,
    id: &str,
) -> Result<(super::store::CapabilityRow, String, String), ApiError> {
    let (row, (name_ja, name_en, company_status)) = find_capability(conn, id)?;
    let company_id = crate::db::parse_id(&row.company_id)?;
    let visible = policy::can_view_capability(
        Some(user),
        &company_id,
        company_status == CompanyStatus::Approved.as_str(),
        row.status()? == CapabilityStatus::Published,
    );
    if !visible {
        return Err(ApiError::NotFound);
    }
    if !policy::can_edit_company(user, &company_id) {
        return Err(ApiError::Forbidden(
            "only the company's members and the desk change its capabilities".into(),
        ));
    }
    Ok((row, name_ja, name_en))
}

/// Change a capability or move it along `draft → published → archived`.
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Capability id")),
    request_body = CapabilityChanges,
    responses(
        (status = 200, description = "The updated capability", body = CapabilityView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such capability, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The status change is not allowed (e.g. from archived)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/capabilities/{id}")]
pub async fn update_capability(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CapabilityChanges>,
) -> Result<web::Json<CapabilityView>, ApiError> {
    let mut errors = check_lists(
        body.tags.as_deref(),
        body.materials.as_deref(),
        body.certifications.as_deref(),
    );
    errors.extend(check_range("min_lot", body.min_lot, 1, 100_000_000));
    errors.extend(check_range("lead_time_days", body.lead_time_days, 0, 3650));
    validate::finish(errors)?;
    let key = path.into_inner().to_string();
    let view = db::write(&state.pool, move |conn| {
        let (row, name_ja, name_en) = capability_for_edit(conn, &user, &key)?;
        let current = row.status()?;
        if current == CapabilityStatus::Archived {
            return Err(ApiError::Conflict(
                "the capability is archived; archived capabilities are kept as they were".into(),
            ));
        }
        let now = db::now();
        let mut record = CapabilityRecord::from(row);
        if let Some(next) = body.status {
            if !current.can_become(next) {
                return Err(ApiError::Conflict(format!(
                    "a {} capability cannot become {}",
                    current.as_str(),
                    next.as_str()
                )));
            }
            if next != current {
                record.status = next.as_str().to_owned();
                match next {
                    CapabilityStatus::Published => record.published_at = Some(now),
                    CapabilityStatus::Archived => record.archived_at = Some(now),
                    CapabilityStatus::Draft => {}
                }
            }
        }
        if let Some(v) = body.title_ja {
            record.title_ja = v.trim().to_owned();
        }
        if let Some(v) = body.title_en {
            record.title_en = v.trim().to_owned();
        }
        if let Some(v) = body.description_ja {
            record.description_ja = v;
        }
        if let Some(v) = body.description_en {
            record.description_en = v;
        }
        if let Some(v) = body.category {
            record.category = v.as_str().to_owned();
        }
        if let Some(v) = &body.tags {
            record.tags = encode_list(&normalized_tags(v));
        }
        if let Some(v) = &body.materials {
            record.materials = encode_list(&trimmed(v));
        }
        if let Some(v) = &body.certifications {
            record.certifications = encode_list(&trimmed(v));
        }
        if let Some(v) = body.min_lot {
            record.min_lot = v;
        }
        if let Some(v) = body.lead_time_days {
            record.lead_time_days = v;
        }
        record.updated_at = now;
        record.index(&name_ja, &name_en)?;
        save_capability(conn, &record, false)?;
        let (row, (name_ja, name_en, _)) = find_capability(conn, &record.id)?;
        row.view(&name_ja, &name_en)
    })
    .await?;
    Ok(web::Json(view))
}

/// Archive a capability: it leaves the catalogue, its history stays.
#[utoipa::path(
    tag = "capabilities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Capability id")),
    responses(
        (status = 204, description = "Archived (or already archived)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
        if row.status()? == CapabilityStatus::Archived {
            return Ok(());
        }
        let now = db::now();
        let mut record = CapabilityRecord::from(row);
        record.status = CapabilityStatus::Archived.as_str().to_owned();
        record.archived_at = Some(now);
        record.updated_at = now;
        record.index(&name_ja, &name_en)?;
        save_capability(conn, &record, false)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueParams {
    /// Words or Japanese text; full-width and half-width forms match alike. Every term must
    /// match (as a prefix) in a title, description, tag, material or the company's name.
    #[validate(length(max = 200))]
    pub q: Option<String>,
    pub category: Option<Category>,
    /// The company's industry, exactly.
    pub industry: Option<String>,
    pub tag: Option<String>,
    pub ward: Option<Ward>,
    pub company_id: Option<Uuid>,
    /// Desk, or members with `company_id` of their own company: capabilities in this status.
    pub status: Option<CapabilityStatus>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Search the catalogue. With `q`, results whose titles, tags or company names match come
/// first; otherwise, and within each rank, in creation order.
#[utoipa::path(
    tag = "capabilities",
    params(CatalogueParams),
    responses(
        (status = 200, description = "One page of capabilities", body = Page<CapabilityView>),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Unpublished capabilities are for their company and the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/capabilities")]
pub async fn list_capabilities(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    Query(params): Query<CatalogueParams>,
) -> Result<web::Json<Page<CapabilityView>>, ApiError> {
    let page = PageRequest::new(params.limit, None)?;
    let after = params
        .cursor
        .as_deref()
        .map(|c| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| {
                    let (rank, id) = s.split_once(':')?;
                    Some(CatalogueCursor {
                        rank: rank.parse().ok()?,
                        id: id.to_owned(),
                    })
                })
                .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API handed out"))
        })
        .transpose()?;
    let privileged = |company: Option<&Uuid>| {
        user.0.as_ref().is_some_and(|u| {
            policy::is_desk(u) || company.is_some_and(|c| policy::is_company_member(u, c))
        })
    };
    let visibility = match params.status {
        None => Visibility::Public,
        Some(CapabilityStatus::Published) if !privileged(params.company_id.as_ref()) => Visibility::Public,
        Some(status) if privileged(params.company_id.as_ref()) => Visibility::Status(status.as_str().to_owned()),
        Some(_) => {
            return Err(ApiError::Forbidden(
                "unpublished capabilities are listed for the desk and for a company's own members (with its company_id)"
                    .into(),
            ))
        }
    };
    let query = CatalogueQuery {
        terms: params
            .q
            .as_deref()
            .map(search::query_terms)
            .unwrap_or_default(),
        category: params.category.map(|c| c.as_str().to_owned()),
        industry: params.industry,
        tag: params.tag.as_deref().map(search::normalize_tag),
        ward: params.ward.map(|w| w.as_str().to_owned()),
        company_id: params.company_id.map(|id| id.to_string()),
    };
    let fetch = page.fetch_limit();
    let statistics = state.pool.term_statistics().clone();
    let rows = db::run(&state.pool, move |conn| {
        let frequencies = statistics.current(conn);
        Ok(search_capabilities(
            conn,
            &frequencies,
            &query,
            &visibility,
            after.as_ref(),
            fetch,
        )?)
    })
    .await?;
    // The cursor carries the last row's rank as well as its id (see CatalogueCursor).
    let cursor_key =
        |((row, _), rank): &super::store::RankedCapability| format!("{rank}:{}", row.id);
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        cursor_key,
        |((row, (ja, en, _)), _)| row.view(&ja, &en),
    )?))
}
