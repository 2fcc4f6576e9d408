//! `/kpi`: the report (admin, desk, reviewer), breakdowns, targets (admin writes), and the
//! public, aggregate-only report with its CSV.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::store::{self as store, BreakdownRow, Dimension, TalentDimension, YearTotals};
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, Role};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::{JsonBody, Query};
use crate::japan::{current_fiscal_year, date_range, utc_range};
use crate::AppState;

/// The years the API reports on.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiscalYearQuery {
    /// The Japanese fiscal year (April to March, Japan time); defaults to the current one.
    #[validate(range(min = 2000, max = 2100))]
    pub fiscal_year: Option<i32>,
}

/// Targets as the plan states them, per fiscal year.
#[derive(Debug, Clone, Default, PartialEq)]
struct Plan {
    /// Hundredths of a percentage point.
    close_rate_baseline: Option<i64>,
    close_rate_increments: BTreeMap<i32, i64>,
    sales_increments: BTreeMap<i32, i64>,
    talent_increments: BTreeMap<i32, i64>,
}

impl Plan {
    fn load(conn: &mut DbConn) -> Result<Self, ApiError> {
        let mut plan = Plan::default();
        for (year, kpi, value) in store::targets(conn)? {
            match kpi.as_str() {
                "close_rate_baseline" => plan.close_rate_baseline = Some(value),
                "close_rate" => drop(plan.close_rate_increments.insert(year, value)),
                "overseas_sales" => drop(plan.sales_increments.insert(year, value)),
                "foreign_talent" => drop(plan.talent_increments.insert(year, value)),
                _ => {}
            }
        }
        Ok(plan)
    }

    /// The programme's first year: the earliest year with a target increment.
    fn first_year(&self) -> Option<i32> {
        [
            &self.close_rate_increments,
            &self.sales_increments,
            &self.talent_increments,
        ]
        .iter()
        .filter_map(|m| m.keys().next().copied())
        .min()
    }
}

fn sum_through(map: &BTreeMap<i32, i64>, year: i32) -> Option<i64> {
    let mut values = map.range(..=year).map(|(_, v)| *v).peekable();
    values.peek()?;
    Some(values.sum())
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 * 100.0 / whole as f64))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingCounts {
    pub held: i64,
    pub won: i64,
    /// 成約見込み: negotiations still expected to close.
    pub prospect: i64,
    pub lost: i64,
    pub no_outcome: i64,
}

