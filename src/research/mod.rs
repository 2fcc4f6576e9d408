//! Research fed back to companies (issue 24, item 1): the programme's studies of the regions
//! leading in AI and IT, written as bilingual briefs by the desk or a consortium expert,
//! published by the desk to the companies that follow their topics, and counted as they are
//! read.
//!
//! - `api/`: the briefs, their publication and reach, and each company's subscriptions.
//! - `markdown`: a brief's Markdown rendered to sanitised HTML.
//! - `publish`: the `draft → published` move and its mail to the subscribed companies.
//! - `reach`: how many briefs a fiscal year published and how many companies and members
//!   they reached, for the desk and the yearly report.
//! - `store`: rows and queries.

pub mod api;
pub mod markdown;
pub mod publish;
pub mod reach;
pub mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::capabilities::Category;
use crate::error::ApiError;

/// The technologies a brief concerns: a fixed vocabulary, so that a company's subscription
/// and a brief's tags always meet.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TechnologyTag {
    /// Artificial intelligence, machine learning.
    Ai,
    /// The Internet of Things, sensors, connected devices.
    Iot,
    Robotics,
    Semiconductors,
    Aerospace,
    Mobility,
    Energy,
    Biotech,
    Materials,
    Cybersecurity,
}

impl TechnologyTag {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

crate::stored_enum! {
    /// `draft → published`; a published brief stays published.
    #[schema(as = BriefStatus)]
    pub enum BriefStatus {
        Draft,
        Published,
    }
}

crate::stored_enum! {
    /// Who reads a published brief: anyone (`public`), or every signed-in company, buyer, staff
    /// and expert account (`members`).
    #[derive(Default)]
    #[schema(as = BriefVisibility)]
    pub enum Visibility {
        Public,
        #[default]
        Members,
    }
}

crate::stored_enum! {
    /// What a subscription follows: a technology tag or a capability category.
    pub enum TopicKind {
        Tag,
        Category,
    }
}

/// Tags and categories are stored as JSON arrays of their API names.
pub fn encode_tags(tags: &[TechnologyTag]) -> String {
    crate::db::encode_list(
        &tags
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect::<Vec<_>>(),
    )
}

pub fn encode_categories(categories: &[Category]) -> String {
    crate::db::encode_list(
        &categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect::<Vec<_>>(),
    )
}

/// The stored list back as its enum; a name that is not one is a row written by hand.
pub fn decode<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, ApiError> {
    crate::db::decode_list(text)?
        .iter()
        .map(|name| {
            name.parse()
                .map_err(|_| ApiError::internal(format!("unknown topic {name:?} in a brief")))
        })
        .collect()
}

/// Each tag or category once, in the vocabulary's order, whatever order and repetitions
/// the request had.
pub fn distinct<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    items
}

/// A list of at most `max` entries (the document's `maxItems`, checked here as a list's
/// length is not the validator's).
pub fn at_most(field: &str, len: usize, max: usize) -> Vec<crate::error::FieldError> {
    if len > max {
        vec![crate::error::FieldError::new(
            field,
            crate::i18n::Msg::AtMostEntries { max },
        )]
    } else {
        Vec::new()
    }
}
