//! SME company profiles: bilingual, curated by the desk (`pending → approved | suspended`).
//! Registration creates a pending company; only approved companies are public.

pub mod api;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{policy, AuthUser};
use crate::db::decode_list;
use crate::db::parse_id;
use crate::db::DbConn;
use crate::error::ApiError;
use store::CompanyRow;

crate::stored_enum! {
    pub enum CompanyStatus {
        Pending,
        Approved,
        Suspended,
    }
}

crate::stored_enum! {
    /// Sagamihara's three wards.
    pub enum Ward {
        Midori,
        Chuo,
        Minami,
    }
}

/// A company profile as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyView {
    pub id: Uuid,
    #[schema(example = "田中精密工業")]
    pub name_ja: String,
    #[schema(example = "Tanaka Precision")]
    pub name_en: String,
    pub industry: String,
    pub description_ja: String,
    pub description_en: String,
    pub employees: Option<i32>,
    pub founded_year: Option<i32>,
    /// Shown as given; the service never fetches it.
    pub website: Option<String>,
    pub ward: Option<Ward>,
    pub certifications: Vec<String>,
    /// Countries exported to (ISO 3166-1 alpha-2); empty means no export experience yet.
    pub export_countries: Vec<String>,
    /// ISO 639-1 codes of the languages the company can negotiate in.
    pub languages: Vec<String>,
    pub status: CompanyStatus,
    /// Why the desk last approved or suspended the company.
    pub status_reason: Option<String>,
    /// The municipality the company belongs to (`GET /municipalities`).
    pub municipality_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// 404 unless the caller's municipality scope reaches the company
/// ([`policy::require_within_scope`]): what every route on a company's objects (its
/// meetings, negotiations, support log, applications) asks before its own rules. A caller
/// without a scope costs no query.
pub fn check_scope(conn: &mut DbConn, user: &AuthUser, company_id: &str) -> Result<(), ApiError> {
    caller_towards(conn, user, company_id)?
        .map(|_| ())
        .ok_or(ApiError::NotFound)
}

/// The caller as it stands towards the company ([`policy::within_scope`]): itself, or
/// nobody for a scoped staff account of another municipality. The company's
/// municipality is looked up only for a scoped caller.
pub fn caller_towards<'a>(
    conn: &mut DbConn,
    user: &'a AuthUser,
    company_id: &str,
) -> Result<Option<&'a AuthUser>, ApiError> {
    if policy::municipality_scope(user).is_none() {
        return Ok(Some(user));
    }
    let municipality = store::municipality_of(conn, company_id)?;
    Ok(policy::within_scope(user, &parse_id(&municipality)?))
}

impl CompanyRow {
    pub fn uuid(&self) -> Result<Uuid, ApiError> {
        parse_id(&self.id)
    }

    pub fn municipality(&self) -> Result<Uuid, ApiError> {
        parse_id(&self.municipality_id)
    }

    pub fn view(&self) -> Result<CompanyView, ApiError> {
        Ok(CompanyView {
            id: self.uuid()?,
            name_ja: self.name_ja.clone(),
            name_en: self.name_en.clone(),
            industry: self.industry.clone(),
            description_ja: self.description_ja.clone(),
            description_en: self.description_en.clone(),
            employees: self.employees,
            founded_year: self.founded_year,
            website: self.website.clone(),
            ward: self.ward,
            certifications: decode_list(&self.certifications)?,
            export_countries: decode_list(&self.export_countries)?,
            languages: decode_list(&self.languages)?,
            status: self.status,
            status_reason: self.status_reason.clone(),
            municipality_id: parse_id(&self.municipality_id)?,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}
