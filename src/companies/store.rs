//! Company rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::companies;
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = companies)]
pub struct NewCompany<'a> {
    pub id: &'a str,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub industry: &'a str,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_company(conn: &mut DbConn, company: &NewCompany<'_>) -> QueryResult<()> {
    diesel::insert_into(companies::table)
        .values(company)
        .execute(conn)
        .map(|_| ())
}
