//! Two-sided matchmaking before a trade fair (事前マッチング): both sides' wishes about each
//! other (`preferences`, stored in `store`), what a pair's wishes are worth and how a meeting
//! came about (`wishes`, pure), and explainable suggestions both ways (`score`, pure, over
//! facts `store` loads). The HTTP surface is in `api`.
//!
//! It sits between events and meetings: it reads a fair's exhibitors and registered buyers,
//! and the meetings domain reads wishes from it to schedule by preference. Earlier meetings
//! between a pair are read from the meetings table directly (columns only), since the
//! meetings domain stands above.

pub mod api;
pub mod matches;
pub mod preferences;
pub mod score;
pub mod store;
pub mod wishes;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How much a side wants to meet a counterpart at a fair.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[schema(as = WishLevel)]
pub enum Level {
    /// Must meet.
    Must,
    /// Would like to meet.
    Want,
    /// Does not want to meet: never scheduled together.
    NoThanks,
}
crate::text_enum!(Level);

/// Whose wish a row is: the company's about a buyer, or the buyer's about a company.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum WishSide {
    Company,
    Buyer,
}
crate::text_enum!(WishSide);
