//! Job posting, candidate and application rows and their queries.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{ApplicationStatus, EmploymentType, JlptLevel, JobStatus, VisaCategory};
use crate::companies::CompanyStatus;
use crate::db::schema::{applications, candidates, companies, job_postings};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = job_postings, treat_none_as_null = true)]
pub struct JobRow {
    pub id: String,
    pub company_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub occupation: String,
    pub employment_type: EmploymentType,
    pub visa_category: VisaCategory,
    pub languages: String,
    pub jlpt_level: JlptLevel,
    pub location: String,
    pub salary_min_yen: Option<i64>,
    pub salary_max_yen: Option<i64>,
    pub status: JobStatus,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = candidates, treat_none_as_null = true)]
pub struct CandidateRow {
    pub id: String,
    pub user_id: Option<String>,
    pub full_name: String,
    pub nationality: String,
    pub university: Option<String>,
    pub graduation_year: Option<i32>,
    pub field_of_study: Option<String>,
    pub languages: String,
    pub visa_status: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_given_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
    pub registered_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = applications, treat_none_as_null = true)]
pub struct ApplicationRow {
    pub id: String,
    pub job_id: String,
    pub candidate_id: String,
    pub status: ApplicationStatus,
    pub job_fair_event_id: Option<String>,
    pub hired_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An application with its job and candidate.
#[derive(Debug, Clone)]
pub struct ApplicationWithParties {
    pub application: ApplicationRow,
    pub job: JobRow,
    pub candidate: CandidateRow,
}

impl From<(ApplicationRow, JobRow, CandidateRow)> for ApplicationWithParties {
    fn from((application, job, candidate): (ApplicationRow, JobRow, CandidateRow)) -> Self {
        Self {
            application,
            job,
            candidate,
        }
    }
}

/// A job posting with its company's status, which decides whether the public sees it.
#[derive(Debug, Clone)]
pub struct JobWithCompany {
    pub job: JobRow,
    pub company_status: String,
}

pub fn insert_job(conn: &mut DbConn, job: &JobRow) -> QueryResult<()> {
    diesel::insert_into(job_postings::table)
        .values(job)
        .execute(conn)
        .map(|_| ())
}

pub fn save_job(conn: &mut DbConn, job: &JobRow) -> QueryResult<()> {
    diesel::update(job_postings::table.find(&job.id))
        .set(job)
        .execute(conn)
        .map(|_| ())
}

/// A job posting with its company's status.
pub fn find_job(conn: &mut DbConn, id: &str) -> QueryResult<JobWithCompany> {
    job_postings::table
        .inner_join(companies::table)
        .filter(job_postings::id.eq(id))
        .select((JobRow::as_select(), companies::status))
        .first::<(JobRow, String)>(conn)
        .map(|(job, company_status)| JobWithCompany {
            job,
            company_status,
        })
}

/// Which postings a list may return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobVisibility {
    /// Published postings of approved companies.
    Public,
    /// Postings in this status, of any company (desk) or of the caller's own company.
    Status(JobStatus),
}

