//! Overseas buyer organisations: profiles with interests, verified by the desk. What is
//! recommended to them from those interests is matchmaking (`meetings::recommend`).

pub mod api;

pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::capabilities::Category;
use crate::db::decode_list;
use crate::db::parse_id;
use crate::error::ApiError;
use crate::validate::ShortText;
use store::BuyerRow;

/// What a buyer is looking for; drives recommendations.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Interests {
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    #[schema(value_type = Vec<ShortText<50>>, max_items = 30)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BuyerView {
    pub id: Uuid,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "TH")]
    pub country: String,
    pub industry: String,
    pub interests: Interests,
    /// Shown as given; the service never fetches it.
    pub website: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl BuyerRow {
    pub fn interests(&self) -> Result<Interests, ApiError> {
        let categories = decode_list(&self.interest_categories)?
            .iter()
            .map(|c| {
                c.parse()
                    .map_err(|_| ApiError::internal(format!("unknown category {c:?} in buyers")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Interests {
            categories,
            tags: decode_list(&self.interest_tags)?,
        })
    }

    pub fn view(&self) -> Result<BuyerView, ApiError> {
        Ok(BuyerView {
            id: parse_id(&self.id)?,
            name: self.name.clone(),
            country: self.country.clone(),
            industry: self.industry.clone(),
            interests: self.interests()?,
            website: self.website.clone(),
            languages: decode_list(&self.languages)?,
            verified: self.verified_at.is_some(),
            verified_at: self.verified_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}
