//! `/kpi`: the report and its breakdowns (admin, desk, reviewer), targets (admin writes),
//! and the public, aggregate-only report with its CSV.

pub mod public;
pub mod report;
pub mod targets;

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;
use validator::Validate;

use super::report::{self as definition, KpiReport, Plan};
use super::store;
use crate::auth::{policy, AuthUser, Role};
use crate::db::{parse_id, DbConn};
use crate::error::ApiError;
use crate::japan::current_fiscal_year;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiscalYearQuery {
    /// The Japanese fiscal year (April to March, Japan time); defaults to the current one.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
    /// One municipality's figures (its id or six-digit code): its companies' meetings,
    /// deals and hires. Without it the whole installation's; a scoped account always
    /// gets its own municipality's (another is a 404).
    #[param(example = "141500")]
    pub municipality: Option<String>,
}

impl FiscalYearQuery {
    fn year(&self) -> i32 {
        self.fiscal_year.unwrap_or_else(current_fiscal_year)
    }
}

/// Who reads the full report: staff, not companies or buyers.
fn require_reader(user: &AuthUser) -> Result<(), ApiError> {
    policy::require_role(user, &[Role::Admin, Role::Desk, Role::Reviewer])
}

/// The municipality a `municipality` parameter names (by id or code), if any; an unknown
/// one is not found.
fn named_municipality(conn: &mut DbConn, key: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    key.map(|key| parse_id(&crate::municipalities::resolve(conn, key)?.id))
        .transpose()
}

/// The report of `fiscal_year` for `municipality` (`None`: the whole installation): the
/// plan and the year's figures loaded, the definition applied.
fn kpi_report(
    conn: &mut DbConn,
    fiscal_year: i32,
    municipality: Option<&Uuid>,
) -> Result<KpiReport, ApiError> {
    let plan = store::plan(conn)?;
    report_with(conn, &plan, fiscal_year, municipality)
}

/// [`kpi_report`] with the plan already loaded (for several years).
fn report_with(
    conn: &mut DbConn,
    plan: &Plan,
    fiscal_year: i32,
    municipality: Option<&Uuid>,
) -> Result<KpiReport, ApiError> {
    let key = municipality.map(Uuid::to_string);
    let figures = super::figures::figures(conn, plan, fiscal_year, key.as_deref())?;
    let mut report = definition::report(plan, &figures);
    report.municipality_id = municipality.copied();
    Ok(report)
}
