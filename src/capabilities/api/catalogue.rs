//! `/capabilities`: the public catalogue search and one capability.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, MaybeAuthUser};
use crate::capabilities::rules;
use crate::capabilities::store::{
    find_capability, search_capabilities, CatalogueCursor, CatalogueQuery, RankedCapability,
};
use crate::capabilities::{CapabilityStatus, CapabilityView, Category};
use crate::companies::{CompanyStatus, Ward};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::paging::{Page, PageParams, Paging};
use crate::{search_terms, AppState};

/// Get a capability
///
/// Public when published by an approved company; otherwise only the company's members and the
/// desk see it, and anyone else gets 404. Signing in is optional.
#[utoipa::path(
    tag = "capabilities",
    security((), ("bearer" = [])),
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
    let (row, company) = db::run(&state.pool, move |conn| Ok(find_capability(conn, &key)?)).await?;
    let company_id = db::parse_id(&row.company_id)?;
    let municipality = db::parse_id(&company.municipality_id)?;
    let visible = policy::can_view_capability(
        user.0
            .as_ref()
            .and_then(|u| policy::within_scope(u, &municipality)),
        &company_id,
        company.status == CompanyStatus::Approved,
        row.status == CapabilityStatus::Published,
    );
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok(web::Json(row.view(&company.name_ja, &company.name_en)?))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueParams {
    /// Words or Japanese text; full-width and half-width forms match alike. Every term must
    /// match (as a prefix) in a title, description, tag, material or the company's name.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub category: Option<Category>,
    /// The company's industry, exactly.
    pub industry: Option<String>,
    pub tag: Option<String>,
    pub ward: Option<Ward>,
    pub company_id: Option<Uuid>,
    /// Desk, or members with `company_id` of their own company: capabilities in this status.
    pub status: Option<CapabilityStatus>,
}

/// Search the catalogue
///
/// Published capabilities of approved companies. With `q`, every term must match (as a prefix)
/// a title, description, tag, material or the company's name, full-width and half-width forms
/// alike; results whose titles, tags or company names match come first. Otherwise, and within
/// each rank, in creation order. Signing in is optional: the desk, and a company's members for
/// their own company, may also ask for other statuses.
#[utoipa::path(
    tag = "capabilities",
    security((), ("bearer" = [])),
    params(CatalogueParams, PageParams),
    responses(
        (status = 200, description = "One page of capabilities", body = Page<CapabilityView>, example = json!({
            "items": [
                {
                    "id": "01a23481-9a07-7042-b66f-fa0df7ed4783",
                    "company": {
                        "id": "01a23481-99ea-7267-859a-04f147de6d6f",
                        "name_ja": "相模板金",
                        "name_en": "Sagami Sheet Metal"
                    },
                    "title_ja": "精密板金加工",
                    "title_en": "Precision sheet-metal work",
                    "description_ja": "精密板金加工。小ロットから対応。",
                    "description_en": "Precision sheet-metal work; small lots welcome.",
                    "category": "stamping",
                    "tags": [
                        "sheet metal",
                        "stainless"
                    ],
                    "materials": [
                        "A5052",
                        "SUS304"
                    ],
                    "certifications": [],
                    "min_lot": 60,
                    "lead_time_days": 43,
                    "status": "published",
                    "published_at": "2026-12-02T02:07:18.535529Z",
                    "created_at": "2026-12-02T02:07:18.535529Z",
                    "updated_at": "2026-12-02T02:07:18.535529Z"
                }
            ],
            "next_cursor": "MDowMWEyMzQ4MS05ZTgyLTc2ZjMtOTljOC0xYjU0NDNiMDI0ZWY"
        })),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Unpublished capabilities are for their company and the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/capabilities")]
pub async fn list_capabilities(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    Query(params): Query<CatalogueParams>,
    Paging(page): Paging,
) -> Result<web::Json<Page<CapabilityView>>, ApiError> {
    let after = match page.after.as_deref().map(CatalogueCursor::decode) {
        // A cursor the catalogue did not write names no place in it: nothing comes after.
        Some(None) => {
            return Ok(web::Json(Page {
                items: Vec::new(),
                next_cursor: None,
            }))
        }
        Some(Some(after)) => Some(after),
        None => None,
    };
    let visibility =
        rules::catalogue_visibility(user.0.as_ref(), params.status, params.company_id.as_ref())?;
    let query = CatalogueQuery {
        terms: params
            .q
            .as_deref()
            .map(search_terms::query_terms)
            .unwrap_or_default(),
        category: params.category.map(|c| c.as_str().to_owned()),
        industry: params.industry,
        tag: params.tag.as_deref().map(search_terms::normalize_tag),
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
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |((row, _), rank): &RankedCapability| CatalogueCursor::key(*rank, &row.id),
        |((row, company), _)| row.view(&company.name_ja, &company.name_en),
    )?))
}
