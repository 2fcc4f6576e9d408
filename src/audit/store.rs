//! Reading the log: one page of entries, oldest first, optionally of one entity, and for
//! a scoped reader only the entries about its municipality's companies.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Entity;
use crate::db::schema::{applications, audit_log, companies, job_postings, meetings, support_log};
use crate::db::DbConn;

/// An entry as stored: `before` and `after` are JSON text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub actor_id: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Which entries to read.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<Entity>,
    pub entity_id: Option<String>,
    /// Only the entries about this municipality's companies: the companies themselves,
    /// their meetings and negotiations, support-log entries and applications to their
    /// jobs. Entries of any other kind are left out (a scoped reader sees less, never
    /// another municipality's).
    pub municipality_id: Option<String>,
}

/// Up to `limit` entries after the id `after` (ids are UUIDv7, so in time order).
pub fn page(
    conn: &mut DbConn,
    filter: &AuditFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut sql = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(entity) = filter.entity {
        let entity: &'static str = entity.into();
        sql = sql.filter(audit_log::entity.eq(entity));
    }
    if let Some(id) = &filter.entity_id {
        sql = sql.filter(audit_log::entity_id.eq(id.clone()));
    }
    if let Some(municipality) = &filter.municipality_id {
        let kind = |entity: Entity| -> &'static str { entity.into() };
        let companies_of = || {
            companies::table
                .filter(companies::municipality_id.eq(municipality.clone()))
                .select(companies::id)
        };
        let meetings_of = meetings::table
            .filter(meetings::company_id.eq_any(companies_of()))
            .select(meetings::id);
        let support_of = support_log::table
            .filter(support_log::company_id.eq_any(companies_of()))
            .select(support_log::id);
        let jobs_of = job_postings::table
            .filter(job_postings::company_id.eq_any(companies_of()))
            .select(job_postings::id);
        let applications_of = applications::table
            .filter(applications::job_id.eq_any(jobs_of))
            .select(applications::id);
        sql = sql.filter(
            (audit_log::entity.eq(kind(Entity::Company)))
                .and(audit_log::entity_id.eq_any(companies_of()))
                .or(audit_log::entity
                    .eq_any([kind(Entity::Meeting), kind(Entity::Negotiation)])
                    .and(audit_log::entity_id.eq_any(meetings_of)))
                .or(audit_log::entity
                    .eq(kind(Entity::SupportEntry))
                    .and(audit_log::entity_id.eq_any(support_of)))
                .or(audit_log::entity
                    .eq(kind(Entity::Application))
                    .and(audit_log::entity_id.eq_any(applications_of))),
        );
    }
    if let Some(after) = after {
        sql = sql.filter(audit_log::id.gt(after.to_owned()));
    }
    sql.order(audit_log::id.asc()).limit(limit).load(conn)
}
