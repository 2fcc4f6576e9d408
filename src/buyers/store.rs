//! Buyer organisation rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::buyers;
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = buyers)]
pub struct NewBuyer<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_buyer(conn: &mut DbConn, buyer: &NewBuyer<'_>) -> QueryResult<()> {
    diesel::insert_into(buyers::table)
        .values(buyer)
        .execute(conn)
        .map(|_| ())
}
