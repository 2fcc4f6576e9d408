//! Capability rows, their tags and search columns, and the catalogue query.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{CapabilityStatus, Category};
use crate::companies::CompanyStatus;
use crate::db::schema::{capabilities, capability_tags, companies};
use crate::db::search::{
    any_primary_match, capability_documents, capability_matches, fts_ordered_page, CapabilityText,
    Fields, LiteralLimit, PgMatch, SearchDocuments, SqlCondition, TermFrequencies,
};
use crate::db::{decode_list, Backend, DbConn};
use crate::error::ApiError;

/// A capability as the API shows it. Its search columns are not read: they are only ever
/// written (`CapabilityRecord::index`), and a page of search results is smaller without them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = capabilities)]
pub struct CapabilityRow {
    pub id: String,
    pub company_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub category: Category,
    pub tags: String,
    pub materials: String,
    pub certifications: String,
    pub min_lot: Option<i32>,
    pub lead_time_days: Option<i32>,
    pub status: CapabilityStatus,
    pub published_at: Option<NaiveDateTime>,
    pub archived_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The company columns shown beside a capability, and the status that decides whether it is
/// public.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = companies)]
pub struct CapabilityCompany {
    pub name_ja: String,
    pub name_en: String,
    pub status: CompanyStatus,
    /// Whose scoped staff may act on the capability.
    pub municipality_id: String,
}

/// A capability with its company (a pair, as the catalogue's callers take it apart).
pub type CapabilityWithCompany = (CapabilityRow, CapabilityCompany);

/// A catalogue result and its rank (0: the terms matched in titles, tags or company names, or
/// there were no terms; 1: elsewhere), which the next page's cursor carries.
pub type RankedCapability = (CapabilityWithCompany, i32);

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = capabilities)]
pub struct CapabilityRecord {
    pub id: String,
    pub company_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub category: Category,
    pub tags: String,
    pub materials: String,
    pub certifications: String,
    pub min_lot: Option<i32>,
    pub lead_time_days: Option<i32>,
    pub status: CapabilityStatus,
    pub search_primary: String,
    pub search_secondary: String,
    pub published_at: Option<NaiveDateTime>,
    pub archived_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The [`CapabilityText`] of a `CapabilityRecord` or a `CapabilityRow`, which share the fields.
macro_rules! capability_text {
    ($capability:expr) => {
        CapabilityText {
            title_ja: &$capability.title_ja,
            title_en: &$capability.title_en,
            description_ja: &$capability.description_ja,
            description_en: &$capability.description_en,
            category: $capability.category.as_str(),
            tags: &$capability.tags,
            materials: &$capability.materials,
            certifications: &$capability.certifications,
        }
    };
}

impl CapabilityRecord {
    /// Fills the search columns from the record's text and its company's names.
    pub fn index(&mut self, company_name_ja: &str, company_name_en: &str) -> Result<(), ApiError> {
        let documents =
            capability_documents(capability_text!(self), company_name_ja, company_name_en)?;
        self.search_primary = documents.primary;
        self.search_secondary = documents.secondary;
        Ok(())
    }
}

impl CapabilityRow {
    /// The search documents the index holds for this capability, computed again from its text
    /// (to explain a match without reading the search columns).
    pub fn search_documents(
        &self,
        company_name_ja: &str,
        company_name_en: &str,
    ) -> Result<SearchDocuments, ApiError> {
        capability_documents(capability_text!(self), company_name_ja, company_name_en)
    }
}

/// A record to write back: its search columns are empty until [`CapabilityRecord::index`].
impl From<CapabilityRow> for CapabilityRecord {
    fn from(row: CapabilityRow) -> Self {
        CapabilityRecord {
            id: row.id,
            company_id: row.company_id,
            title_ja: row.title_ja,
            title_en: row.title_en,
            description_ja: row.description_ja,
            description_en: row.description_en,
            category: row.category,
            tags: row.tags,
            materials: row.materials,
            certifications: row.certifications,
            min_lot: row.min_lot,
            lead_time_days: row.lead_time_days,
            status: row.status,
            search_primary: String::new(),
            search_secondary: String::new(),
            published_at: row.published_at,
            archived_at: row.archived_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// Inserts or replaces a capability and its tag rows; the search index follows the row.
pub fn save_capability(
    conn: &mut DbConn,
    record: &CapabilityRecord,
    is_new: bool,
) -> Result<(), ApiError> {
    if is_new {
        diesel::insert_into(capabilities::table)
            .values(record)
            .execute(conn)?;
    } else {
        diesel::update(capabilities::table.find(&record.id))
            .set(record)
            .execute(conn)?;
        diesel::delete(
            capability_tags::table.filter(capability_tags::capability_id.eq(&record.id)),
        )
        .execute(conn)?;
    }
    let mut tags = decode_list(&record.tags)?;
    tags.sort();
    tags.dedup();
    for tag in tags {
        diesel::insert_into(capability_tags::table)
            .values((
                capability_tags::capability_id.eq(&record.id),
                capability_tags::tag.eq(tag),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_capability(conn: &mut DbConn, id: &str) -> QueryResult<CapabilityWithCompany> {
    capabilities::table
        .inner_join(companies::table)
        .filter(capabilities::id.eq(id))
        .select(selection())
        .first(conn)
}

/// Which capabilities a catalogue query may return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Published capabilities of approved companies.
    Public,
    /// Capabilities in this status, whatever their company's status (desk, or members
    /// looking at their own company).
    Status(CapabilityStatus),
}

#[derive(Debug, Clone, Default)]
pub struct CatalogueQuery {
    /// From [`crate::search_terms::query_terms`]; empty means no text condition.
    pub terms: Vec<String>,
    pub category: Option<String>,
    pub industry: Option<String>,
    pub tag: Option<String>,
    pub ward: Option<String>,
    pub company_id: Option<String>,
}

/// Where the previous page ended: its last row's rank (0: the terms matched in titles, tags
/// or company names; 1: elsewhere) and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueCursor {
    pub rank: i32,
    pub id: String,
}

impl CatalogueCursor {
    /// The cursor's text before paging's base64: the last row's rank and id.
    pub fn key(rank: i32, id: &str) -> String {
        format!("{rank}:{id}")
    }

    /// Reads [`Self::key`]'s text back; `None` for a key it did not write, which names no
    /// place in the catalogue.
    pub fn decode(key: &str) -> Option<Self> {
        key.split_once(':').and_then(|(rank, id)| {
            Some(CatalogueCursor {
                rank: rank.parse().ok()?,
                id: id.to_owned(),
            })
        })
    }
}

/// The catalogue: filtered, matched through the full-text index, ranked, keyset-paginated.
///
/// With terms, rank 0 (matched in titles, tags or company names) comes before rank 1
/// (matched elsewhere only), each in creation order. The ranks are read with one query each,
/// each able to stop at the page's end; a single query ordered by rank would sort every match
/// first (bench/README.md has the before and after). Each rank's query walks, on PostgreSQL,
/// an id-ordered index (`capabilities_status_category` with a category) or the GIN index:
/// for the public catalogue as `frequencies` says the words are common or rare, in a
/// statement kept prepared ([`PgMatch`]); with other filters, as the planner prefers each
/// time. On SQLite it walks the FTS5 index in rowid order ([`fts_ordered_page`]), unless a
/// company or a tag narrows the catalogue to a few rows, whose index is then walked in id
/// order. Ids and SQLite's rowids both follow creation order.
pub fn search_capabilities(
    conn: &mut DbConn,
    frequencies: &TermFrequencies,
    query: &CatalogueQuery,
    visibility: &Visibility,
    after: Option<&CatalogueCursor>,
    limit: i64,
) -> QueryResult<Vec<RankedCapability>> {
    if query.terms.is_empty() {
        let mut sql = filtered(query, visibility);
        if let Some(after) = after {
            sql = sql.filter(capabilities::id.gt(after.id.clone()));
        }
        let rows: Vec<CapabilityWithCompany> = sql.limit(limit).load(conn)?;
        return Ok(rows.into_iter().map(|row| (row, 0)).collect());
    }
    let plan = SearchPlan::new(conn, frequencies, query, visibility)?;
    let mut rows = Vec::new();
    for (rank, fields) in plan.ranks {
        let Some(fields) = fields.filter(|_| after.is_none_or(|after| after.rank <= rank)) else {
            continue;
        };
        let after = after
            .filter(|after| after.rank == rank)
            .map(|a| a.id.as_str());
        let wanted = limit - rows.len() as i64;
        let page = plan.rank_page(conn, fields, after, wanted, limit)?;
        rows.extend(page.into_iter().map(|row| (row, rank)));
        if rows.len() as i64 >= limit {
            break;
        }
    }
    Ok(rows)
}

/// A page's selection: the capability and its company's names and status.
type Selection = (
    diesel::dsl::AsSelect<CapabilityRow, DbBackend>,
    diesel::dsl::AsSelect<CapabilityCompany, DbBackend>,
);

type DbBackend = <DbConn as diesel::Connection>::Backend;

/// The catalogue's filters over capabilities joined to their companies, in id order.
type FilteredCatalogue = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Order<
        diesel::dsl::Select<
            diesel::dsl::InnerJoin<capabilities::table, companies::table>,
            Selection,
        >,
        diesel::dsl::Asc<capabilities::id>,
    >,
    DbBackend,
>;

fn selection() -> Selection {
    (CapabilityRow::as_select(), CapabilityCompany::as_select())
}

/// The query's filters and the visibility, in Diesel's DSL. Keep in step with
/// [`sql_conditions`], their SQL text for SQLite's full-text page.
fn filtered(query: &CatalogueQuery, visibility: &Visibility) -> FilteredCatalogue {
    let mut sql = capabilities::table
        .inner_join(companies::table)
        .select(selection())
        .order(capabilities::id.asc())
        .into_boxed();
    match visibility {
        Visibility::Public => {
            sql = sql
                .filter(capabilities::status.eq(CapabilityStatus::Published))
                .filter(companies::status.eq(CompanyStatus::Approved));
        }
        Visibility::Status(status) => sql = sql.filter(capabilities::status.eq(*status)),
    }
    if let Some(category) = &query.category {
        sql = sql.filter(capabilities::category.eq(category.clone()));
    }
    if let Some(industry) = &query.industry {
        sql = sql.filter(companies::industry.eq(industry.clone()));
    }
    if let Some(ward) = &query.ward {
        sql = sql.filter(companies::ward.eq(ward.clone()));
    }
    if let Some(company_id) = &query.company_id {
        sql = sql.filter(capabilities::company_id.eq(company_id.clone()));
    }
    if let Some(tag) = &query.tag {
        sql = sql.filter(
            capabilities::id.eq_any(
                capability_tags::table
                    .filter(capability_tags::tag.eq(tag.clone()))
                    .select(capability_tags::capability_id),
            ),
        );
    }
    sql
}

/// How a search with terms reads its ranks, decided once for all of them.
struct SearchPlan<'a> {
    query: &'a CatalogueQuery,
    visibility: &'a Visibility,
    frequencies: &'a TermFrequencies,
    backend: Backend,
    /// SQLite walks the FTS5 index in rowid order, with the filters as [`sql_conditions`].
    fts_order: Option<Vec<SqlCondition>>,
    /// PostgreSQL keeps the statements of the public catalogue, with or without a category,
    /// and chooses their form by how common the words are: there the plan depends on little
    /// else. A filter on a company's fields, a tag or another status leaves the planner to
    /// weigh the values each time.
    kept: bool,
    /// Each rank and where its terms must match; `None` skips the rank.
    ranks: [(i32, Option<Fields>); 2],
}

impl<'a> SearchPlan<'a> {
    fn new(
        conn: &mut DbConn,
        frequencies: &'a TermFrequencies,
        query: &'a CatalogueQuery,
        visibility: &'a Visibility,
    ) -> QueryResult<Self> {
        let backend = conn.backend();
        // A company or a tag leaves a few rows to walk; the full-text index would be read
        // whole.
        let fts_order =
            backend == Backend::Sqlite && query.company_id.is_none() && query.tag.is_none();
        // Rank 1 is what matches, but not in the primary fields; when nothing matches there
        // at all, that is simply what matches, which the index answers in one pass. (In rowid
        // order an empty rank 0 costs no more than asking whether it is empty.)
        let any_primary = fts_order || any_primary_match(conn, &query.terms)?;
        let secondary = if any_primary {
            Fields::SecondaryOnly
        } else {
            Fields::All
        };
        let kept = backend == Backend::Postgres
            && *visibility == Visibility::Public
            && query.company_id.is_none()
            && query.tag.is_none()
            && query.industry.is_none()
            && query.ward.is_none();
        Ok(SearchPlan {
            query,
            visibility,
            frequencies,
            backend,
            fts_order: fts_order.then(|| sql_conditions(query, visibility)),
            kept,
            ranks: [
                (0, any_primary.then_some(Fields::Primary)),
                (1, Some(secondary)),
            ],
        })
    }

    /// Up to `wanted` matches in `fields` after the capability `after` (an id); `limit` is
    /// the whole page's size.
    fn rank_page(
        &self,
        conn: &mut DbConn,
        fields: Fields,
        after: Option<&str>,
        wanted: i64,
        limit: i64,
    ) -> QueryResult<Vec<CapabilityWithCompany>> {
        let terms = &self.query.terms;
        if let Some(conditions) = &self.fts_order {
            // SQLite's own selection: the page is SQLite's statement, not the multi-backend one.
            let selection = (CapabilityRow::as_select(), CapabilityCompany::as_select());
            return fts_ordered_page(conn, selection, terms, fields, conditions, after, wanted);
        }
        let pg_match = if self.kept {
            self.frequencies.kept_match(terms, fields)
        } else {
            PgMatch::Planned
        };
        let mut sql = filtered(self.query, self.visibility).filter(capability_matches(
            self.backend,
            terms,
            fields,
            pg_match,
        ));
        if let Some(after) = after {
            sql = sql.filter(capabilities::id.gt(after.to_owned()));
        }
        match pg_match {
            PgMatch::Planned => sql.limit(wanted).load(conn),
            // The page size in the text, so that the plan is made once (LiteralLimit): the
            // whole page's, not what rank 0 left of it, or each remainder would be a
            // statement of its own. The few rows too many are dropped here.
            PgMatch::KeptIndexed | PgMatch::KeptWalk => {
                let mut page: Vec<CapabilityWithCompany> =
                    LiteralLimit::new(sql, u32::try_from(limit).unwrap_or(u32::MAX)).load(conn)?;
                page.truncate(usize::try_from(wanted).unwrap_or(0));
                Ok(page)
            }
        }
    }
}

/// The public catalogue's conditions in SQLite's full-text page.
const PUBLISHED_CONDITION: &str = "capabilities.status = 'published'";
const APPROVED_CONDITION: &str = "companies.status = 'approved'";

/// The catalogue's filters as SQL, for SQLite's full-text page ([`fts_ordered_page`]): it is
/// driven by the FTS5 table, which Diesel's DSL cannot join. Keep in step with [`filtered`].
fn sql_conditions(query: &CatalogueQuery, visibility: &Visibility) -> Vec<SqlCondition> {
    let condition = |sql, bind: Option<&String>| SqlCondition {
        sql,
        bind: bind.cloned(),
    };
    let mut conditions = match visibility {
        // Literals in the text, not bound values, so that the statement (and the plan the
        // benchmarks measured) stays as it was; `public_conditions_spell_the_statuses` keeps
        // their spelling in step with the enums.
        Visibility::Public => vec![
            condition(PUBLISHED_CONDITION, None),
            condition(APPROVED_CONDITION, None),
        ],
        Visibility::Status(status) => vec![condition(
            "capabilities.status = ?",
            Some(&status.as_str().to_owned()),
        )],
    };
    let filters = [
        ("capabilities.category = ?", &query.category),
        ("companies.industry = ?", &query.industry),
        ("companies.ward = ?", &query.ward),
        ("capabilities.company_id = ?", &query.company_id),
        (
            "capabilities.id IN (SELECT capability_id FROM capability_tags WHERE tag = ?)",
            &query.tag,
        ),
    ];
    for (sql, value) in filters {
        if let Some(value) = value {
            conditions.push(condition(sql, Some(value)));
        }
    }
    conditions
}

/// Published capabilities of approved companies in any of `categories` or carrying any of
/// `tags`: the candidates a buyer's interests point at, in id order.
pub fn capabilities_in_categories_or_tags(
    conn: &mut DbConn,
    categories: &[String],
    tags: &[String],
    limit: i64,
) -> QueryResult<Vec<CapabilityWithCompany>> {
    capabilities::table
        .inner_join(companies::table)
        .select(selection())
        .filter(capabilities::status.eq(CapabilityStatus::Published))
        .filter(companies::status.eq(CompanyStatus::Approved))
        .filter(
            capabilities::category
                .eq_any(categories.to_vec())
                .or(capabilities::id.eq_any(
                    capability_tags::table
                        .filter(capability_tags::tag.eq_any(tags.to_vec()))
                        .select(capability_tags::capability_id),
                )),
        )
        .order(capabilities::id.asc())
        .limit(limit)
        .load(conn)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use diesel::connection::{Connection, InstrumentationEvent};

    use super::*;
    use crate::db::{connect_and_migrate, DatabaseUrl};

    #[test]
    fn public_conditions_spell_the_statuses() {
        let quoted = |status: &str| format!("'{status}'");
        assert!(PUBLISHED_CONDITION.ends_with(&quoted(CapabilityStatus::Published.as_str())));
        assert!(APPROVED_CONDITION.ends_with(&quoted(CompanyStatus::Approved.as_str())));
    }

    /// On SQLite a search's statements are kept in the connection's statement cache, so the
    /// next search of the same shape does not prepare them again. (PostgreSQL keeps those of
    /// the public catalogue: `common_and_rare_words_page_alike_whatever_plan_they_get` in
    /// `tests/api/catalogue.rs`.)
    #[test]
    fn catalogue_searches_reuse_their_prepared_statements() {
        let path = std::env::temp_dir().join(format!("sgm-cache-{}.sqlite3", crate::db::new_id()));
        let pool = connect_and_migrate(&DatabaseUrl::Sqlite(path.display().to_string()), 1)
            .expect("migrated database");
        let mut conn = pool.get().expect("connection");
        let cached = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&cached);
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::CacheQuery { sql, .. } = event {
                seen.lock().unwrap().push(sql.to_owned());
            }
        });
        let query = CatalogueQuery {
            terms: crate::search_terms::query_terms("精密 aluminium"),
            category: Some("machining".into()),
            ..CatalogueQuery::default()
        };
        let full_text = |sql: &String| sql.contains("MATCH");
        let mut search = || {
            search_capabilities(
                &mut conn,
                &TermFrequencies::default(),
                &query,
                &Visibility::Public,
                None,
                21,
            )
        };
        search().expect("first search");
        let first = cached.lock().unwrap().drain(..).filter(full_text).count();
        assert!(
            first >= 1,
            "the first search should cache its full-text statements"
        );
        search().expect("second search");
        let again: Vec<String> = cached.lock().unwrap().drain(..).collect();
        assert!(
            again.is_empty(),
            "the second search prepared again: {again:?}"
        );
        drop(conn);
        drop(pool);
        let _ = std::fs::remove_file(&path);
    }
}
