//! Global I-turn: companies' job postings, candidates (overseas students and graduates, with
//! their consent to the use of their data), and applications whose hires are the
//! foreign-talent KPI. A candidate may ask for erasure: the personal fields are anonymised
//! for good, the applications stay (without personal data) and a hire still counts.

pub mod actions;
pub mod api;
pub mod applications;
pub mod candidates;
pub mod jobs;
pub mod lifecycle;
pub mod store;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::codes::LanguageCode;
use crate::db::decode_list;
use crate::db::parse_id;
use crate::error::ApiError;
pub use lifecycle::ApplicationStatus;
use store::{ApplicationRow, ApplicationWithParties, CandidateRow, JobRow};

crate::stored_enum! {
    pub enum EmploymentType {
        FullTime,
        PartTime,
        Contract,
        Internship,
    }
}

crate::stored_enum! {
    /// The residence status (在留資格) the job is offered under.
    pub enum VisaCategory {
        /// 技術・人文知識・国際業務 (Engineer/Specialist in Humanities/International Services).
        EngineerSpecialistHumanities,
        /// 特定技能 (Specified Skilled Worker).
        SpecifiedSkilledWorker,
        /// 高度専門職 (Highly Skilled Professional).
        HighlySkilledProfessional,
        /// 特定活動 (Designated Activities, e.g. graduates of Japanese universities).
        DesignatedActivities,
        /// その他 (any other status).
        Other,
    }
}

crate::stored_enum! {
    /// The Japanese-Language Proficiency Test level required; `none` when no level is.
    pub enum JlptLevel {
        N1,
        N2,
        N3,
        N4,
        N5,
        None,
    }
}

crate::stored_enum! {
    /// `draft → published → closed`; only published postings of approved companies are public.
    pub enum JobStatus {
        Draft,
        Published,
        Closed,
    }
}

impl JobStatus {
    /// Forward only, or staying put: a closed posting is not reopened, a published one not
    /// taken back to draft.
    pub fn can_become(self, next: JobStatus) -> bool {
        use JobStatus::*;
        self == next
            || matches!(
                (self, next),
                (Draft, Published | Closed) | (Published, Closed)
            )
    }
}

/// How well a candidate speaks a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageLevel {
    Native,
    Fluent,
    Business,
    Conversational,
    Basic,
}

/// A language a candidate speaks: ISO 639-1 code and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateLanguage {
    /// ISO 639-1, lower case, e.g. `vi`.
    #[schema(value_type = LanguageCode)]
    pub code: String,
    pub level: LanguageLevel,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobView {
    pub id: Uuid,
    pub company_id: Uuid,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub occupation: String,
    pub employment_type: EmploymentType,
    pub visa_category: VisaCategory,
    /// Required languages, ISO 639-1.
    pub languages: Vec<String>,
    pub jlpt_level: JlptLevel,
    pub location: String,
    /// Yearly salary range in yen.
    pub salary_min_yen: Option<i64>,
    pub salary_max_yen: Option<i64>,
    pub status: JobStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl JobRow {
    pub fn view(&self) -> Result<JobView, ApiError> {
        Ok(JobView {
            id: parse_id(&self.id)?,
            company_id: parse_id(&self.company_id)?,
            title_ja: self.title_ja.clone(),
            title_en: self.title_en.clone(),
            description_ja: self.description_ja.clone(),
            description_en: self.description_en.clone(),
            occupation: self.occupation.clone(),
            employment_type: self.employment_type,
            visa_category: self.visa_category,
            languages: decode_list(&self.languages)?,
            jlpt_level: self.jlpt_level,
            location: self.location.clone(),
            salary_min_yen: self.salary_min_yen,
            salary_max_yen: self.salary_max_yen,
            status: self.status,
            published_at: self.published_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

pub fn decode_languages(text: &str) -> Result<Vec<CandidateLanguage>, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("malformed languages {text:?}: {e}")))
}

pub fn encode_languages(languages: &[CandidateLanguage]) -> String {
    serde_json::to_string(languages).unwrap_or_else(|_| "[]".to_owned())
}

/// What a company sees of a candidate who applied to one of its jobs: what the application
/// needs, never contact details, visa status or the account.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicantView {
    pub id: Uuid,
    pub full_name: String,
    pub nationality: String,
    pub languages: Vec<CandidateLanguage>,
    pub university: Option<String>,
    pub field_of_study: Option<String>,
    pub erased: bool,
}

/// A candidate's whole record, for the candidate itself and the desk: the export of one's
/// own data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateView {
    pub id: Uuid,
    /// The candidate's own account; none for candidates the desk registered.
    pub user_id: Option<Uuid>,
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    pub university: Option<String>,
    pub graduation_year: Option<i32>,
    pub field_of_study: Option<String>,
    pub languages: Vec<CandidateLanguage>,
    /// The candidate's current residence status, free text (e.g. `student`).
    pub visa_status: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_given_at: DateTime<Utc>,
    pub erased_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every application of the candidate.
    pub applications: Vec<ApplicationView>,
    /// Every event registration of the candidate.
    pub event_registrations: Vec<crate::events::registrations::RegistrationView>,
}

/// The view of a candidate a caller gets: the whole record (the candidate, the desk) or the
/// applicant's summary (a company the candidate applied to).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CandidateRecord {
    Full(Box<CandidateView>),
    Applicant(ApplicantView),
}

impl CandidateRow {
    pub fn applicant(&self) -> Result<ApplicantView, ApiError> {
        Ok(ApplicantView {
            id: parse_id(&self.id)?,
            full_name: self.full_name.clone(),
            nationality: self.nationality.clone(),
            languages: decode_languages(&self.languages)?,
            university: self.university.clone(),
            field_of_study: self.field_of_study.clone(),
            erased: self.erased_at.is_some(),
        })
    }

    pub fn view(
        &self,
        applications: Vec<ApplicationView>,
        event_registrations: Vec<crate::events::registrations::RegistrationView>,
    ) -> Result<CandidateView, ApiError> {
        Ok(CandidateView {
            id: parse_id(&self.id)?,
            user_id: self.user_id.as_deref().map(parse_id).transpose()?,
            full_name: self.full_name.clone(),
            nationality: self.nationality.clone(),
            university: self.university.clone(),
            graduation_year: self.graduation_year,
            field_of_study: self.field_of_study.clone(),
            languages: decode_languages(&self.languages)?,
            visa_status: self.visa_status.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            consent_given_at: self.consent_given_at.and_utc(),
            erased_at: self.erased_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            applications,
            event_registrations,
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: Uuid,
    pub job_id: Uuid,
    pub job_title_en: String,
    pub company_id: Uuid,
    pub candidate: ApplicantView,
    pub status: ApplicationStatus,
    /// The job fair the application came from, if any.
    pub job_fair_event_id: Option<Uuid>,
    /// The day of the hire (Japan time); set when hired.
    pub hired_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ApplicationRow {
    pub fn view(
        &self,
        job: &JobRow,
        candidate: &CandidateRow,
    ) -> Result<ApplicationView, ApiError> {
        Ok(ApplicationView {
            id: parse_id(&self.id)?,
            job_id: parse_id(&self.job_id)?,
            job_title_en: job.title_en.clone(),
            company_id: parse_id(&job.company_id)?,
            candidate: candidate.applicant()?,
            status: self.status,
            job_fair_event_id: self
                .job_fair_event_id
                .as_deref()
                .map(parse_id)
                .transpose()?,
            hired_on: self.hired_on,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

impl ApplicationWithParties {
    pub fn view(&self) -> Result<ApplicationView, ApiError> {
        self.application.view(&self.job, &self.candidate)
    }
}
