//! The audit log: who changed what, when, before and after. Entries are written by
//! [`record`] inside the transaction of the change they describe, so a change and its entry
//! commit or vanish together; nothing edits or deletes them (the database refuses to).

pub mod api;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::audit_log;
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// What was changed, as the `entity` column names it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Entity {
    Company,
    Meeting,
    /// Keyed by its meeting's id, as the API names a negotiation.
    Negotiation,
    NegotiationReport,
    NegotiationContact,
    KpiTarget,
    Application,
    /// Personal fields are never recorded, only which of them changed.
    Candidate,
}

/// Appends one entry. `before` and `after` are the entity's state around the change (`None`
/// for a creation or a deletion).
pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConn,
    actor_id: &str,
    action: &str,
    entity: Entity,
    entity_id: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), ApiError> {
    let encode_error =
        |e: serde_json::Error| ApiError::internal(format!("cannot record an audit entry: {e}"));
    let before = before
        .map(|b| serde_json::to_string(b))
        .transpose()
        .map_err(encode_error)?;
    let after = after
        .map(|a| serde_json::to_string(a))
        .transpose()
        .map_err(encode_error)?;
    let entity: &'static str = entity.into();
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(db::new_id()),
            audit_log::actor_id.eq(actor_id),
            audit_log::action.eq(action),
            audit_log::entity.eq(entity),
            audit_log::entity_id.eq(entity_id),
            audit_log::before.eq(before),
            audit_log::after.eq(after),
            audit_log::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(())
}
