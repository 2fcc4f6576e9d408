//! Company rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{CompanyStatus, Ward};
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::schema::{companies, company_status_changes};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::i18n::Msg;
use crate::notifications::facts::CompanyFacts;
use crate::notifications::{self, webhooks, Audience, Facts, Kind};
use serde_json::json;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = companies)]
pub struct CompanyRow {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub industry: String,
    pub status: CompanyStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub description_ja: String,
    pub description_en: String,
    pub employees: Option<i32>,
    pub founded_year: Option<i32>,
    pub website: Option<String>,
    pub ward: Option<Ward>,
    pub certifications: String,
    pub export_countries: String,
    pub languages: String,
    pub status_reason: Option<String>,
    pub municipality_id: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = companies)]
pub struct CompanyInsert<'a> {
    pub id: &'a str,
    pub name_ja: &'a str,
    pub name_en: &'a str,
    pub industry: &'a str,
    pub status: CompanyStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub municipality_id: &'a str,
}

/// Profile fields a change may touch; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = companies)]
pub struct CompanyUpdate {
    pub name_ja: Option<String>,
    pub name_en: Option<String>,
    pub industry: Option<String>,
    pub description_ja: Option<String>,
    pub description_en: Option<String>,
    pub employees: Option<Option<i32>>,
    pub founded_year: Option<Option<i32>>,
    pub website: Option<Option<String>>,
    pub ward: Option<Option<Ward>>,
    pub certifications: Option<String>,
    pub export_countries: Option<String>,
    pub languages: Option<String>,
    pub status: Option<CompanyStatus>,
    pub status_reason: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = company_status_changes)]
pub struct StatusChangeInsert<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub from_status: CompanyStatus,
    pub to_status: CompanyStatus,
    pub reason: Option<&'a str>,
    pub actor_id: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert_company(conn: &mut DbConn, company: &CompanyInsert<'_>) -> QueryResult<()> {
    diesel::insert_into(companies::table)
        .values(company)
        .execute(conn)
        .map(|_| ())
}

pub fn find_company(conn: &mut DbConn, id: &str) -> QueryResult<CompanyRow> {
    companies::table
        .find(id)
        .select(CompanyRow::as_select())
        .first(conn)
}

/// The municipality a company belongs to.
pub fn municipality_of(conn: &mut DbConn, id: &str) -> QueryResult<String> {
    companies::table
        .find(id)
        .select(companies::municipality_id)
        .first(conn)
}

pub fn update_company(
    conn: &mut DbConn,
    id: &str,
    changes: &CompanyUpdate,
) -> QueryResult<CompanyRow> {
    diesel::update(companies::table.find(id))
        .set(changes)
        .execute(conn)?;
    find_company(conn, id)
}

pub fn insert_status_change(conn: &mut DbConn, change: &StatusChangeInsert<'_>) -> QueryResult<()> {
    diesel::insert_into(company_status_changes::table)
        .values(change)
        .execute(conn)
        .map(|_| ())
}

/// What a company list may be narrowed to.
#[derive(Debug, Default)]
pub struct CompanyFilter {
    pub status: Option<CompanyStatus>,
    pub industry: Option<String>,
    pub ward: Option<Ward>,
    pub municipality_id: Option<String>,
}

pub fn list_companies(
    conn: &mut DbConn,
    filter: &CompanyFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<CompanyRow>> {
    let mut query = companies::table
        .select(CompanyRow::as_select())
        .into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(companies::status.eq(*status));
    }
    if let Some(industry) = &filter.industry {
        query = query.filter(companies::industry.eq(industry.clone()));
    }
    if let Some(ward) = &filter.ward {
        query = query.filter(companies::ward.eq(*ward));
    }
    if let Some(municipality) = &filter.municipality_id {
        query = query.filter(companies::municipality_id.eq(municipality.clone()));
    }
    if let Some(after) = after {
        query = query.filter(companies::id.gt(after.to_owned()));
    }
    query.order(companies::id.asc()).limit(limit).load(conn)
}

/// Moves a company to `to` on the desk's decision, with the reason: the change is kept in
/// `company_status_changes` and the audit log. Moving to the status it has is a 409.
pub fn change_status(
    conn: &mut DbConn,
    actor: &AuthUser,
    id: &str,
    to: CompanyStatus,
    reason: Option<String>,
) -> Result<CompanyRow, ApiError> {
    let current = find_company(conn, id)?;
    let from = current.status;
    if from == to {
        return Err(ApiError::Conflict(Msg::CompanyAlready {
            status: to.as_str().to_owned(),
        }));
    }
    let now = db::now();
    insert_status_change(
        conn,
        &StatusChangeInsert {
            id: &db::new_id(),
            company_id: id,
            from_status: from,
            to_status: to,
            reason: reason.as_deref(),
            actor_id: &actor.id.to_string(),
            created_at: now,
        },
    )?;
    let changes = CompanyUpdate {
        status: Some(to),
        status_reason: Some(reason),
        updated_at: Some(now),
        ..CompanyUpdate::default()
    };
    let after = update_company(conn, id, &changes)?;
    let action = match to {
        CompanyStatus::Approved => "approve",
        CompanyStatus::Suspended => "suspend",
        CompanyStatus::Pending => "reset",
    };
    audit::Change::new(actor.id, action, Entity::Company, id)
        .before(&current)
        .after(&after)
        .record(conn)?;
    let told = match to {
        CompanyStatus::Approved => Some(Kind::CompanyApproved),
        CompanyStatus::Suspended => Some(Kind::CompanySuspended),
        CompanyStatus::Pending => None,
    };
    if let Some(kind) = told {
        let facts = Facts::Company(CompanyFacts {
            company_id: id.to_owned(),
            name_ja: after.name_ja.clone(),
            name_en: after.name_en.clone(),
            reason: after.status_reason.clone(),
        });
        notifications::tell(conn, kind, &facts, &[Audience::CompanyMembers(id)])?;
    }
    if let Some(event) = told.and_then(webhooks::EventType::of_kind) {
        let scope = webhooks::Scope {
            company_id: Some(id),
            buyer_id: None,
        };
        webhooks::publish(
            conn,
            event,
            id,
            scope,
            json!({ "company_id": id, "status": to }),
        )?;
    }
    Ok(after)
}
