//! The consortium (issue 24, item 2): the universities, financial institutions, support
//! bodies, companies and experts the programme works with for research, events and forums.
//! Its members' names and kinds are public; their contacts are personal data, the desk's
//! only. Experts sign in with the `expert` role (they write research briefs); a forum names
//! the members taking part in it, each with the expert account that speaks for it.
//!
//! - `api/`: the public list, members, contacts, and a forum's members.
//! - `store`: rows and queries.

pub mod api;
pub mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a consortium member is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[schema(as = ConsortiumMemberKind)]
pub enum MemberKind {
    University,
    FinancialInstitution,
    SupportBody,
    Company,
    /// An individual expert.
    Expert,
}

crate::text_enum!(MemberKind);
