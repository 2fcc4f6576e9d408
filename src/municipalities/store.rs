//! Municipality rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::municipalities;
use crate::db::DbConn;

/// A municipality as stored; written whole, never changed by the API yet.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub id: String,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub is_host: bool,
    pub created_at: NaiveDateTime,
}

/// Every municipality: the host first, then by code.
pub fn list_municipalities(conn: &mut DbConn) -> QueryResult<Vec<MunicipalityRow>> {
    municipalities::table
        .select(MunicipalityRow::as_select())
        .order((municipalities::is_host.desc(), municipalities::code.asc()))
        .load(conn)
}

pub fn insert_municipality(conn: &mut DbConn, row: &MunicipalityRow) -> QueryResult<()> {
    diesel::insert_into(municipalities::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A municipality by its id or by its six-digit code, as a query parameter may name it.
pub fn find_by_id_or_code(conn: &mut DbConn, key: &str) -> QueryResult<Option<MunicipalityRow>> {
    municipalities::table
        .filter(municipalities::id.eq(key).or(municipalities::code.eq(key)))
        .select(MunicipalityRow::as_select())
        .first(conn)
        .optional()
}

pub fn exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(municipalities::table.find(id))).get_result(conn)
}
