//! One import, start to end, in the caller's transaction: the event checked, every valid
//! record applied in a savepoint of its own (a refused row leaves nothing behind and the
//! others go on), the counts taken. A real run is recorded; a dry run is the same run rolled
//! back, so its counts are the real run's. Without `skip_invalid`, one invalid row refuses
//! the whole real run (422 with every row's errors).

use diesel::Connection;
use serde::Serialize;

use super::apply::{apply, is_rows_own, Target};
use super::records::Checked;
use super::store::{insert_import, ImportInsert};
use super::{ImportKind, ImportReport, Outcome, RowError};
use crate::audit::{self, Entity};
use crate::auth::AuthUser;
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::events::store::{find_event, EventRow};
use crate::events::EventKind;
use crate::i18n::Msg;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: ImportKind,
    pub event_id: Option<String>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub invite: bool,
    /// What signs the check-in codes of imported registrations' confirmations
    /// (`Config::check_in_key`).
    pub check_in_key: Vec<u8>,
}

/// How a run ends early: refused, or rolled back on purpose as a dry run.
enum Abort {
    Refused(ApiError),
    DryRun(ImportReport),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Refused(error.into())
    }
}

impl From<ApiError> for Abort {
    fn from(error: ApiError) -> Self {
        Abort::Refused(error)
    }
}

/// Runs `plan` over `rows` as `user`, in a savepoint that a dry run rolls back.
pub fn run(
    conn: &mut DbConn,
    user: &AuthUser,
    plan: &Plan,
    rows: &[Checked],
) -> Result<ImportReport, ApiError> {
    let ended = conn.transaction::<ImportReport, Abort, _>(|conn| {
        let event = event(conn, plan)?;
        let target = Target {
            user,
            event: event.as_ref(),
            invite: plan.invite,
            check_in_key: &plan.check_in_key,
        };
        let (mut report, outcomes) = apply_all(conn, &target, plan, rows)?;
        if plan.dry_run {
            return Err(Abort::DryRun(report));
        }
        if report.rejected > 0 && !plan.skip_invalid {
            return Err(Abort::Refused(refusal(&report)));
        }
        report.import_id = Some(record(conn, user, plan, &report, &outcomes)?);
        Ok(report)
    });
    match ended {
        Ok(report) | Err(Abort::DryRun(report)) => Ok(report),
        Err(Abort::Refused(error)) => Err(error),
    }
}

/// The event of an import that takes one: exhibitors only to a trade fair.
fn event(conn: &mut DbConn, plan: &Plan) -> Result<Option<EventRow>, ApiError> {
    let Some(id) = &plan.event_id else {
        return Ok(None);
    };
    let event = find_event(conn, id)?;
    if plan.kind == ImportKind::Exhibitors && event.kind != EventKind::TradeFair {
        return Err(ApiError::invalid("event_id", Msg::OnlyFairsExhibitors));
    }
    Ok(Some(event))
}

/// One row's outcome as the import's record keeps it.
#[derive(Debug, Serialize)]
struct RowOutcome {
    row: usize,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<String>,
}

fn apply_all(
    conn: &mut DbConn,
    target: &Target<'_>,
    plan: &Plan,
    rows: &[Checked],
) -> Result<(ImportReport, Vec<RowOutcome>), ApiError> {
    let mut report = ImportReport {
        import_id: None,
        kind: plan.kind,
        dry_run: plan.dry_run,
        rows: rows.len(),
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        invited: 0,
        errors: Vec::new(),
    };
    let mut outcomes = Vec::with_capacity(rows.len());
    for (row, checked) in rows {
        let applied = match checked {
            Ok(record) => match conn.transaction(|conn| apply(conn, target, record)) {
                Ok(outcome) => Ok(outcome),
                Err(error) if is_rows_own(&error) => Err(row_errors(*row, plan.kind, error)),
                Err(error) => return Err(error),
            },
            Err(errors) => Err(errors.clone()),
        };
        let outcome = match applied {
            Ok((outcome, invited)) => {
                report.invited += usize::from(invited);
                outcome
            }
            Err(errors) => {
                outcomes.push(RowOutcome {
                    row: *row,
                    outcome: Outcome::Rejected,
                    errors: errors.iter().map(|e| e.column.clone()).collect(),
                });
                report.errors.extend(errors);
                report.rejected += 1;
                continue;
            }
        };
        match outcome {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
            Outcome::Rejected => report.rejected += 1,
        }
        outcomes.push(RowOutcome {
            row: *row,
            outcome,
            errors: Vec::new(),
        });
    }
    Ok((report, outcomes))
}

/// A domain's refusal of one row as that row's errors.
fn row_errors(row: usize, kind: ImportKind, error: ApiError) -> Vec<RowError> {
    let first = super::columns::columns(kind)[0].key;
    match error {
        ApiError::Validation(fields) => fields
            .into_iter()
            .map(|f| RowError::new(row, f.field, f.message))
            .collect(),
        ApiError::BadRequest(m)
        | ApiError::Forbidden(m)
        | ApiError::Conflict(m)
        | ApiError::StateConflict { detail: m, .. }
        | ApiError::Clash { detail: m, .. } => vec![RowError::new(row, first, m)],
        _ => vec![RowError::new(row, first, Msg::ValueNotAllowed)],
    }
}

/// The 422 of a real run with invalid rows: each error as `rows[<row>].<column>`.
fn refusal(report: &ImportReport) -> ApiError {
    let mut fields = vec![FieldError::new(
        "rows",
        Msg::ImportRowsInvalid {
            rejected: report.rejected,
        },
    )];
    fields.extend(
        report
            .errors
            .iter()
            .map(|e| FieldError::new(format!("rows[{}].{}", e.row, e.column), e.message.clone())),
    );
    ApiError::Validation(fields)
}

/// Keeps a real run in `imports` and the audit log; the import's id.
fn record(
    conn: &mut DbConn,
    user: &AuthUser,
    plan: &Plan,
    report: &ImportReport,
    outcomes: &[RowOutcome],
) -> Result<uuid::Uuid, ApiError> {
    let id = db::new_id();
    let outcomes = serde_json::to_string(outcomes)
        .map_err(|e| ApiError::internal(format!("cannot record an import: {e}")))?;
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    insert_import(
        conn,
        &ImportInsert {
            id: &id,
            kind: plan.kind.as_str(),
            event_id: plan.event_id.as_deref(),
            actor_id: &user.id.to_string(),
            total_rows: count(report.rows),
            created: count(report.created),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            rejected: count(report.rejected),
            outcomes: &outcomes,
            created_at: db::now(),
        },
    )?;
    let summary = serde_json::json!({
        "kind": plan.kind,
        "event_id": plan.event_id,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "invited": report.invited,
    });
    audit::Change::new(user.id, "import", Entity::Import, &id)
        .after(&summary)
        .record(conn)?;
    db::parse_id(&id)
}
