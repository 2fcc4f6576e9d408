//! Every published snapshot checked against a recount of its year's records now, for
//! `kpi-recount`. A difference is expected, not an error: a deal closed after publication
//! raises its meeting's year, a late payment moves the ratio. The snapshot stays as it was
//! published; a correction is the admins' call.

use super::content;
use super::figures::{differences, FigureDifference};
use super::store;
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// One published version and the headline figures on which today's recount differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotCheck {
    pub fiscal_year: i32,
    pub version: i32,
    pub sha256: String,
    pub differences: Vec<FigureDifference>,
}

/// Each published version of each year against a recount of that year now.
pub fn check_snapshots(conn: &mut DbConn) -> Result<Vec<SnapshotCheck>, ApiError> {
    let now = db::now();
    let mut checks = Vec::new();
    for row in store::every_published(conn)? {
        let published: serde_json::Value = serde_json::from_str(&row.content)
            .map_err(|e| ApiError::internal(format!("a snapshot that is not JSON: {e}")))?;
        let recount = content::count(conn, row.fiscal_year, row.version, now, None)?;
        let recounted = serde_json::to_value(&recount)
            .map_err(|e| ApiError::internal(format!("cannot encode a recount: {e}")))?;
        checks.push(SnapshotCheck {
            fiscal_year: row.fiscal_year,
            version: row.version,
            sha256: row.sha256,
            differences: differences(&published, &recounted),
        });
    }
    Ok(checks)
}
