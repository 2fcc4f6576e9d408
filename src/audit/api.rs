//! `GET /audit`: the log, for admins and the evaluation council. There is no other route:
//! entries are never edited or deleted.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::Entity;
use crate::auth::{policy, AuthUser, Role};
use crate::db::parse_id;
use crate::db::{self, schema::audit_log};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::paging::{Page, PageParams, Paging};
use crate::AppState;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub entity: Option<Entity>,
    pub entity_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor_id: Uuid,
    /// e.g. `approve`, `transition:accepted`, `update`, `report`, `confirm`.
    pub action: String,
    pub entity: String,
    pub entity_id: Uuid,
    /// The entity before the change (absent for a creation).
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

type AuditRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
);

fn entry(
    (id, actor, action, entity, entity_id, before, after, at): AuditRow,
) -> Result<AuditEntry, ApiError> {
    let parse = |text: Option<String>| {
        text.map(|t| serde_json::from_str(&t).map_err(|e| ApiError::internal(e.to_string())))
            .transpose()
    };
    Ok(AuditEntry {
        id: parse_id(&id)?,
        actor_id: parse_id(&actor)?,
        action,
        entity,
        entity_id: parse_id(&entity_id)?,
        before: parse(before)?,
        after: parse(after)?,
        at: at.and_utc(),
    })
}

/// List the audit log
///
/// Who changed what, when: every approval, transition, update, report, confirmation and target
/// change, oldest first; optionally only the entries of one entity (`entity`, `entity_id`).
/// Admins and reviewers only.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery, PageParams),
    responses(
        (status = 200, description = "One page of entries", body = Page<AuditEntry>),
        (status = 403, description = "Only admins and reviewers read the log", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<AuditQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    policy::require_role(&user, &[Role::Admin, Role::Reviewer])?;
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows: Vec<AuditRow> = db::run(&state.pool, move |conn| {
        let mut sql = audit_log::table
            .select((
                audit_log::id,
                audit_log::actor_id,
                audit_log::action,
                audit_log::entity,
                audit_log::entity_id,
                audit_log::before,
                audit_log::after,
                audit_log::created_at,
            ))
            .into_boxed();
        if let Some(entity) = query.entity {
            let entity: &'static str = entity.into();
            sql = sql.filter(audit_log::entity.eq(entity));
        }
        if let Some(id) = query.entity_id {
            sql = sql.filter(audit_log::entity_id.eq(id.to_string()));
        }
        if let Some(after) = after {
            sql = sql.filter(audit_log::id.gt(after));
        }
        Ok(sql.order(audit_log::id.asc()).limit(fetch).load(conn)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.0.clone(),
        entry,
    )?))
}
