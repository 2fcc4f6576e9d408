//! `/kpi`: the report and its breakdowns (admin, desk, reviewer), targets (admin writes),
//! and the public, aggregate-only report with its CSV.

pub mod public;
pub mod report;
pub mod targets;

use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::report::{self as definition, KpiReport, Plan};
use super::store;
use crate::auth::{policy, AuthUser, Role};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::japan::current_fiscal_year;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiscalYearQuery {
    /// The Japanese fiscal year (April to March, Japan time); defaults to the current one.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
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

/// The report of `fiscal_year`: the plan and the year's figures loaded, the definition
/// applied.
fn kpi_report(conn: &mut DbConn, fiscal_year: i32) -> Result<KpiReport, ApiError> {
    let plan = store::plan(conn)?;
    report_with(conn, &plan, fiscal_year)
}

/// [`kpi_report`] with the plan already loaded (for several years).
fn report_with(conn: &mut DbConn, plan: &Plan, fiscal_year: i32) -> Result<KpiReport, ApiError> {
    let figures = store::figures(conn, plan, fiscal_year)?;
    Ok(definition::report(plan, &figures))
}
