//! `/buyers` and `/buyers/{id}`: buyer organisations (their own members or the desk),
//! their profiles and the desk's verification.

use actix_web::{get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::managed_buyer;
use crate::auth::{policy, AuthUser};
use crate::buyers::store::{find_buyer, list_buyers as load_buyers, update_buyer, BuyerUpdate};
use crate::buyers::{BuyerView, Interests};
use crate::codes::{CountryCode, LanguageCode};
use crate::db::{self, encode_list};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::notifications::facts::BuyerFacts;
use crate::notifications::{self, webhooks, Audience, Facts, Kind};
use crate::paging::{Page, PageParams, Paging};
use crate::validate::WebUrl;
use crate::{search_terms, validate, AppState};
use serde_json::json;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuyerListQuery {
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub verified: Option<bool>,
}

/// List buyer organisations
///
/// Every overseas buyer organisation, verified or not. The desk only.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(BuyerListQuery, PageParams),
    responses(
        (status = 200, description = "One page of buyers", body = Page<BuyerView>),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buyers")]
pub async fn list_buyers(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BuyerListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<BuyerView>>, ApiError> {
    policy::require_desk(&user)?;
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

/// Get a buyer organisation
///
/// Its own members and the desk only; anyone else gets 404.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    responses(
        (status = 200, description = "The organisation", body = BuyerView),
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
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(value_type = Option<CountryCode>)]
    pub country: Option<String>,
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub industry: Option<String>,
    pub interests: Option<Interests>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<WebUrl>)]
    pub website: Option<Option<String>>,
    /// ISO 639-1 codes.
    #[schema(value_type = Option<Vec<LanguageCode>>, max_items = 20)]
    pub languages: Option<Vec<String>>,
}

impl BuyerChangesRequest {
    fn check(&self) -> Result<(), ApiError> {
        let mut errors: Vec<FieldError> = Vec::new();
        if let Some(country) = &self.country {
            if !crate::codes::is_country_code(country) {
                errors.push(FieldError::new(
                    "country",
                    Msg::CountryCode { example: "TH" },
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

/// Update a buyer organisation
///
/// Changes its name, country, industry, interests, website or languages. Its members or the
/// desk.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    request_body = BuyerChangesRequest,
    responses(
        (status = 200, description = "Updated", body = BuyerView),
        (status = 404, description = "No such organisation, or not yours", body = Problem, content_type = "application/problem+json"),
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
    let changes = BuyerUpdate {
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
        ..BuyerUpdate::default()
    };
    let key = id.to_string();
    let row = db::write(&state.pool, move |conn| {
        Ok(update_buyer(conn, &key, &changes)?)
    })
    .await?;
    Ok(web::Json(row.view()?))
}

/// Verify a buyer organisation
///
/// Marks the organisation verified, so that its members may request meetings. The desk only.
#[utoipa::path(
    tag = "buyers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Buyer organisation id")),
    responses(
        (status = 200, description = "Verified", body = BuyerView),
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
            return Err(ApiError::Conflict(Msg::AlreadyVerified));
        }
        let now = db::now();
        let changes = BuyerUpdate {
            verified_at: Some(Some(now)),
            verified_by: Some(Some(user.id.to_string())),
            updated_at: Some(now),
            ..BuyerUpdate::default()
        };
        let row = update_buyer(conn, &key, &changes)?;
        let facts = Facts::Buyer(BuyerFacts {
            buyer_id: key.clone(),
            name: row.name.clone(),
        });
        notifications::tell(
            conn,
            Kind::BuyerVerified,
            &facts,
            &[Audience::BuyerMembers(&key)],
        )?;
        let scope = webhooks::Scope {
            company_id: None,
            buyer_id: Some(&key),
        };
        let data = json!({ "buyer_id": key, "verified_at": now.and_utc() });
        webhooks::publish(conn, webhooks::EventType::BuyerVerified, &key, scope, data)?;
        Ok(row)
    })
    .await?;
    Ok(web::Json(row.view()?))
}
