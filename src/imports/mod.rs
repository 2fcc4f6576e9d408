//! Bulk imports with a dry run: the desk's spreadsheets of companies, buyers, a fair's
//! exhibitors or an event's registrations, as CSV (UTF-8 or Shift_JIS) or `.xlsx`.
//!
//! A file is read into a table (`read`), its headers mapped to columns (`columns`), each row
//! checked into a record (`records`, with the corporate number's check digit in
//! `corporate_number`) and the records applied through each domain's own store and rules
//! (`apply`), all in one transaction (`run`): a dry run is that same run rolled back, so it
//! counts what the real run does. Re-running a file changes nothing: rows are matched by
//! corporate number, e-mail, or name (and country). A real run is kept in `imports` with each
//! row's outcome and logged in the audit log. The handlers are in `api`, the downloadable
//! templates in `template`.

pub mod api;
mod apply;
pub mod columns;
pub mod corporate_number;
pub mod read;
mod records;
mod run;
mod store;
mod template;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::i18n::Msg;

/// What an import creates.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ImportKind {
    /// SME profiles (pending approval), matched by corporate number or Japanese name.
    Companies,
    /// Buyer organisations (unverified), matched by name and country.
    Buyers,
    /// A trade fair's exhibitors: approved companies by corporate number or Japanese name.
    Exhibitors,
    /// An event's registrations: accounts by e-mail (their company, organisation or
    /// candidate profile).
    Registrations,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether this kind imports into one event (`event_id`).
    pub fn takes_event(self) -> bool {
        matches!(self, ImportKind::Exhibitors | ImportKind::Registrations)
    }
}

/// One invalid row's problem: where it is and what to enter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowError {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column's API name (`corporate_number`), whichever header the file used.
    pub column: String,
    /// What is wrong, in the language `Accept-Language` asks for.
    #[schema(value_type = String)]
    pub message: Msg,
}

impl RowError {
    pub fn new(row: usize, column: impl Into<String>, message: Msg) -> Self {
        Self {
            row,
            column: column.into(),
            message,
        }
    }
}

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// What an import did, or would do in a dry run: the same counts either way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// The recorded import; `null` for a dry run (which leaves nothing behind).
    pub import_id: Option<Uuid>,
    pub kind: ImportKind,
    pub dry_run: bool,
    /// Rows read, besides the header and blank rows.
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// Invitations sent (`invite=true`) to the new buyer organisations' addresses.
    pub invited: usize,
    /// Every problem of every rejected row, in row order.
    pub errors: Vec<RowError>,
}