pub fn list_jobs(
    conn: &mut DbConn,
    visibility: &JobVisibility,
    company_id: Option<&str>,
    visa_category: Option<VisaCategory>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<JobRow>> {
    let mut query = job_postings::table
        .inner_join(companies::table)
        .select(JobRow::as_select())
        .into_boxed();
    match visibility {
        JobVisibility::Public => {
            query = query
                .filter(job_postings::status.eq(JobStatus::Published))
                .filter(companies::status.eq(CompanyStatus::Approved.as_str()));
        }
        JobVisibility::Status(status) => {
            query = query.filter(job_postings::status.eq(*status));
        }
    }
    if let Some(v) = company_id {
        query = query.filter(job_postings::company_id.eq(v.to_owned()));
    }
    if let Some(v) = visa_category {
        query = query.filter(job_postings::visa_category.eq(v));
    }
    if let Some(after) = after {
        query = query.filter(job_postings::id.gt(after.to_owned()));
    }
    query.order(job_postings::id.asc()).limit(limit).load(conn)
}

pub fn insert_candidate(conn: &mut DbConn, candidate: &CandidateRow) -> QueryResult<()> {
    diesel::insert_into(candidates::table)
        .values(candidate)
        .execute(conn)
        .map(|_| ())
}

pub fn save_candidate(conn: &mut DbConn, candidate: &CandidateRow) -> QueryResult<()> {
    diesel::update(candidates::table.find(&candidate.id))
        .set(candidate)
        .execute(conn)
        .map(|_| ())
}

pub fn find_candidate(conn: &mut DbConn, id: &str) -> QueryResult<CandidateRow> {
    candidates::table
        .find(id)
        .select(CandidateRow::as_select())
        .first(conn)
}

/// The candidate profile of a candidate account, if it has made one.
pub fn candidate_of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<CandidateRow>> {
    candidates::table
        .filter(candidates::user_id.eq(user_id))
        .select(CandidateRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_candidates(
    conn: &mut DbConn,
    nationality: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<CandidateRow>> {
    let mut query = candidates::table
        .select(CandidateRow::as_select())
        .into_boxed();
    if let Some(v) = nationality {
        query = query.filter(candidates::nationality.eq(v.to_owned()));
    }
    if let Some(after) = after {
        query = query.filter(candidates::id.gt(after.to_owned()));
    }
    query.order(candidates::id.asc()).limit(limit).load(conn)
}

/// Whether the candidate applied to any job of the company: what entitles the company to
/// the applicant's summary.
pub fn applied_to_company(
    conn: &mut DbConn,
    candidate_id: &str,
    company_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        applications::table
            .inner_join(job_postings::table)
            .filter(applications::candidate_id.eq(candidate_id))
            .filter(job_postings::company_id.eq(company_id)),
    ))
    .get_result(conn)
}

pub fn insert_application(conn: &mut DbConn, application: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(applications::table)
        .values(application)
        .execute(conn)
        .map(|_| ())
}

pub fn save_application(conn: &mut DbConn, application: &ApplicationRow) -> QueryResult<()> {
    diesel::update(applications::table.find(&application.id))
        .set(application)
        .execute(conn)
        .map(|_| ())
}

pub fn find_application(conn: &mut DbConn, id: &str) -> QueryResult<ApplicationWithParties> {
    applications::table
        .inner_join(job_postings::table)
        .inner_join(candidates::table)
        .filter(applications::id.eq(id))
        .select((
            ApplicationRow::as_select(),
            JobRow::as_select(),
            CandidateRow::as_select(),
        ))
        .first::<(ApplicationRow, JobRow, CandidateRow)>(conn)
        .map(ApplicationWithParties::from)
}

/// Which applications a list returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationScope {
    All,
    /// The applications to jobs of this municipality's companies.
    Municipality(String),
    Candidate(String),
    Company(String),
}

pub fn list_applications(
    conn: &mut DbConn,
    scope: &ApplicationScope,
    job_id: Option<&str>,
    status: Option<ApplicationStatus>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ApplicationWithParties>> {
    let mut query = applications::table
        .inner_join(job_postings::table)
        .inner_join(candidates::table)
        .select((
            ApplicationRow::as_select(),
            JobRow::as_select(),
            CandidateRow::as_select(),
        ))
        .into_boxed();
    match scope {
        ApplicationScope::All => {}
        ApplicationScope::Municipality(id) => {
            let own = companies::table
                .filter(companies::municipality_id.eq(id.clone()))
                .select(companies::id);
            query = query.filter(job_postings::company_id.eq_any(own))
        }
        ApplicationScope::Candidate(id) => {
            query = query.filter(applications::candidate_id.eq(id.clone()))
        }
        ApplicationScope::Company(id) => {
            query = query.filter(job_postings::company_id.eq(id.clone()))
        }
    }
    if let Some(v) = job_id {
        query = query.filter(applications::job_id.eq(v.to_owned()));
    }
    if let Some(v) = status {
        query = query.filter(applications::status.eq(v));
    }
    if let Some(after) = after {
        query = query.filter(applications::id.gt(after.to_owned()));
    }
    let rows: Vec<(ApplicationRow, JobRow, CandidateRow)> = query
        .order(applications::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(ApplicationWithParties::from).collect())
}