impl From<&YearTotals> for MeetingCounts {
    fn from(c: &YearTotals) -> Self {
        MeetingCounts {
            held: c.held,
            won: c.won,
            prospect: c.prospect,
            lost: c.lost,
            no_outcome: c.no_outcome(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CloseRateKpi {
    /// Won ÷ held, in percent, for meetings held in the year (as of now: a deal closed later
    /// still counts for its meeting's year).
    pub actual_percent: Option<f64>,
    /// The plan's level for the year: baseline plus the increments up to it.
    pub target_percent: Option<f64>,
    /// The year's planned increase, in percentage points.
    pub target_increment_points: Option<f64>,
    /// Over every meeting held from the programme's first year to this one.
    pub cumulative_actual_percent: Option<f64>,
    /// Planned increase from the baseline up to this year, in points.
    pub cumulative_target_increment_points: Option<f64>,
    pub baseline_percent: Option<f64>,
    /// actual ÷ target level, in percent.
    pub achievement_percent: Option<f64>,
    pub counts: MeetingCounts,
    pub cumulative_counts: MeetingCounts,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SalesKpi {
    /// Yen of deals won with `closed_on` in the year, in thousand yen (rounded down).
    pub actual_thousand_yen: i64,
    pub actual_yen: i64,
    pub deals_won: i64,
    pub target_thousand_yen: Option<i64>,
    pub cumulative_actual_thousand_yen: i64,
    pub cumulative_target_thousand_yen: Option<i64>,
    pub achievement_percent: Option<f64>,
    pub cumulative_achievement_percent: Option<f64>,
}

/// A count per key of an aggregate breakdown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TalentKpi {
    /// Applications that reached `hired` with `hired_on` in the year (Japan time).
    pub actual: i64,
    /// The plan's hires for the year.
    pub target: Option<i64>,
    pub cumulative_actual: i64,
    pub cumulative_target: Option<i64>,
    pub achievement_percent: Option<f64>,
    pub cumulative_achievement_percent: Option<f64>,
    /// The year's hires per candidate nationality (ISO 3166-1 alpha-2); counts only.
    pub by_nationality: Vec<KeyCount>,
    /// The year's hires per visa category of the posting; counts only.
    pub by_visa_category: Vec<KeyCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KpiReport {
    pub fiscal_year: i32,
    /// First and last day (Japan time).
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The earliest year of the plan, where cumulative figures start.
    pub first_fiscal_year: i32,
    pub close_rate: CloseRateKpi,
    pub overseas_sales: SalesKpi,
    pub foreign_talent: TalentKpi,
    /// Held meetings of the year whose company and buyer reports disagree.
    pub disagreeing_reports: i64,
}

fn points(hundredths: i64) -> f64 {
    hundredths as f64 / 100.0
}

fn compute_report(conn: &mut DbConn, fiscal_year: i32) -> Result<KpiReport, ApiError> {
    let plan = Plan::load(conn)?;
    let first = plan.first_year().unwrap_or(fiscal_year).min(fiscal_year);
    let years = store::year_totals(conn, first, fiscal_year)?;
    let counts = YearTotals::sum(years.iter().filter(|y| y.fiscal_year == fiscal_year));
    let cumulative = YearTotals::sum(&years);
    let (yen, deals) = (counts.sales_yen, counts.deals);
    let cumulative_yen = cumulative.sales_yen;
    let (date_from, date_to) = date_range(fiscal_year);

    let increments = sum_through(&plan.close_rate_increments, fiscal_year);
    let target_level = plan
        .close_rate_baseline
        .map(|b| b + increments.unwrap_or(0));
    let actual = percent(counts.won, counts.held);
    let sales_target = plan.sales_increments.get(&fiscal_year).copied();
    let sales_cumulative_target = sum_through(&plan.sales_increments, fiscal_year);
    let hired = store::hires(conn, date_from, date_to)?;
    let cumulative_hired = store::hires(conn, date_range(first).0, date_to)?;
    let talent_target = plan.talent_increments.get(&fiscal_year).copied();
    let talent_cumulative_target = sum_through(&plan.talent_increments, fiscal_year);
    let mut hires_by = |dimension| -> Result<Vec<KeyCount>, ApiError> {
        Ok(store::hires_by(conn, dimension, date_from, date_to)?
            .into_iter()
            .map(|(key, count)| KeyCount { key, count })
            .collect())
    };
    let by_nationality = hires_by(TalentDimension::Nationality)?;
    let by_visa_category = hires_by(TalentDimension::VisaCategory)?;
    Ok(KpiReport {
        fiscal_year,
        from: date_from,
        to: date_to.pred_opt().unwrap_or(date_to),
        first_fiscal_year: first,
        close_rate: CloseRateKpi {
            actual_percent: actual,
            target_percent: target_level.map(points),
            target_increment_points: plan
                .close_rate_increments
                .get(&fiscal_year)
                .copied()
                .map(points),
            cumulative_actual_percent: percent(cumulative.won, cumulative.held),
            cumulative_target_increment_points: increments.map(points),
            baseline_percent: plan.close_rate_baseline.map(points),
            achievement_percent: match (actual, target_level) {
                (Some(actual), Some(target)) if target > 0 => {
                    Some(round2(actual * 100.0 / points(target)))
                }
                _ => None,
            },
            counts: (&counts).into(),
            cumulative_counts: (&cumulative).into(),
        },
        overseas_sales: SalesKpi {
            actual_thousand_yen: yen / 1000,
            actual_yen: yen,
            deals_won: deals,
            target_thousand_yen: sales_target,
            cumulative_actual_thousand_yen: cumulative_yen / 1000,
            cumulative_target_thousand_yen: sales_cumulative_target,
            achievement_percent: sales_target.and_then(|t| percent(yen / 1000, t)),
            cumulative_achievement_percent: sales_cumulative_target
                .and_then(|t| percent(cumulative_yen / 1000, t)),
        },
        foreign_talent: TalentKpi {
            actual: hired,
            target: talent_target,
            cumulative_actual: cumulative_hired,
            cumulative_target: talent_cumulative_target,
            achievement_percent: talent_target.and_then(|t| percent(hired, t)),
            cumulative_achievement_percent: talent_cumulative_target
                .and_then(|t| percent(cumulative_hired, t)),
            by_nationality,
            by_visa_category,
        },
        disagreeing_reports: counts.disagreeing,
    })
}

fn require_reader(user: &AuthUser) -> Result<(), ApiError> {
    policy::require_role(user, &[Role::Admin, Role::Desk, Role::Reviewer])
}

fn year_of(query: &FiscalYearQuery) -> i32 {
    query.fiscal_year.unwrap_or_else(current_fiscal_year)
}

/// The KPI report of a fiscal year: per KPI the target, the actual, both cumulated from the
/// programme's first year, achievement, and the counts behind each rate (admin, desk,
/// reviewer).
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(FiscalYearQuery),
    responses(
        (status = 200, description = "The report", body = KpiReport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kpi")]
pub async fn get_kpi(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<FiscalYearQuery>,
) -> Result<web::Json<KpiReport>, ApiError> {
    require_reader(&user)?;
    let year = year_of(&query);
    Ok(web::Json(
        db::run(&state.pool, move |conn| compute_report(conn, year)).await?,
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownBy {
    Event,
    Country,
    Industry,
    Category,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BreakdownQuery {
    #[validate(range(min = 2000, max = 2100))]
    pub fiscal_year: Option<i32>,
    pub by: BreakdownBy,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownItem {
    /// The event id, country code, industry or category; `null` for meetings about no
    /// particular capability (category breakdown).
    pub key: Option<String>,
    /// The event's name, for the event breakdown.
    pub label: Option<String>,
    pub held: i64,
    pub won: i64,
    pub close_rate_percent: Option<f64>,
    pub sales_thousand_yen: i64,
    pub deals_won: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Breakdown {
    pub fiscal_year: i32,
    pub by: BreakdownBy,
    pub items: Vec<BreakdownItem>,
}

/// A fiscal year's meetings and sales by event, buyer country, company industry or
/// capability category (admin, desk, reviewer).
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(BreakdownQuery),
    responses(
        (status = 200, description = "The breakdown", body = Breakdown),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kpi/breakdown")]
pub async fn get_breakdown(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BreakdownQuery>,
) -> Result<web::Json<Breakdown>, ApiError> {
    require_reader(&user)?;
    let year = query.fiscal_year.unwrap_or_else(current_fiscal_year);
    let dimension = match query.by {
        BreakdownBy::Event => Dimension::Event,
        BreakdownBy::Country => Dimension::Country,
        BreakdownBy::Industry => Dimension::Industry,
        BreakdownBy::Category => Dimension::Category,
    };
    let (rows, names) = db::run(&state.pool, move |conn| {
        let rows = store::breakdown(conn, dimension, utc_range(year), date_range(year))?;
        let mut names = BTreeMap::new();
        if dimension == Dimension::Event {
            for key in rows.keys().flatten() {
                let event = crate::events::store::find_event(conn, key)?;
                names.insert(key.clone(), event.name);
            }
        }
        Ok((rows, names))
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|(key, row): (Option<String>, BreakdownRow)| BreakdownItem {
            label: key.as_ref().and_then(|k| names.get(k).cloned()),
            key,
            held: row.held,
            won: row.won,
            close_rate_percent: percent(row.won, row.held),
            sales_thousand_yen: row.sales_yen / 1000,
            deals_won: row.deals,
        })
        .collect();
    Ok(web::Json(Breakdown {
        fiscal_year: year,
        by: query.by,
        items,
    }))
}

/// A fiscal year's targets, each the plan's increment for that year; absent means none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// The close rate the programme starts from, in percent (one baseline year).
    #[validate(range(min = 0.0, max = 100.0))]
    pub close_rate_baseline_percent: Option<f64>,
    /// Planned rise of the close rate in the year, in percentage points.
    #[validate(range(min = -100.0, max = 100.0))]
    pub close_rate_increment_points: Option<f64>,
    /// Planned overseas sales of the year, in thousand yen.
    #[validate(range(min = 0, max = 1000000000))]
    pub overseas_sales_thousand_yen: Option<i64>,
    /// Planned foreign talents hired in the year.
    #[validate(range(min = 0, max = 100000))]
    pub foreign_talent_hired: Option<i64>,
}

fn targets_of(conn: &mut DbConn, year: i32) -> Result<Targets, ApiError> {
    let mut targets = Targets::default();
    for (y, kpi, value) in store::targets(conn)? {
        if y != year {
            continue;
        }
        match kpi.as_str() {
            "close_rate_baseline" => targets.close_rate_baseline_percent = Some(points(value)),
            "close_rate" => targets.close_rate_increment_points = Some(points(value)),
            "overseas_sales" => targets.overseas_sales_thousand_yen = Some(value),
            "foreign_talent" => targets.foreign_talent_hired = Some(value),
            _ => {}
        }
    }
    Ok(targets)
}

fn check_year(year: i32) -> Result<(), ApiError> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "fiscal_year",
            "must be between 2000 and 2100",
        ))
    }
}

/// A fiscal year's targets (admin, desk, reviewer).
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year")),
    responses(
        (status = 200, description = "Targets", body = Targets),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    Ok(web::Json(
        db::run(&state.pool, move |conn| targets_of(conn, year)).await?,
    ))
}

/// Replace a fiscal year's targets (admin). Every change is in the audit log.
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(("fiscal_year" = i32, Path, description = "Fiscal year")),
    request_body = Targets,
    responses(
        (status = 200, description = "Targets now", body = Targets),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a fiscal year", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let hundredths = |v: Option<f64>| v.map(|p| (p * 100.0).round() as i64);
    let targets = db::write(&state.pool, move |conn| {
        let before = targets_of(conn, year)?;
        let now = db::now();
        store::set_target(
            conn,
            year,
            "close_rate_baseline",
            hundredths(body.close_rate_baseline_percent),
            now,
        )?;
        store::set_target(
            conn,
            year,
            "close_rate",
            hundredths(body.close_rate_increment_points),
            now,
        )?;
        store::set_target(
            conn,
            year,
            "overseas_sales",
            body.overseas_sales_thousand_yen,
            now,
        )?;
        store::set_target(conn, year, "foreign_talent", body.foreign_talent_hired, now)?;
        let after = targets_of(conn, year)?;
        // Targets have no id of their own: the entry is keyed by a fixed UUID per year.
        let key = uuid::Uuid::from_bytes(year_key(year)).to_string();
        audit::Change::new(user.id, &format!("set:{year}"), Entity::KpiTarget, &key)
            .before(&before)
            .after(&after)
            .record(conn)?;
        Ok(after)
    })
    .await?;
    Ok(web::Json(targets))
}

/// A stable id for a fiscal year's targets in the audit log.
pub fn year_key(year: i32) -> [u8; 16] {
    let mut bytes = *b"kpi-target-year-";
    bytes[12..16].copy_from_slice(&year.to_be_bytes());
    bytes
}

/// The public report: aggregates only (no company, buyer or person).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKpi {
    pub fiscal_year: i32,
    pub meetings_held: i64,
    pub deals_won: i64,
    pub close_rate_percent: Option<f64>,
    pub close_rate_target_percent: Option<f64>,
    pub overseas_sales_thousand_yen: i64,
    pub overseas_sales_target_thousand_yen: Option<i64>,
    pub cumulative_overseas_sales_thousand_yen: i64,
    pub cumulative_overseas_sales_target_thousand_yen: Option<i64>,
    pub foreign_talent_hired: i64,
    pub foreign_talent_target: Option<i64>,
    pub cumulative_foreign_talent_hired: i64,
    pub cumulative_foreign_talent_target: Option<i64>,
    /// Job fairs, seminars and forums starting in the year: how many registered and attended.
    pub event_attendance: Vec<EventAttendance>,
}

/// Registrations and attendance of one job fair, seminar or forum (counts only).
#[derive(Debug, Serialize, ToSchema)]
pub struct EventAttendance {
    pub event_name: String,
    pub kind: crate::events::EventKind,
    pub starts_on: chrono::NaiveDate,
    pub registered: i64,
    pub attended: i64,
}

fn public_of(report: &KpiReport, event_attendance: Vec<EventAttendance>) -> PublicKpi {
    PublicKpi {
        fiscal_year: report.fiscal_year,
        meetings_held: report.close_rate.counts.held,
        deals_won: report.close_rate.counts.won,
        close_rate_percent: report.close_rate.actual_percent,
        close_rate_target_percent: report.close_rate.target_percent,
        overseas_sales_thousand_yen: report.overseas_sales.actual_thousand_yen,
        overseas_sales_target_thousand_yen: report.overseas_sales.target_thousand_yen,
        cumulative_overseas_sales_thousand_yen: report
            .overseas_sales
            .cumulative_actual_thousand_yen,
        cumulative_overseas_sales_target_thousand_yen: report
            .overseas_sales
            .cumulative_target_thousand_yen,
        foreign_talent_hired: report.foreign_talent.actual,
        foreign_talent_target: report.foreign_talent.target,
        cumulative_foreign_talent_hired: report.foreign_talent.cumulative_actual,
        cumulative_foreign_talent_target: report.foreign_talent.cumulative_target,
        event_attendance,
    }
}

fn event_attendance(conn: &mut DbConn, fiscal_year: i32) -> Result<Vec<EventAttendance>, ApiError> {
    let (from, to) = date_range(fiscal_year);
    crate::events::store::attendance_counts(conn, from, to)?
        .into_iter()
        .map(|(event, registered, attended)| {
            Ok(EventAttendance {
                event_name: event.name.clone(),
                kind: event.kind()?,
                starts_on: event.starts_on,
                registered,
                attended,
            })
        })
        .collect()
}

/// The public KPI report of a fiscal year (no sign-in).
#[utoipa::path(
    tag = "kpi",
    params(FiscalYearQuery),
    responses(
        (status = 200, description = "Aggregates", body = PublicKpi),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/kpi")]
pub async fn get_public_kpi(
    state: web::Data<AppState>,
    Query(query): Query<FiscalYearQuery>,
) -> Result<web::Json<PublicKpi>, ApiError> {
    let year = year_of(&query);
    let (report, attendance) = db::run(&state.pool, move |conn| {
        Ok((compute_report(conn, year)?, event_attendance(conn, year)?))
    })
    .await?;
    Ok(web::Json(public_of(&report, attendance)))
}

/// Every fiscal year of the programme so far as CSV (UTF-8 with a byte-order mark and
/// Japanese headers, so Excel opens it as it is). No sign-in.
#[utoipa::path(
    tag = "kpi",
    responses((status = 200, description = "年度,指標,目標,実績,累計目標,累計実績,達成率(%)", body = String, content_type = "text/csv"))
)]
#[get("/public/kpi.csv")]
pub async fn get_public_kpi_csv(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let reports = db::run(&state.pool, move |conn| {
        let plan = Plan::load(conn)?;
        let current = current_fiscal_year();
        let first = plan.first_year().unwrap_or(current).min(current);
        (first..=current)
            .map(|year| compute_report(conn, year))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let csv_error = |e: csv::Error| ApiError::internal(e.to_string());
    writer
        .write_record([
            "年度",
            "指標",
            "目標",
            "実績",
            "累計目標",
            "累計実績",
            "達成率(%)",
        ])
        .map_err(csv_error)?;
    let show = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    let show_int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in &reports {
        let year = format!("{}年度", r.fiscal_year);
        writer
            .write_record([
                year.as_str(),
                "商談会成約率(%)",
                &show(r.close_rate.target_percent),
                &show(r.close_rate.actual_percent),
                &show(
                    r.close_rate
                        .cumulative_target_increment_points
                        .zip(r.close_rate.baseline_percent)
                        .map(|(i, b)| i + b),
                ),
                &show(r.close_rate.cumulative_actual_percent),
                &show(r.close_rate.achievement_percent),
            ])
            .map_err(csv_error)?;
        writer
            .write_record([
                year.as_str(),
                "海外販路開拓による売上高(千円)",
                &show_int(r.overseas_sales.target_thousand_yen),
                &r.overseas_sales.actual_thousand_yen.to_string(),
                &show_int(r.overseas_sales.cumulative_target_thousand_yen),
                &r.overseas_sales.cumulative_actual_thousand_yen.to_string(),
                &show(r.overseas_sales.achievement_percent),
            ])
            .map_err(csv_error)?;
        writer
            .write_record([
                year.as_str(),
                "外国人材の採用数(人)",
                &show_int(r.foreign_talent.target),
                &r.foreign_talent.actual.to_string(),
                &show_int(r.foreign_talent.cumulative_target),
                &r.foreign_talent.cumulative_actual.to_string(),
                &show(r.foreign_talent.achievement_percent),
            ])
            .map_err(csv_error)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kpi.csv\"",
        ))
        .body(body))
}
