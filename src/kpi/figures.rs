//! What a report is computed from ([`Figures`]): for the whole installation, the kept
//! per-year totals; for one municipality, a recount of its companies' meetings and deals
//! ([`store::recount_in`]), as the totals are not kept per municipality. Hires are counted
//! from the applications either way, a municipality's from its companies' postings.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::report::{Figures, KeyCount, Plan};
use super::store::{self, companies_of, of_municipality, YearTotals};
use crate::db::schema::{applications, candidates, job_postings};
use crate::db::DbConn;
use crate::japan::{date_range, utc_range};
use crate::talent::lifecycle::ApplicationStatus;

/// What the report of `fiscal_year` is computed from, for the companies of `municipality`
/// (`None`: every company): the figures of the years from the programme's first on, the
/// hires, the data coverage. The books' section is the programme's as a whole either way:
/// costs are not split between municipalities (yet).
pub fn figures(
    conn: &mut DbConn,
    plan: &Plan,
    fiscal_year: i32,
    municipality: Option<&str>,
) -> QueryResult<Figures> {
    let first = plan.first_year_for(fiscal_year);
    let (date_from, date_to) = date_range(fiscal_year);
    let mut hires_by = |dimension| -> QueryResult<Vec<KeyCount>> {
        Ok(
            hires_by(conn, dimension, (date_from, date_to), municipality)?
                .into_iter()
                .map(|(key, count)| KeyCount { key, count })
                .collect(),
        )
    };
    let hired_by_nationality = hires_by(TalentDimension::Nationality)?;
    let hired_by_visa_category = hires_by(TalentDimension::VisaCategory)?;
    let (hired, cumulative_hired) = hires(
        conn,
        (date_range(first).0, date_from, date_to),
        municipality,
    )?;
    let years = match municipality {
        None => store::year_totals(conn, first, fiscal_year)?,
        Some(m) => (first..=fiscal_year)
            .map(|year| store::recount_in(conn, year, Some(m)))
            .collect::<QueryResult<_>>()?,
    };
    let this_year = YearTotals::sum(years.iter().filter(|y| y.fiscal_year == fiscal_year));
    let coverage = super::coverage::of_year(
        conn,
        &this_year,
        utc_range(fiscal_year),
        (date_from, date_to),
        crate::db::now(),
        municipality,
    )?;
    Ok(Figures {
        fiscal_year,
        first_fiscal_year: first,
        years,
        hired,
        cumulative_hired,
        hired_by_nationality,
        hired_by_visa_category,
        coverage,
        self_financing: crate::finance::ratio::section(conn, fiscal_year, first)?,
    })
}

/// The status of a hired application, as `applications.status` spells it.
fn hired() -> &'static str {
    ApplicationStatus::Hired.into()
}

/// Foreign talents hired: applications that reached `hired` with `hired_on` in `[from, to)`
/// (DESIGN.md, "The KPIs, defined from the data"), to postings of `municipality`'s
/// companies (`None`: any), and those of them from `year_from` on, in one query: the year's
/// figure and the cumulative one. An erased candidate's hire still counts.
pub fn hires(
    conn: &mut DbConn,
    (from, year_from, to): (NaiveDate, NaiveDate, NaiveDate),
    municipality: Option<&str>,
) -> QueryResult<(i64, i64)> {
    let hired = applications::table
        .filter(applications::status.eq(hired()))
        .filter(applications::hired_on.ge(from))
        .filter(applications::hired_on.lt(to))
        .select((
            count_star(),
            crate::sum_from!(
                "1",
                "applications.hired_on",
                diesel::sql_types::Date,
                year_from
            ),
        ))
        .into_boxed();
    let (span, year): (i64, Option<i64>) = match municipality {
        Some(m) => hired
            .filter(
                applications::job_id.eq_any(
                    job_postings::table
                        .filter(job_postings::company_id.eq_any(companies_of(m)))
                        .select(job_postings::id),
                ),
            )
            .first(conn)?,
        None => hired.first(conn)?,
    };
    Ok((year.unwrap_or(0), span))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalentDimension {
    /// The candidate's nationality (kept through erasure).
    Nationality,
    /// The visa category of the posting the candidate was hired for.
    VisaCategory,
}

/// Hires in `[from, to)` counted per nationality or visa category, to postings of
/// `municipality`'s companies (`None`: any).
pub fn hires_by(
    conn: &mut DbConn,
    dimension: TalentDimension,
    (from, to): (NaiveDate, NaiveDate),
    municipality: Option<&str>,
) -> QueryResult<Vec<(String, i64)>> {
    let hired = applications::table
        .inner_join(candidates::table)
        .inner_join(job_postings::table)
        .filter(applications::status.eq(hired()))
        .filter(applications::hired_on.ge(from))
        .filter(applications::hired_on.lt(to));
    match dimension {
        TalentDimension::Nationality => {
            let counts = hired
                .group_by(candidates::nationality)
                .select((candidates::nationality, count_star()))
                .order(candidates::nationality.asc())
                .into_boxed();
            of_municipality!(counts, municipality, job_postings::company_id).load(conn)
        }
        TalentDimension::VisaCategory => {
            let counts = hired
                .group_by(job_postings::visa_category)
                .select((job_postings::visa_category, count_star()))
                .order(job_postings::visa_category.asc())
                .into_boxed();
            of_municipality!(counts, municipality, job_postings::company_id).load(conn)
        }
    }
}
