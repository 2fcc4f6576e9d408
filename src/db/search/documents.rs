//! What the full-text index holds for a capability: its search documents, built from its
//! text and its company's names, and rebuilt when those names change.

use diesel::prelude::*;

use crate::db::schema::capabilities;
use crate::db::{decode_list, DbConn};
use crate::error::ApiError;
use crate::search_terms;

/// What the full-text index holds for a capability: the terms of its titles, tags and
/// company names (`primary`, which ranks first), and those of everything else indexed.
#[derive(Debug, Clone)]
pub struct SearchDocuments {
    pub primary: String,
    pub secondary: String,
}

impl SearchDocuments {
    /// Whether every query term is, as a prefix, among the indexed terms — the test the
    /// full-text index applies.
    pub fn match_all(&self, terms: &[String]) -> bool {
        let holds = |document: &str, term: &str| document.split(' ').any(|w| w.starts_with(term));
        terms
            .iter()
            .all(|t| holds(&self.primary, t) || holds(&self.secondary, t))
    }
}

/// The indexed text of a capability (lists as stored: JSON arrays).
#[derive(Debug, Clone, Copy)]
pub struct CapabilityText<'a> {
    pub title_ja: &'a str,
    pub title_en: &'a str,
    pub description_ja: &'a str,
    pub description_en: &'a str,
    pub category: &'a str,
    pub tags: &'a str,
    pub materials: &'a str,
    pub certifications: &'a str,
}

/// The search documents of a capability's text and its company's names.
pub fn capability_documents(
    text: CapabilityText<'_>,
    company_name_ja: &str,
    company_name_en: &str,
) -> Result<SearchDocuments, ApiError> {
    let tags = decode_list(text.tags)?;
    let materials = decode_list(text.materials)?;
    let certifications = decode_list(text.certifications)?;
    let primary = search_terms::document(
        [
            text.title_ja,
            text.title_en,
            company_name_ja,
            company_name_en,
        ]
        .into_iter()
        .chain(tags.iter().map(String::as_str)),
    );
    let secondary = search_terms::document(
        [text.description_ja, text.description_en, text.category]
            .into_iter()
            .chain(materials.iter().map(String::as_str))
            .chain(certifications.iter().map(String::as_str)),
    );
    Ok(SearchDocuments { primary, secondary })
}

/// Re-indexes a company's capabilities after its names changed (they are in every one of
/// its capabilities' primary documents).
pub fn reindex_company_capabilities(
    conn: &mut DbConn,
    company_id: &str,
    name_ja: &str,
    name_en: &str,
) -> Result<(), ApiError> {
    #[derive(Queryable)]
    struct Indexed {
        id: String,
        title_ja: String,
        title_en: String,
        description_ja: String,
        description_en: String,
        category: String,
        tags: String,
        materials: String,
        certifications: String,
    }
    let rows: Vec<Indexed> = capabilities::table
        .filter(capabilities::company_id.eq(company_id))
        .select((
            capabilities::id,
            capabilities::title_ja,
            capabilities::title_en,
            capabilities::description_ja,
            capabilities::description_en,
            capabilities::category,
            capabilities::tags,
            capabilities::materials,
            capabilities::certifications,
        ))
        .load(conn)?;
    for row in rows {
        let text = CapabilityText {
            title_ja: &row.title_ja,
            title_en: &row.title_en,
            description_ja: &row.description_ja,
            description_en: &row.description_en,
            category: &row.category,
            tags: &row.tags,
            materials: &row.materials,
            certifications: &row.certifications,
        };
        let documents = capability_documents(text, name_ja, name_en)?;
        diesel::update(capabilities::table.find(&row.id))
            .set((
                capabilities::search_primary.eq(&documents.primary),
                capabilities::search_secondary.eq(&documents.secondary),
            ))
            .execute(conn)?;
    }
    Ok(())
}
