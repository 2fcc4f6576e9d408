//! The research HTTP handlers, one file per resource: the briefs (with their publication
//! and reach), the research reach of a fiscal year, and a company's subscriptions.

pub mod briefs;
pub mod reach;
pub mod subscriptions;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::markdown::to_safe_html;
use super::store::BriefRow;
use super::{decode, BriefStatus, TechnologyTag, Visibility};
use crate::capabilities::Category;
use crate::db::parse_id;
use crate::error::ApiError;

/// A research brief: its Markdown as written and the same rendered to sanitised HTML.
#[derive(Debug, Serialize, ToSchema)]
pub struct BriefView {
    pub id: Uuid,
    #[schema(example = "深圳の製造業におけるAI活用")]
    pub title_ja: String,
    #[schema(example = "AI in Shenzhen's factories")]
    pub title_en: String,
    pub summary_ja: String,
    pub summary_en: String,
    /// Markdown.
    pub body_ja: String,
    /// Markdown.
    pub body_en: String,
    /// `body_ja` rendered to HTML, with every script, event handler and `javascript:` link
    /// removed: safe to put in a page as it is.
    pub body_html_ja: String,
    pub body_html_en: String,
    /// ISO 3166-1 alpha-2 code of the country studied. Always sent.
    #[schema(required = true, example = "CN")]
    pub country: Option<String>,
    /// A region within it or across countries (e.g. `Guangdong`, `ASEAN`). Always sent.
    #[schema(required = true)]
    pub region: Option<String>,
    pub tags: Vec<TechnologyTag>,
    /// Capability categories of the catalogue the brief concerns.
    pub categories: Vec<Category>,
    /// The desk, admin or expert account that wrote it.
    pub author_id: Uuid,
    pub status: BriefStatus,
    pub visibility: Visibility,
    /// Always sent; `null` for a draft.
    #[schema(required = true)]
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl BriefView {
    pub fn new(row: BriefRow) -> Result<Self, ApiError> {
        Ok(Self {
            id: parse_id(&row.id)?,
            body_html_ja: to_safe_html(&row.body_ja),
            body_html_en: to_safe_html(&row.body_en),
            tags: decode(&row.tags)?,
            categories: decode(&row.categories)?,
            author_id: parse_id(&row.author_id)?,
            title_ja: row.title_ja,
            title_en: row.title_en,
            summary_ja: row.summary_ja,
            summary_en: row.summary_en,
            body_ja: row.body_ja,
            body_en: row.body_en,
            country: row.country,
            region: row.region,
            status: row.status,
            visibility: row.visibility,
            published_at: row.published_at.map(|t| t.and_utc()),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}
