//! The yearly report's HTTP handlers, one file per resource: the draft (admins open it;
//! admins and reviewers read it), the reviewers' own opinions, publication and corrections
//! (admins), and the published versions for everyone.

pub mod drafts;
pub mod opinions;
pub mod public;
pub mod publication;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::store::{PublishedReportRow, ReportVersionRow};
use crate::error::ApiError;
use crate::i18n::Msg;

/// The fiscal years a report may be opened for (as the KPI targets').
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A fiscal year of the path, within [`YEARS`] (422 otherwise).
fn check_year(year: i32) -> Result<i32, ApiError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::invalid("fiscal_year", Msg::between(2000, 2100)))
    }
}

/// The audit log's key of a year's report: a fixed UUID per year, as the KPI targets'.
fn year_key(year: i32) -> String {
    let mut bytes = *b"yearly-report---";
    bytes[12..16].copy_from_slice(&year.to_be_bytes());
    uuid::Uuid::from_bytes(bytes).to_string()
}

/// One published version, without its content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportVersionView {
    pub version: i32,
    /// The lower-case hex SHA-256 of the version's canonical JSON.
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub sha256: String,
    pub published_at: DateTime<Utc>,
    /// What a correction changed; `null` for version 1.
    pub what_changed: Option<String>,
    /// Why; `null` for version 1.
    pub why: Option<String>,
}

impl From<&ReportVersionRow> for ReportVersionView {
    fn from(row: &ReportVersionRow) -> Self {
        ReportVersionView {
            version: row.version,
            sha256: row.sha256.clone(),
            published_at: row.published_at.and_utc(),
            what_changed: row.what_changed.clone(),
            why: row.why.clone(),
        }
    }
}

/// A published version with its content: the snapshot as it was frozen.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedReportView {
    pub fiscal_year: i32,
    pub version: i32,
    /// The lower-case hex SHA-256 of `content` in canonical form: keys of every object
    /// sorted, no insignificant whitespace (the bytes that
    /// `GET /public/reports/{fiscal_year}/versions/{version}` serves).
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub sha256: String,
    pub published_at: DateTime<Utc>,
    pub what_changed: Option<String>,
    pub why: Option<String>,
    #[schema(value_type = super::content::ReportContent)]
    pub content: serde_json::Value,
}

impl PublishedReportView {
    fn of(row: &PublishedReportRow) -> Result<Self, ApiError> {
        Ok(PublishedReportView {
            fiscal_year: row.fiscal_year,
            version: row.version,
            sha256: row.sha256.clone(),
            published_at: row.published_at.and_utc(),
            what_changed: row.what_changed.clone(),
            why: row.why.clone(),
            content: serde_json::from_str(&row.content)
                .map_err(|e| ApiError::internal(format!("a snapshot that is not JSON: {e}")))?,
        })
    }
}
