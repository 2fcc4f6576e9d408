//! Buyer organisation rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::buyers;
use crate::db::DbConn;

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
