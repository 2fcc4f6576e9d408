//! `/public/kpi` and `/public/kpi.csv`: the report in aggregate only (no company, buyer or
//! person), without sign-in.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{kpi_report, named_municipality, report_with};
use crate::db::{self, DbConn};
use crate::download::Download;
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::japan::{current_fiscal_year, date_range};
use crate::kpi::csv_report::kpi_csv;
use crate::kpi::report::KpiReport;
use crate::kpi::store;
use crate::AppState;

/// Which fiscal year the public report shows.
#[derive(Debug, serde::Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicYearQuery {
    /// The Japanese fiscal year (April to March, Japan time); defaults to the latest one with
    /// held meetings or deals (the current one when there are none), so a first look shows
    /// figures.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
    /// One municipality's figures (its id or six-digit code); without it the whole
    /// installation's.
    #[param(example = "141500")]
    pub municipality: Option<String>,
}

/// Whose figures the public CSV holds.
#[derive(Debug, serde::Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicKpiCsvQuery {
    /// One municipality's figures (its id or six-digit code); without it the whole
    /// installation's.
    #[param(example = "141500")]
    pub municipality: Option<String>,
}

/// The fiscal year the report shows when none is asked for: the latest with records, never
/// one after the current.
fn default_year(conn: &mut DbConn) -> Result<i32, ApiError> {
    let current = current_fiscal_year();
    Ok(store::recorded_years(conn)?.map_or(current, |(_, last)| last.min(current)))
}

/// The public report: aggregates only (no company, buyer or person).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKpi {
    pub fiscal_year: i32,
    /// The municipality whose companies' figures these are; absent: the whole
    /// installation's. Event attendance and the self-financing ratio are the programme's
    /// as a whole either way (events and costs are not a municipality's yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality_id: Option<uuid::Uuid>,
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
    /// How complete the outcomes behind the close rate are (counts and rates only), so the
    /// council can judge its footing.
    pub data_coverage: crate::kpi::coverage::DataCoverage,
    /// The self-financing ratio and the yen behind it (totals only, never an invoice).
    pub self_financing: crate::finance::ratio::SelfFinancing,
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
        municipality_id: report.municipality_id,
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
        data_coverage: report.data_coverage.clone(),
        self_financing: report.self_financing.clone(),
    }
}

/// The attendance of the year's job fairs, seminars and forums (also the yearly report's).
pub fn event_attendance(
    conn: &mut DbConn,
    fiscal_year: i32,
) -> Result<Vec<EventAttendance>, ApiError> {
    let (from, to) = date_range(fiscal_year);
    crate::events::store::attendance_counts(conn, from, to)?
        .into_iter()
        .map(|row| {
            Ok(EventAttendance {
                event_name: row.event.name,
                kind: row.event.kind,
                starts_on: row.event.starts_on,
                registered: row.registered,
                attended: row.attended,
            })
        })
        .collect()
}

/// The public figures of a fiscal year: its report and its events' attendance.
fn public_kpi(
    conn: &mut DbConn,
    year: i32,
    municipality: Option<&Uuid>,
) -> Result<PublicKpi, ApiError> {
    let report = kpi_report(conn, year, municipality)?;
    Ok(public_of(&report, event_attendance(conn, year)?))
}

/// The reports of every fiscal year from the programme's first to the current one.
fn every_year(conn: &mut DbConn, municipality: Option<&Uuid>) -> Result<Vec<KpiReport>, ApiError> {
    let plan = store::plan(conn)?;
    let current = current_fiscal_year();
    (plan.first_year_for(current)..=current)
        .map(|year| report_with(conn, &plan, year, municipality))
        .collect()
}

/// Get the public KPI report
///
/// The programme's aggregates for a fiscal year (April to March), for everyone; no sign-in.
/// Per municipality with `municipality`.
#[utoipa::path(
    tag = "kpi",
    security(()),
    params(PublicYearQuery),
    responses(
        (status = 200, description = "Aggregates", body = PublicKpi),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/kpi")]
pub async fn get_public_kpi(
    state: web::Data<AppState>,
    Query(query): Query<PublicYearQuery>,
) -> Result<web::Json<PublicKpi>, ApiError> {
    Ok(web::Json(
        db::run(&state.pool, move |conn| {
            let municipality = named_municipality(conn, query.municipality.as_deref())?;
            let year = match query.fiscal_year {
                Some(year) => year,
                None => default_year(conn)?,
            };
            public_kpi(conn, year, municipality.as_ref())
        })
        .await?,
    ))
}

/// Download every fiscal year's KPIs as CSV
///
/// Every fiscal year of the programme so far, in UTF-8 with a byte-order mark and Japanese
/// headers, so that Excel opens it as it is. No sign-in. Per municipality with
/// `municipality`.
#[utoipa::path(
    tag = "kpi",
    security(()),
    params(PublicKpiCsvQuery),
    responses(
        (status = 200, description = "年度,指標,目標,実績,累計目標,累計実績,達成率(%)", body = inline(Download), content_type = "text/csv"),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/kpi.csv")]
pub async fn get_public_kpi_csv(
    state: web::Data<AppState>,
    Query(query): Query<PublicKpiCsvQuery>,
) -> Result<HttpResponse, ApiError> {
    let reports = db::run(&state.pool, move |conn| {
        let municipality = named_municipality(conn, query.municipality.as_deref())?;
        every_year(conn, municipality.as_ref())
    })
    .await?;
    let body = kpi_csv(&reports).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kpi.csv\"",
        ))
        .body(body))
}
