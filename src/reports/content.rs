//! What a yearly report holds, counted from the records: the KPI report of the fiscal year
//! (targets, actuals, cumulative figures, achievement, how complete the data is, the
//! self-financing ratio), the KPIs' definitions, the breakdowns by event, buyer country,
//! industry and capability category, the attendance of job fairs, seminars and forums,
//! research reach, and the reviewers' signed opinions. A draft is this, counted now; a
//! published version is this, counted at publication and frozen.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::definitions::{definitions, KpiDefinition};
use super::store::{self, ReportOpinionRow};
use crate::db::{parse_id, DbConn};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::kpi::api::public::{event_attendance, EventAttendance};
use crate::kpi::api::report::{breakdown_items, BreakdownBy, BreakdownItem};
use crate::kpi::report::{report, KpiReport};
use crate::research::reach::{self, Reach};

/// A report's content: what its canonical JSON is made of.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportContent {
    pub fiscal_year: i32,
    /// The version this is, or for a draft the version it would be published as.
    pub version: i32,
    /// When the figures were counted: the moment of publication (now, for a draft).
    pub as_of: DateTime<Utc>,
    /// What a correction changed and why; `null` for the first version.
    pub correction: Option<Correction>,
    /// What each figure means, in Japanese and English.
    pub definitions: Vec<KpiDefinition>,
    /// The KPI report of the year, as `GET /kpi` gives it.
    pub kpi: KpiReport,
    pub breakdowns: Breakdowns,
    /// Job fairs, seminars and forums starting in the year: registered and attended.
    pub event_attendance: Vec<EventAttendance>,
    pub research_reach: Reach,
    /// The council's opinions, each signed by its reviewer.
    pub opinions: Vec<OpinionView>,
}

/// What a correction changed and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Correction {
    pub what_changed: String,
    pub why: String,
}

/// The year's held meetings and sales broken down, as `GET /kpi/breakdown` gives them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Breakdowns {
    pub by_event: Vec<BreakdownItem>,
    pub by_country: Vec<BreakdownItem>,
    pub by_industry: Vec<BreakdownItem>,
    pub by_category: Vec<BreakdownItem>,
}

/// A reviewer's opinion and its signature.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpinionView {
    pub id: Uuid,
    /// The version it was written for (an opinion stands until its reviewer writes anew).
    pub version: i32,
    /// The signing reviewer's account and name, as they were when signing.
    pub reviewer_id: Uuid,
    pub reviewer_name: String,
    pub language: Locale,
    pub text: String,
    pub signed_at: DateTime<Utc>,
}

impl OpinionView {
    pub fn of(row: &ReportOpinionRow) -> Result<Self, ApiError> {
        Ok(OpinionView {
            id: parse_id(&row.id)?,
            version: row.version,
            reviewer_id: parse_id(&row.reviewer_id)?,
            reviewer_name: row.reviewer_name.clone(),
            language: row.language,
            text: row.body.clone(),
            signed_at: row.signed_at.and_utc(),
        })
    }
}

/// The figures of `fiscal_year` counted from the records now, without opinions.
fn figures(conn: &mut DbConn, fiscal_year: i32) -> Result<(KpiReport, Breakdowns), ApiError> {
    let plan = crate::kpi::store::plan(conn)?;
    let figures = crate::kpi::figures::figures(conn, &plan, fiscal_year, None)?;
    let breakdowns = Breakdowns {
        by_event: breakdown_items(conn, BreakdownBy::Event, fiscal_year)?,
        by_country: breakdown_items(conn, BreakdownBy::Country, fiscal_year)?,
        by_industry: breakdown_items(conn, BreakdownBy::Industry, fiscal_year)?,
        by_category: breakdown_items(conn, BreakdownBy::Category, fiscal_year)?,
    };
    Ok((report(&plan, &figures), breakdowns))
}

/// The report of `fiscal_year` as version `version`, counted from the records as of
/// `as_of`, with the opinions that stand for that version.
pub fn count(
    conn: &mut DbConn,
    fiscal_year: i32,
    version: i32,
    as_of: NaiveDateTime,
    correction: Option<Correction>,
) -> Result<ReportContent, ApiError> {
    let (kpi, breakdowns) = figures(conn, fiscal_year)?;
    let opinions = store::opinions_for(conn, fiscal_year, version)?
        .iter()
        .map(OpinionView::of)
        .collect::<Result<_, _>>()?;
    Ok(ReportContent {
        fiscal_year,
        version,
        as_of: as_of.and_utc(),
        correction,
        definitions: definitions(),
        kpi,
        breakdowns,
        event_attendance: event_attendance(conn, fiscal_year)?,
        research_reach: reach::of_fiscal_year(conn, fiscal_year)?,
        opinions,
    })
}
