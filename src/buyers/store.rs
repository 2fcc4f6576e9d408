//! Buyer organisation rows and queries.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::recommend::Wanted;
use crate::capabilities::store::{
    capabilities_in_categories_or_tags, search_capabilities, CapabilityWithCompany, CatalogueQuery,
    Visibility,
};
use crate::db::schema::buyers;
use crate::db::search::TermFrequencies;
use crate::db::DbConn;
use crate::search_terms;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = buyers)]
pub struct BuyerRow {
    pub id: String,
    pub name: String,
    pub country: String,
    pub verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub industry: String,
    pub interest_categories: String,
    pub interest_tags: String,
    pub website: Option<String>,
    pub languages: String,
    pub verified_by: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = buyers)]
pub struct BuyerInsert<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = buyers)]
pub struct BuyerUpdate {
    pub name: Option<String>,
    pub country: Option<String>,
    pub industry: Option<String>,
    pub interest_categories: Option<String>,
    pub interest_tags: Option<String>,
    pub website: Option<Option<String>>,
    pub languages: Option<String>,
    pub verified_at: Option<Option<NaiveDateTime>>,
    pub verified_by: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert_buyer(conn: &mut DbConn, buyer: &BuyerInsert<'_>) -> QueryResult<()> {
    diesel::insert_into(buyers::table)
        .values(buyer)
        .execute(conn)
        .map(|_| ())
}

pub fn find_buyer(conn: &mut DbConn, id: &str) -> QueryResult<BuyerRow> {
    buyers::table
        .find(id)
        .select(BuyerRow::as_select())
        .first(conn)
}

pub fn update_buyer(conn: &mut DbConn, id: &str, changes: &BuyerUpdate) -> QueryResult<BuyerRow> {
    diesel::update(buyers::table.find(id))
        .set(changes)
        .execute(conn)?;
    find_buyer(conn, id)
}

pub fn list_buyers(
    conn: &mut DbConn,
    country: Option<&str>,
    verified: Option<bool>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<BuyerRow>> {
    let mut query = buyers::table.select(BuyerRow::as_select()).into_boxed();
    if let Some(country) = country {
        query = query.filter(buyers::country.eq(country.to_owned()));
    }
    match verified {
        Some(true) => query = query.filter(buyers::verified_at.is_not_null()),
        Some(false) => query = query.filter(buyers::verified_at.is_null()),
        None => {}
    }
    if let Some(after) = after {
        query = query.filter(buyers::id.gt(after.to_owned()));
    }
    query.order(buyers::id.asc()).limit(limit).load(conn)
}

/// How many candidates each source may contribute before scoring.
const CANDIDATES_PER_SOURCE: i64 = 500;

/// What a buyer's interests point at, once each and in id order: published capabilities of
/// approved companies in its categories or carrying its tags, those whose text matches a
/// tag, less the companies the buyer has already met (it is pointed at new ones).
pub fn recommendation_candidates(
    conn: &mut DbConn,
    frequencies: &TermFrequencies,
    buyer_id: &str,
    wanted: &Wanted,
) -> QueryResult<Vec<CapabilityWithCompany>> {
    let mut found: BTreeMap<String, CapabilityWithCompany> = BTreeMap::new();
    let by_fields = capabilities_in_categories_or_tags(
        conn,
        &wanted.categories,
        &wanted.tags,
        CANDIDATES_PER_SOURCE,
    )?;
    for row in by_fields {
        found.insert(row.0.id.clone(), row);
    }
    for tag in &wanted.tags {
        let terms = search_terms::query_terms(tag);
        if terms.is_empty() {
            continue;
        }
        let query = CatalogueQuery {
            terms,
            ..CatalogueQuery::default()
        };
        let by_text = search_capabilities(
            conn,
            frequencies,
            &query,
            &Visibility::Public,
            None,
            CANDIDATES_PER_SOURCE,
        )?;
        for (row, _rank) in by_text {
            found.insert(row.0.id.clone(), row);
        }
    }
    let met = crate::meetings::store::companies_met(conn, buyer_id)?;
    found.retain(|_, (row, _)| !met.contains(&row.company_id));
    Ok(found.into_values().collect())
}
