//! User rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::registration::Account;
use crate::auth::Role;
use crate::buyers::store::{insert_buyer, BuyerInsert};
use crate::companies::store::{insert_company, CompanyInsert};
use crate::companies::CompanyStatus;
use crate::db::schema::users;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::i18n::Msg;
use crate::municipalities::{require_existing, HOST_ID};

#[derive(Debug, Clone, Queryable)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
    pub company_id: Option<String>,
    pub buyer_id: Option<String>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub locale: Locale,
    pub municipality_id: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct UserInsert<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub company_id: Option<&'a str>,
    pub buyer_id: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub locale: Locale,
    pub municipality_id: Option<&'a str>,
}

/// Fields a change may touch; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserUpdate {
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub password_hash: Option<String>,
    pub role: Option<Role>,
    pub disabled_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
    pub locale: Option<Locale>,
}

pub fn insert_user(conn: &mut DbConn, user: &UserInsert<'_>) -> QueryResult<UserRow> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(users::all_columns)
        .get_result(conn)
}

pub fn find_user(conn: &mut DbConn, id: &str) -> QueryResult<UserRow> {
    users::table.find(id).first(conn)
}

pub fn find_user_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .first(conn)
        .optional()
}

pub fn update_user(conn: &mut DbConn, id: &str, changes: &UserUpdate) -> QueryResult<UserRow> {
    diesel::update(users::table.find(id))
        .set(changes)
        .returning(users::all_columns)
        .get_result(conn)
}

/// Users in creation order (ids are UUIDv7), after `after`, optionally of one role.
pub fn list_users(
    conn: &mut DbConn,
    role: Option<Role>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table.into_boxed();
    if let Some(role) = role {
        query = query.filter(users::role.eq(role));
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after.to_owned()));
    }
    query.order(users::id.asc()).limit(limit).load(conn)
}

/// Creates a registered account in one transaction: its company (pending) or buyer
/// organisation first, then the user. A taken e-mail is a 409 and undoes the organisation.
pub fn register_account(
    conn: &mut DbConn,
    email: &str,
    password_hash: &str,
    display_name: &str,
    account: &Account,
) -> Result<UserRow, ApiError> {
    let now = db::now();
    let mut company_id = None;
    let mut buyer_id = None;
    match account {
        Account::Sme {
            name_ja,
            name_en,
            industry,
            municipality_id,
        } => {
            let municipality = match municipality_id {
                Some(id) => {
                    require_existing(conn, "company.municipality_id", id)?;
                    id.to_string()
                }
                None => HOST_ID.to_owned(),
            };
            let id = db::new_id();
            insert_company(
                conn,
                &CompanyInsert {
                    id: &id,
                    name_ja,
                    name_en,
                    industry,
                    status: CompanyStatus::Pending,
                    created_at: now,
                    updated_at: now,
                    municipality_id: &municipality,
                },
            )?;
            company_id = Some(id);
        }
        Account::Buyer { name, country } => {
            let id = db::new_id();
            insert_buyer(
                conn,
                &BuyerInsert {
                    id: &id,
                    name,
                    country,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            buyer_id = Some(id);
        }
        Account::Candidate => {}
    }
    if find_user_by_email(conn, email)?.is_some() {
        return Err(ApiError::Conflict(Msg::EmailTaken));
    }
    Ok(insert_user(
        conn,
        &UserInsert {
            id: &db::new_id(),
            email,
            password_hash,
            display_name,
            role: account.role(),
            company_id: company_id.as_deref(),
            buyer_id: buyer_id.as_deref(),
            created_at: now,
            updated_at: now,
            locale: account.role().default_locale(),
            municipality_id: None,
        },
    )?)
}

/// Disables an account and replaces its e-mail and name, so that nothing identifying is
/// left on the user row (a candidate's erasure).
pub fn anonymise_user(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(format!("erased-{id}@erased.invalid")),
            users::display_name.eq("erased"),
            users::password_hash.eq("!erased"),
            users::disabled_at.eq(Some(now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
