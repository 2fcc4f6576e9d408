//! The audit log: who changed what, when, before and after. Entries are written by
//! [`Change::record`] inside the transaction of the change they describe, so a change and its entry
//! commit or vanish together; nothing edits or deletes them (the database refuses to).

pub mod api;
pub mod store;

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
    /// A follow-up survey and its answer.
    Survey,
    /// An entry of a company's support log.
    SupportEntry,
    /// An item of the desk's follow-up queue.
    FollowUp,
    /// One side's wishes at one fair, keyed by the company's or buyer's id.
    MatchPreferences,
    /// A bulk import run for real: its kind and counts (each row's outcome is in `imports`).
    Import,
    /// An event's settings (as the desk changes its capacity).
    Event,
    /// A registration to an event: cancelled, or promoted from the waitlist.
    Registration,
    /// A fee of a fiscal year's schedule.
    FeeSchedule,
    /// An invoice to a company: issued, paid or cancelled.
    Invoice,
    Subsidy,
    ProgrammeCost,
    /// A research brief: created, changed, published.
    Brief,
    /// A company's research subscriptions, keyed by the company's id.
    BriefSubscriptions,
    /// A member organisation of the consortium.
    ConsortiumMember,
    /// A consortium member's contact: personal data, so only which fields changed.
    ConsortiumContact,
    /// The consortium members taking part in a forum, keyed by the event's id.
    ForumMembers,
    /// A partner municipality added by the host's admins.
    Municipality,
    /// A fiscal year's yearly report: opened, published, corrected (keyed by a fixed UUID
    /// per year).
    Report,
    /// A reviewer's signed opinion on a yearly report.
    ReportOpinion,
}

/// One entry to append, built where the change is made:
///
/// ```text
/// audit::Change::new(user.id, "approve", Entity::Company, &company_id)
///     .before(&current)
///     .after(&updated)
///     .record(conn)?;
/// ```
///
/// `before` and `after` are the entity's state around the change; leave one out for a
/// creation or a deletion.
#[must_use = "an audit entry is written only by `record`"]
pub struct Change<'a> {
    actor_id: String,
    action: &'a str,
    entity: Entity,
    entity_id: &'a str,
    before: Option<Result<String, serde_json::Error>>,
    after: Option<Result<String, serde_json::Error>>,
}

impl<'a> Change<'a> {
    pub fn new(
        actor_id: impl std::fmt::Display,
        action: &'a str,
        entity: Entity,
        entity_id: &'a str,
    ) -> Self {
        Self {
            actor_id: actor_id.to_string(),
            action,
            entity,
            entity_id,
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, state: &impl Serialize) -> Self {
        self.before = Some(serde_json::to_string(state));
        self
    }

    pub fn after(mut self, state: &impl Serialize) -> Self {
        self.after = Some(serde_json::to_string(state));
        self
    }

    /// Appends the entry, in the caller's transaction.
    pub fn record(self, conn: &mut DbConn) -> Result<(), ApiError> {
        let encode_error =
            |e: serde_json::Error| ApiError::internal(format!("cannot record an audit entry: {e}"));
        let before = self.before.transpose().map_err(encode_error)?;
        let after = self.after.transpose().map_err(encode_error)?;
        let entity: &'static str = self.entity.into();
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::id.eq(db::new_id()),
                audit_log::actor_id.eq(&self.actor_id),
                audit_log::action.eq(self.action),
                audit_log::entity.eq(entity),
                audit_log::entity_id.eq(self.entity_id),
                audit_log::before.eq(before),
                audit_log::after.eq(after),
                audit_log::created_at.eq(db::now()),
            ))
            .execute(conn)?;
        Ok(())
    }
}
