//! What an import looks up to match its rows (companies by corporate number or name, buyers
//! by name and country, registrations), the one column it writes itself (a company's
//! corporate number, which no other route sets), and the `imports` record.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::buyers::store::BuyerRow;
use crate::companies::store::CompanyRow;
use crate::db::schema::{buyers, companies, event_registrations, imports};
use crate::db::DbConn;

/// A company with its corporate number.
pub type NumberedCompany = (CompanyRow, Option<String>);

pub fn company_by_corporate_number(
    conn: &mut DbConn,
    number: &str,
) -> QueryResult<Option<NumberedCompany>> {
    companies::table
        .filter(companies::corporate_number.eq(number))
        .select((CompanyRow::as_select(), companies::corporate_number))
        .first(conn)
        .optional()
}

/// The oldest company of this Japanese name, if one.
pub fn company_by_name(conn: &mut DbConn, name_ja: &str) -> QueryResult<Option<NumberedCompany>> {
    companies::table
        .filter(companies::name_ja.eq(name_ja))
        .order((companies::created_at.asc(), companies::id.asc()))
        .select((CompanyRow::as_select(), companies::corporate_number))
        .first(conn)
        .optional()
}

pub fn set_corporate_number(conn: &mut DbConn, id: &str, number: &str) -> QueryResult<()> {
    diesel::update(companies::table.find(id))
        .set(companies::corporate_number.eq(number))
        .execute(conn)
        .map(|_| ())
}

/// The buyer organisation of exactly this name in this country, if one.
pub fn buyer_by_name(
    conn: &mut DbConn,
    name: &str,
    country: &str,
) -> QueryResult<Option<BuyerRow>> {
    buyers::table
        .filter(buyers::country.eq(country))
        .filter(buyers::name.eq(name))
        .order(buyers::id.asc())
        .select(BuyerRow::as_select())
        .first(conn)
        .optional()
}

/// Who a registration is for, as its columns hold it.
pub enum Registered<'a> {
    Candidate(&'a str),
    Company(&'a str),
    Buyer(&'a str),
}

pub fn is_registered(conn: &mut DbConn, event_id: &str, who: Registered<'_>) -> QueryResult<bool> {
    use event_registrations::dsl as r;
    let of_event = r::event_registrations.filter(r::event_id.eq(event_id));
    match who {
        Registered::Candidate(id) => {
            diesel::select(diesel::dsl::exists(of_event.filter(r::candidate_id.eq(id))))
                .get_result(conn)
        }
        Registered::Company(id) => {
            diesel::select(diesel::dsl::exists(of_event.filter(r::company_id.eq(id))))
                .get_result(conn)
        }
        Registered::Buyer(id) => {
            diesel::select(diesel::dsl::exists(of_event.filter(r::buyer_id.eq(id))))
                .get_result(conn)
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = imports)]
pub struct ImportInsert<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub event_id: Option<&'a str>,
    pub actor_id: &'a str,
    pub total_rows: i32,
    pub created: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub rejected: i32,
    pub outcomes: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_import(conn: &mut DbConn, import: &ImportInsert<'_>) -> QueryResult<()> {
    diesel::insert_into(imports::table)
        .values(import)
        .execute(conn)
        .map(|_| ())
}
