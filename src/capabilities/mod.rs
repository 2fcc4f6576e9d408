//! What companies can make: bilingual capabilities (`draft → published → archived`) and the
//! public catalogue search over them.

pub mod api;
pub mod rules;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::decode_list;
use crate::db::parse_id;
use crate::error::ApiError;
use store::CapabilityRow;

crate::stored_enum! {
    /// The fixed list of capability categories.
    pub enum Category {
        Machining,
        Stamping,
        Casting,
        Welding,
        SurfaceTreatment,
        Assembly,
        Electronics,
        Plastics,
        SoftwareAi,
        Other,
    }
}

crate::stored_enum! {
    pub enum CapabilityStatus {
        Draft,
        Published,
        Archived,
    }
}

impl CapabilityStatus {
    /// `draft → published → archived`; a draft may also be archived. Archived is final.
    pub fn can_become(self, next: CapabilityStatus) -> bool {
        use CapabilityStatus::*;
        self == next
            || matches!(
                (self, next),
                (Draft, Published) | (Draft, Archived) | (Published, Archived)
            )
    }
}

/// The company a capability belongs to, as shown beside it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyBrief {
    pub id: Uuid,
    pub name_ja: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapabilityView {
    pub id: Uuid,
    pub company: CompanyBrief,
    #[schema(example = "精密板金加工")]
    pub title_ja: String,
    #[schema(example = "Precision sheet-metal work")]
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub category: Category,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
    pub certifications: Vec<String>,
    /// Smallest order, in pieces.
    pub min_lot: Option<i32>,
    pub lead_time_days: Option<i32>,
    pub status: CapabilityStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CapabilityRow {
    pub fn view(
        &self,
        company_name_ja: &str,
        company_name_en: &str,
    ) -> Result<CapabilityView, ApiError> {
        Ok(CapabilityView {
            id: parse_id(&self.id)?,
            company: CompanyBrief {
                id: parse_id(&self.company_id)?,
                name_ja: company_name_ja.to_owned(),
                name_en: company_name_en.to_owned(),
            },
            title_ja: self.title_ja.clone(),
            title_en: self.title_en.clone(),
            description_ja: self.description_ja.clone(),
            description_en: self.description_en.clone(),
            category: self.category,
            tags: decode_list(&self.tags)?,
            materials: decode_list(&self.materials)?,
            certifications: decode_list(&self.certifications)?,
            min_lot: self.min_lot,
            lead_time_days: self.lead_time_days,
            status: self.status,
            published_at: self.published_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}
