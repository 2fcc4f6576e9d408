//! `GET /kpi` and `GET /kpi/breakdown`: the full report of a fiscal year and its figures by
//! event, country, industry or category (admin, desk, reviewer).

use std::collections::BTreeMap;

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::{kpi_report, named_municipality, require_reader, FiscalYearQuery};
use crate::auth::{policy, AuthUser};
use crate::db::{self, DbConn};
use crate::error::{ApiError, Problem};
use crate::extract::Query;
use crate::japan::{current_fiscal_year, date_range, utc_range};
use crate::kpi::coverage::{self, DataCoverage, Funnel};
use crate::kpi::report::{percent, KpiReport};
use crate::kpi::store::{self, BreakdownRow, Dimension};
use crate::AppState;

/// Get the KPI report of a fiscal year
///
/// Per KPI: the target, the actual, both cumulated from the programme's first year, the
/// achievement, and the counts behind each rate. Admins, the desk and reviewers; per
/// municipality with `municipality` (a scoped account: its own, always).
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(FiscalYearQuery),
    responses(
        (status = 200, description = "The report", body = KpiReport, example = json!({
            "fiscal_year": 2025,
            "from": "2025-04-01",
            "to": "2026-03-31",
            "first_fiscal_year": 2019,
            "close_rate": {
                "actual_percent": 43.48,
                "target_percent": 22.0,
                "target_increment_points": null,
                "cumulative_actual_percent": 39.74,
                "cumulative_target_increment_points": 9.0,
                "baseline_percent": 13.0,
                "achievement_percent": 197.64,
                "counts": {
                    "held": 23,
                    "won": 10,
                    "prospect": 4,
                    "lost": 7,
                    "no_outcome": 2
                },
                "cumulative_counts": {
                    "held": 78,
                    "won": 31,
                    "prospect": 11,
                    "lost": 28,
                    "no_outcome": 8
                }
            },
            "overseas_sales": {
                "actual_thousand_yen": 50936,
                "actual_yen": 50936500,
                "deals_won": 10,
                "target_thousand_yen": null,
                "cumulative_actual_thousand_yen": 157843,
                "cumulative_target_thousand_yen": 15000,
                "achievement_percent": null,
                "cumulative_achievement_percent": 1052.29
            },
            "foreign_talent": {
                "actual": 4,
                "target": null,
                "cumulative_actual": 8,
                "cumulative_target": 35,
                "achievement_percent": null,
                "cumulative_achievement_percent": 22.86,
                "by_nationality": [
                    {
                        "key": "CN",
                        "count": 1
                    },
                    {
                        "key": "MY",
                        "count": 1
                    },
                    {
                        "key": "NP",
                        "count": 1
                    },
                    {
                        "key": "TW",
                        "count": 1
                    }
                ],
                "by_visa_category": [
                    {
                        "key": "engineer_specialist_humanities",
                        "count": 2
                    },
                    {
                        "key": "specified_skilled_worker",
                        "count": 2
                    }
                ]
            },
            "disagreeing_reports": 1,
            "data_coverage": {
                "held": 23,
                "with_company_report": 18,
                "with_buyer_report": 9,
                "with_both_reports": 7,
                "with_confirmed_outcome": 3,
                "with_no_outcome": 3,
                "surveys": [
                    {"kind": "meeting_feedback", "due": 46, "answered": 31, "response_rate_percent": 67.39},
                    {"kind": "outcome_3m", "due": 46, "answered": 22, "response_rate_percent": 47.83}
                ],
                "average_meeting_rating": 3.94,
                "meeting_ratings": 31
            },
            "self_financing": {
                "contributions_yen": 2400000,
                "programme_costs_yen": 16000000,
                "costs_by_source": {
                    "national_grant_yen": 8000000,
                    "city_budget_yen": 6000000,
                    "own_revenue_yen": 2000000
                },
                "subsidies_yen": 8000000,
                "ratio_percent": 15.0,
                "target_percent": 20.0,
                "achievement_percent": 75.0,
                "cumulative_contributions_yen": 3100000,
                "cumulative_programme_costs_yen": 34000000,
                "cumulative_ratio_percent": 9.12
            }
        })),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such municipality, or not yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kpi")]
pub async fn get_kpi(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<FiscalYearQuery>,
) -> Result<web::Json<KpiReport>, ApiError> {
    require_reader(&user)?;
    let year = query.year();
    let report = db::run(&state.pool, move |conn| {
        let named = named_municipality(conn, query.municipality.as_deref())?;
        let municipality = policy::municipality_filter(&user, named.as_ref())?;
        kpi_report(conn, year, municipality)
    })
    .await?;
    Ok(web::Json(report))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownBy {
    Event,
    Country,
    Industry,
    Category,
    /// How the held meetings came about: `mutual_must`, `mutual_wish`, `one_sided_wish`
    /// (both sides' wishes before the fair) or `no_wishes` (a request alone).
    Preference,
}

impl From<BreakdownBy> for Dimension {
    fn from(by: BreakdownBy) -> Self {
        match by {
            BreakdownBy::Event => Dimension::Event,
            BreakdownBy::Country => Dimension::Country,
            BreakdownBy::Industry => Dimension::Industry,
            BreakdownBy::Category => Dimension::Category,
            BreakdownBy::Preference => Dimension::Preference,
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BreakdownQuery {
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
    pub by: BreakdownBy,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownItem {
    /// The event id, country code, industry, category or how the meetings came about
    /// (`mutual_must`, `mutual_wish`, `one_sided_wish`, `no_wishes`); `null` for meetings
    /// about no particular capability (category breakdown).
    pub key: Option<String>,
    /// The event's name, for the event breakdown.
    pub label: Option<String>,
    pub held: i64,
    pub won: i64,
    pub close_rate_percent: Option<f64>,
    pub sales_thousand_yen: i64,
    pub deals_won: i64,
    /// The fair's outcome coverage (event breakdown only).
    pub coverage: Option<DataCoverage>,
    /// The fair's meetings from request to held (event breakdown only).
    pub funnel: Option<Funnel>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Breakdown {
    pub fiscal_year: i32,
    pub by: BreakdownBy,
    pub items: Vec<BreakdownItem>,
}

/// Break a fiscal year's meetings and sales down
///
/// By event, buyer country, company industry, capability category, or how the meetings came
/// about before the fair (`by=preference`: mutual `must`, both sides' wishes, a one-sided
/// wish, a request without wishes), so the council sees whether pre-matching pays. Admins,
/// the desk and reviewers of the whole installation (breakdowns per municipality are not
/// built yet, so a scoped account is refused).
#[utoipa::path(
    tag = "kpi",
    security(("bearer" = [])),
    params(BreakdownQuery),
    responses(
        (status = 200, description = "The breakdown", body = Breakdown),
        (status = 403, description = "Not staff, or scoped to one municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kpi/breakdown")]
pub async fn get_breakdown(
    user: AuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BreakdownQuery>,
) -> Result<web::Json<Breakdown>, ApiError> {
    require_reader(&user)?;
    policy::require_host_wide(&user)?;
    let year = query.fiscal_year.unwrap_or_else(current_fiscal_year);
    let by = query.by;
    let items = db::run(&state.pool, move |conn| breakdown_items(conn, by, year)).await?;
    Ok(web::Json(Breakdown {
        fiscal_year: year,
        by,
        items,
    }))
}

/// The breakdown's rows, each event labelled with its name (also the yearly report's).
pub fn breakdown_items(
    conn: &mut DbConn,
    by: BreakdownBy,
    year: i32,
) -> Result<Vec<BreakdownItem>, ApiError> {
    let dimension = Dimension::from(by);
    let rows = store::breakdown(conn, dimension, utc_range(year), date_range(year))?;
    let mut names = BTreeMap::new();
    let (mut coverage, mut funnels) = (BTreeMap::new(), BTreeMap::new());
    if dimension == Dimension::Event {
        for key in rows.keys().flatten() {
            let event = crate::events::store::find_event(conn, key)?;
            names.insert(key.clone(), event.name);
        }
        coverage = coverage::by_event(conn, utc_range(year), db::now())?;
        let events: Vec<String> = rows.keys().flatten().cloned().collect();
        funnels = coverage::funnels(conn, &events)?;
    }
    Ok(rows
        .into_iter()
        .map(|(key, row): (Option<String>, BreakdownRow)| BreakdownItem {
            label: key.as_ref().and_then(|k| names.get(k).cloned()),
            held: row.held,
            won: row.won,
            close_rate_percent: percent(row.won, row.held),
            sales_thousand_yen: row.sales_yen / 1000,
            deals_won: row.deals,
            coverage: (dimension == Dimension::Event)
                .then(|| coverage.remove(&key).unwrap_or_default()),
            funnel: key.as_ref().and_then(|k| funnels.remove(k)),
            key,
        })
        .collect())
}
