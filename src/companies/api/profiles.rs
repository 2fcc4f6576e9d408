//! `/companies` and `/companies/{id}`: company profiles, public once approved, changed by
//! their members or the desk.

use actix_web::{get, patch, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{policy, AuthUser, MaybeAuthUser};
use crate::codes::{CountryCode, LanguageCode};
use crate::companies::store::{
    find_company, list_companies as load_companies, update_company, CompanyFilter, CompanyUpdate,
};
use crate::companies::{CompanyStatus, CompanyView, Ward};
use crate::db::search::reindex_company_capabilities;
use crate::db::{self, encode_list};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::validate;
use crate::validate::{ShortText, WebUrl};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompanyListQuery {
    /// Desk and admin only: companies in this status (others see approved companies).
    pub status: Option<CompanyStatus>,
    pub industry: Option<String>,
    pub ward: Option<Ward>,
    /// Companies of this municipality only. A scoped desk sees its own municipality's
    /// whatever it asks (another is a 404).
    pub municipality_id: Option<Uuid>,
}

/// List companies
///
/// Approved companies for everyone; the desk may list any status. A desk scoped to one
/// municipality lists that municipality's companies only. Signing in is optional.
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = [])),
    params(CompanyListQuery, PageParams),
    responses(
        (status = 200, description = "One page of companies", body = Page<CompanyView>),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the desk lists companies by status", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A scoped account named another municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/companies")]
pub async fn list_companies(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    Query(query): Query<CompanyListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<CompanyView>>, ApiError> {
    let is_desk = user.0.as_ref().is_some_and(policy::is_desk);
    let municipality = match user.0.as_ref() {
        Some(u) => policy::municipality_filter(u, query.municipality_id.as_ref())?.copied(),
        None => query.municipality_id,
    };
    let status = match query.status {
        Some(status) if status != CompanyStatus::Approved && !is_desk => {
            return Err(ApiError::Forbidden(Msg::DeskListsUnapproved))
        }
        Some(status) => Some(status),
        None if is_desk => None,
        None => Some(CompanyStatus::Approved),
    };
    let filter = CompanyFilter {
        status,
        industry: query.industry,
        ward: query.ward,
        municipality_id: municipality.map(|m| m.to_string()),
    };
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(load_companies(conn, &filter, after.as_deref(), fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        |r| r.view(),
    )?))
}

/// Get a company
///
/// Approved companies are public; pending and suspended ones are visible only to their members
/// and the desk. Signing in is optional.
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    responses(
        (status = 200, description = "The company", body = CompanyView),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/companies/{id}")]
pub async fn get_company(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<CompanyView>, ApiError> {
    let id = path.into_inner();
    let key = id.to_string();
    let row = db::run(&state.pool, move |conn| Ok(find_company(conn, &key)?)).await?;
    let approved = row.status == CompanyStatus::Approved;
    let municipality = row.municipality()?;
    let caller = user
        .0
        .as_ref()
        .and_then(|u| policy::within_scope(u, &municipality));
    if !policy::can_view_company(caller, &id, approved) {
        return Err(ApiError::NotFound);
    }
    Ok(web::Json(row.view()?))
}

/// The profile fields a company's members (or the desk) may change. Status is not among them.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyProfileChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name_en: Option<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub industry: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_ja: Option<String>,
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description_en: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 1000000)]
    pub employees: Option<Option<i32>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<i32>, minimum = 1800, maximum = 2100)]
    pub founded_year: Option<Option<i32>>,
    /// An http(s) URL; stored and shown, never fetched by the service.
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<WebUrl>)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "validate::double_option")]
    #[schema(value_type = Option<Ward>)]
    pub ward: Option<Option<Ward>>,
    #[schema(value_type = Option<Vec<ShortText<100>>>, max_items = 30)]
    pub certifications: Option<Vec<String>>,
    /// ISO 3166-1 alpha-2 codes of countries exported to.
    #[schema(value_type = Option<Vec<CountryCode>>, max_items = 250)]
    pub export_countries: Option<Vec<String>>,
    /// ISO 639-1 codes.
    #[schema(value_type = Option<Vec<LanguageCode>>, max_items = 20)]
    pub languages: Option<Vec<String>>,
}

impl CompanyProfileChanges {
    fn check(&self) -> Result<(), ApiError> {
        let mut errors = Vec::new();
        if let Some(Some(n)) = self.employees {
            if !(0..=1_000_000).contains(&n) {
                errors.push(FieldError::new("employees", Msg::between(0, 1_000_000)));
            }
        }
        if let Some(Some(year)) = self.founded_year {
            let this_year = chrono::Datelike::year(&chrono::Utc::now());
            if !(1800..=this_year).contains(&year) {
                errors.push(FieldError::new(
                    "founded_year",
                    Msg::between(1800, this_year),
                ));
            }
        }
        if let Some(Some(url)) = &self.website {
            errors.extend(validate::web_url("website", url));
        }
        if let Some(list) = &self.certifications {
            errors.extend(validate::short_list("certifications", list, 30, 100));
        }
        if let Some(list) = &self.export_countries {
            errors.extend(validate::country_codes("export_countries", list));
        }
        if let Some(list) = &self.languages {
            errors.extend(validate::language_codes("languages", list));
        }
        validate::finish(errors)
    }
}

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter().map(|s| s.trim().to_owned()).collect()
}

/// Update a company profile
///
/// Its members or the desk.
#[utoipa::path(
    tag = "companies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = CompanyProfileChanges,
    responses(
        (status = 200, description = "The updated company", body = CompanyView),
        (status = 403, description = "Not a member of this company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such company, or not visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Business rule: `founded_year` is not after the current year", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/companies/{id}")]
pub async fn update_company_profile(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<CompanyProfileChanges>,
) -> Result<web::Json<CompanyView>, ApiError> {
    body.check()?;
    let id = path.into_inner();
    let key = id.to_string();
    let row = db::write(&state.pool, move |conn| {
        let current = find_company(conn, &key)?;
        let approved = current.status == CompanyStatus::Approved;
        let municipality = current.municipality()?;
        let caller = policy::within_scope(&user, &municipality);
        if !policy::can_view_company(caller, &id, approved) {
            return Err(ApiError::NotFound);
        }
        let Some(user) = caller else {
            return Err(ApiError::NotFound);
        };
        if !policy::can_edit_company(user, &id) {
            return Err(ApiError::Forbidden(Msg::MembersAndDeskEditCompany));
        }
        let renamed = body.name_ja.is_some() || body.name_en.is_some();
        let changes = CompanyUpdate {
            name_ja: body.name_ja.map(|v| v.trim().to_owned()),
            name_en: body.name_en.map(|v| v.trim().to_owned()),
            industry: body.industry.map(|v| v.trim().to_owned()),
            description_ja: body.description_ja,
            description_en: body.description_en,
            employees: body.employees,
            founded_year: body.founded_year,
            website: body.website.map(|w| w.map(|w| w.trim().to_owned())),
            ward: body.ward,
            certifications: body
                .certifications
                .as_deref()
                .map(|l| encode_list(&trimmed(l))),
            export_countries: body.export_countries.as_deref().map(encode_list),
            languages: body.languages.as_deref().map(encode_list),
            updated_at: Some(db::now()),
            ..CompanyUpdate::default()
        };
        let row = update_company(conn, &key, &changes)?;
        if renamed {
            // Company names are searchable with its capabilities.
            reindex_company_capabilities(conn, &key, &row.name_ja, &row.name_en)?;
        }
        Ok(row)
    })
    .await?;
    Ok(web::Json(row.view()?))
}
