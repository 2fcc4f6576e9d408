//! `/buyers`: buyer organisations (own organisation or desk), verification, recommendations.

use std::collections::BTreeMap;

use actix_web::{get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::store::{find_buyer, list_buyers as load_buyers, update_buyer, BuyerChanges};
use super::{BuyerView, Interests};
use crate::auth::{policy, AuthUser};
use crate::capabilities::store::{
    capabilities_in_categories_or_tags, search_capabilities, CapabilityWithCompany, CatalogueQuery,
    Visibility,
};
use crate::capabilities::CapabilityView;
use crate::db::{self, decode_list, encode_list};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::paging::{Page, PageRequest, MAX_LIMIT};
use crate::{search_terms, validate, AppState};

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuyerListQuery {
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub verified: Option<bool>,
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Every buyer organisation (desk).
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(BuyerListQuery),
    responses(
        (status = 200, description = "One page of buyers", body = Page<BuyerView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buyers")]
pub async fn list_buyers(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BuyerListQuery>,
) -> Result<web::Json<Page<BuyerView>>, ApiError> {
    policy::require_desk(&user)?;
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(load_buyers(
            conn,
            query.country.as_deref(),
            query.verified,
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

/// Loads a buyer organisation the caller may manage; others' are not found.
async fn managed_buyer(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> Result<super::store::BuyerRow, ApiError> {
    if !policy::can_manage_buyer(user, &id) {
        return Err(ApiError::NotFound);
    }
    let key = id.to_string();
    db::run(&state.pool, move |conn| Ok(find_buyer(conn, &key)?)).await
}

/// A buyer organisation: its own members and the desk only.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    responses(
        (status = 200, description = "The organisation", body = BuyerView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buyers/{id}")]
pub async fn get_buyer(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<BuyerView>, ApiError> {
    Ok(web::Json(
        managed_buyer(&state, &user, path.into_inner())
            .await?
            .view()?,
    ))
}

/// Profile fields of a buyer organisation; `verified` is the desk's, through `/verify`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerChangesRequest {
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    #[validate(length(max = 100))]
    pub industry: Option<String>,
    pub interests: Option<Interests>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
}

impl BuyerChangesRequest {
    fn check(&self) -> Result<(), ApiError> {
        let mut errors: Vec<FieldError> = Vec::new();
        if let Some(country) = &self.country {
            if !crate::codes::is_country_code(country) {
                errors.push(FieldError::new(
                    "country",
                    "must be an ISO 3166-1 alpha-2 code in upper case, e.g. TH",
                ));
            }
        }
        if let Some(interests) = &self.interests {
            errors.extend(validate::short_list(
                "interests.tags",
                &interests.tags,
                30,
                50,
            ));
        }
        if let Some(Some(url)) = &self.website {
            errors.extend(validate::web_url("website", url));
        }
        if let Some(languages) = &self.languages {
            errors.extend(validate::language_codes("languages", languages));
        }
        validate::finish(errors)
    }
}

/// Update a buyer organisation (its members or the desk).
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    request_body = BuyerChangesRequest,
    responses(
        (status = 200, description = "Updated", body = BuyerView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/buyers/{id}")]
pub async fn update_buyer_profile(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<BuyerChangesRequest>,
) -> Result<web::Json<BuyerView>, ApiError> {
    body.check()?;
    let id = path.into_inner();
    managed_buyer(&state, &user, id).await?;
    let changes = BuyerChanges {
        name: body.name.map(|v| v.trim().to_owned()),
        country: body.country,
        industry: body.industry.map(|v| v.trim().to_owned()),
        interest_categories: body.interests.as_ref().map(|i| {
            let mut categories: Vec<String> =
                i.categories.iter().map(|c| c.as_str().to_owned()).collect();
            categories.sort();
            categories.dedup();
            encode_list(&categories)
        }),
        interest_tags: body.interests.as_ref().map(|i| {
            let mut tags: Vec<String> = i
                .tags
                .iter()
                .map(|t| search_terms::normalize_tag(t))
                .collect();
            tags.dedup();
            encode_list(&tags)
        }),
        website: body.website.map(|w| w.map(|w| w.trim().to_owned())),
        languages: body.languages.as_deref().map(encode_list),
        updated_at: Some(db::now()),
        ..BuyerChanges::default()
    };
    let key = id.to_string();
    let row = db::write(&state.pool, move |conn| {
        Ok(update_buyer(conn, &key, &changes)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// Mark a buyer organisation verified, so its members may request meetings (desk).
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    responses(
        (status = 200, description = "Verified", body = BuyerView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already verified", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/buyers/{id}/verify")]
pub async fn verify_buyer(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<BuyerView>, ApiError> {
    policy::require_desk(&user)?;
    let key = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        if find_buyer(conn, &key)?.verified_at.is_some() {
            return Err(ApiError::Conflict(
                "the organisation is already verified".into(),
            ));
        }
        let now = db::now();
        let changes = BuyerChanges {
            verified_at: Some(Some(now)),
            verified_by: Some(Some(user.id.to_string())),
            updated_at: Some(now),
            ..BuyerChanges::default()
        };
        Ok(update_buyer(conn, &key, &changes)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// How many, 1–100 (default 20; larger values are clamped).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub capability: CapabilityView,
    /// Higher is a better match: 3 for the category, 2 per shared tag, 1 per interest found
    /// in the text.
    pub score: i32,
    /// Why it was matched, e.g. `category: machining`, `tag: cnc`, `text: aluminium`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
}

/// How many candidates each source may contribute before scoring.
const CANDIDATES_PER_SOURCE: i64 = 500;

/// Published capabilities ranked for a buyer from its interests, each with its reasons,
/// leaving out companies the buyer has already met. Same data, same answer: ties are broken
/// by capability id.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id"), RecommendationQuery),
    responses(
        (status = 200, description = "Recommended capabilities, best first", body = Recommendations),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buyers/{id}/recommendations")]
pub async fn recommend_capabilities(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    Query(query): Query<RecommendationQuery>,
) -> Result<web::Json<Recommendations>, ApiError> {
    let limit = PageRequest::new(query.limit, None)?.limit.min(MAX_LIMIT) as usize;
    let buyer = managed_buyer(&state, &user, path.into_inner()).await?;
    let interests = buyer.interests()?;
    let categories: Vec<String> = interests
        .categories
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let tags = decode_list(&buyer.interest_tags)?;
    let buyer_key = buyer.clone();
    let statistics = state.pool.term_statistics().clone();
    let candidates = db::run(&state.pool, move |conn| {
        let buyer = buyer_key;
        let frequencies = statistics.current(conn);
        let mut found: BTreeMap<String, CapabilityWithCompany> = BTreeMap::new();
        for row in
            capabilities_in_categories_or_tags(conn, &categories, &tags, CANDIDATES_PER_SOURCE)?
        {
            found.insert(row.0.id.clone(), row);
        }
        // Interests also match free text: "aluminium" in a description counts.
        for tag in &tags {
            let terms = search_terms::query_terms(tag);
            if terms.is_empty() {
                continue;
            }
            let query = CatalogueQuery {
                terms,
                ..CatalogueQuery::default()
            };
            for (row, _rank) in search_capabilities(
                conn,
                &frequencies,
                &query,
                &Visibility::Public,
                None,
                CANDIDATES_PER_SOURCE,
            )? {
                found.insert(row.0.id.clone(), row);
            }
        }
        // A buyer is pointed at companies it has not met yet.
        let met = crate::meetings::store::companies_met(conn, &buyer.id)?;
        found.retain(|_, (row, _)| !met.contains(&row.company_id));
        Ok((found, categories, tags))
    })
    .await?;
    let (found, categories, tags) = candidates;
    let mut ranked = Vec::new();
    for (row, company) in found.into_values() {
        let (name_ja, name_en) = (company.name_ja, company.name_en);
        let mut score = 0;
        let mut reasons = Vec::new();
        if categories.contains(&row.category) {
            score += 3;
            reasons.push(format!("category: {}", row.category));
        }
        let capability_tags = decode_list(&row.tags)?;
        let documents = row.search_documents(&name_ja, &name_en)?;
        for tag in &tags {
            if capability_tags.contains(tag) {
                score += 2;
                reasons.push(format!("tag: {tag}"));
            } else if documents.match_all(&search_terms::query_terms(tag)) {
                score += 1;
                reasons.push(format!("text: {tag}"));
            }
        }
        if score > 0 {
            ranked.push((
                score,
                row.id.clone(),
                Recommendation {
                    capability: row.view(&name_ja, &name_en)?,
                    score,
                    reasons,
                },
            ));
        }
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(web::Json(Recommendations {
        items: ranked.into_iter().take(limit).map(|(_, _, r)| r).collect(),
    }))
}
