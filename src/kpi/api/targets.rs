//! `/kpi/targets/{fiscal_year}`: a year's targets as the plan states them; staff read them,
//! the admin replaces them (audited).

use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::require_reader;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, Role};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::JsonBody;
use crate::finance;
use crate::i18n::Msg;
use crate::kpi::report::points;
use crate::kpi::store::{self, TargetKpi};
use crate::AppState;

/// The years the API reports on.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A fiscal year's targets, each the plan's increment for that year; absent means none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// The close rate the programme starts from, in percent (one baseline year).
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0.0, maximum = 100.0)]
    pub close_rate_baseline_percent: Option<f64>,
    /// Planned rise of the close rate in the year, in percentage points.
    #[validate(range(min = -100.0, max = 100.0))]
    #[schema(minimum = -100.0, maximum = 100.0)]
    pub close_rate_increment_points: Option<f64>,
    /// Planned overseas sales of the year, in thousand yen.
    #[validate(range(min = 0, max = 1000000000))]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub overseas_sales_thousand_yen: Option<i64>,
    /// Planned foreign talents hired in the year.
    #[validate(range(min = 0, max = 100000))]
    #[schema(minimum = 0, maximum = 100000)]
    pub foreign_talent_hired: Option<i64>,
    /// The self-financing ratio aimed at in the year (contributions received over
    /// programme costs), in percent.
    #[validate(range(min = 0.0, max = 1000.0))]
    #[schema(minimum = 0.0, maximum = 1000.0)]
    pub self_financing_ratio_percent: Option<f64>,
}

impl Targets {
    /// Each KPI's stored value: percentages and points in hundredths.
    fn stored(&self) -> [(TargetKpi, Option<i64>); 4] {
        let hundredths = |v: Option<f64>| v.map(|p| (p * 100.0).round() as i64);
        [
            (
                TargetKpi::CloseRateBaseline,
                hundredths(self.close_rate_baseline_percent),
            ),
            (
                TargetKpi::CloseRate,
                hundredths(self.close_rate_increment_points),
            ),
            (TargetKpi::OverseasSales, self.overseas_sales_thousand_yen),
            (TargetKpi::ForeignTalent, self.foreign_talent_hired),
        ]
    }
}

fn targets_of(conn: &mut DbConn, year: i32) -> Result<Targets, ApiError> {
    let mut targets = Targets::default();
    for row in store::targets(conn)?
        .into_iter()
        .filter(|r| r.fiscal_year == year)
    {
        match row.kpi {
            TargetKpi::CloseRateBaseline => {
                targets.close_rate_baseline_percent = Some(points(row.value))
            }
            TargetKpi::CloseRate => targets.close_rate_increment_points = Some(points(row.value)),
            TargetKpi::OverseasSales => targets.overseas_sales_thousand_yen = Some(row.value),
            TargetKpi::ForeignTalent => targets.foreign_talent_hired = Some(row.value),
        }
    }
    targets.self_financing_ratio_percent = finance::store::target(conn, year)?.map(points);
    Ok(targets)
}

/// Replaces the year's targets and records the change in the audit log.
fn replace_targets(
    conn: &mut DbConn,
    actor: &AuthUser,
    year: i32,
    targets: &Targets,
) -> Result<Targets, ApiError> {
    let before = targets_of(conn, year)?;
    let now = db::now();
    for (kpi, value) in targets.stored() {
        store::set_target(conn, year, kpi, value, now)?;
    }
    let ratio = targets
        .self_financing_ratio_percent
        .map(|p| (p * 100.0).round() as i64);
    finance::store::set_target(conn, year, ratio, now)?;
    let after = targets_of(conn, year)?;
    // Targets have no id of their own: the entry is keyed by a fixed UUID per year.
    let key = uuid::Uuid::from_bytes(year_key(year)).to_string();
    audit::Change::new(actor.id, &format!("set:{year}"), Entity::KpiTarget, &key)
        .before(&before)
        .after(&after)
        .record(conn)?;
    Ok(after)
}

fn check_year(year: i32) -> Result<(), ApiError> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid("fiscal_year", Msg::between(2000, 2100)))
    }
}

/// Get a fiscal year's KPI targets
///
/// Admins, the desk and reviewers.
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year", minimum = 2000, maximum = 2100)),
    responses(
        (status = 200, description = "Targets", body = Targets),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a fiscal year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kpi/targets/{fiscal_year}")]
pub async fn get_targets(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<web::Json<Targets>, ApiError> {
    require_reader(&user)?;
    let year = path.into_inner();
    check_year(year)?;
    let targets = db::run(&state.pool, move |conn| targets_of(conn, year)).await?;
    Ok(web::Json(targets))
}

/// Replace a fiscal year's KPI targets
///
/// Every change is in the audit log. Admins only.
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year", minimum = 2000, maximum = 2100)),
    request_body = Targets,
    responses(
        (status = 200, description = "Targets now", body = Targets),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a fiscal year", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/kpi/targets/{fiscal_year}")]
pub async fn put_targets(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    JsonBody(body): JsonBody<Targets>,
) -> Result<web::Json<Targets>, ApiError> {
    policy::require_role(&user, &[Role::Admin])?;
    let year = path.into_inner();
    check_year(year)?;
    let targets = db::write(&state.pool, move |conn| {
        replace_targets(conn, &user, year, &body)
    })
    .await?;
    Ok(web::Json(targets))
}

/// A stable id for a fiscal year's targets in the audit log.
fn year_key(year: i32) -> [u8; 16] {
    let mut bytes = *b"kpi-target-year-";
    bytes[12..16].copy_from_slice(&year.to_be_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_stored_in_hundredths() {
        let targets = Targets {
            close_rate_baseline_percent: Some(13.0),
            close_rate_increment_points: Some(2.5),
            overseas_sales_thousand_yen: Some(5000),
            foreign_talent_hired: None,
            self_financing_ratio_percent: Some(25.0),
        };
        assert_eq!(
            targets.stored(),
            [
                (TargetKpi::CloseRateBaseline, Some(1300)),
                (TargetKpi::CloseRate, Some(250)),
                (TargetKpi::OverseasSales, Some(5000)),
                (TargetKpi::ForeignTalent, None),
            ]
        );
    }

    #[test]
    fn each_year_has_its_own_audit_key() {
        assert_ne!(year_key(2024), year_key(2025));
        assert!(year_key(2024).starts_with(b"kpi-target-y"));
    }
}
