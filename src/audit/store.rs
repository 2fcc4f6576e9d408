//! Reading the log: one page of entries, oldest first, optionally of one entity.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Entity;
use crate::db::schema::audit_log;
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
    if let Some(after) = after {
        sql = sql.filter(audit_log::id.gt(after.to_owned()));
    }
    sql.order(audit_log::id.asc()).limit(limit).load(conn)
}
