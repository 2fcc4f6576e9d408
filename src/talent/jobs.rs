//! What a job posting may hold and how it changes: the salary range, the status a new
//! posting may start in, which postings a list shows to whom, and applying a posting's
//! changes. No I/O; the handlers in `api/jobs.rs` load and save around these.

use chrono::NaiveDateTime;

use super::api::jobs::{JobChanges, NewJob};
use super::store::{JobRow, JobVisibility};
use super::{JlptLevel, JobStatus};
use crate::db::encode_list;
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use crate::validate;

/// A yearly salary in yen is between 0 and a billion; the range, when both ends are given,
/// is not upside down.
pub fn check_salary(min: Option<i64>, max: Option<i64>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (field, value) in [("salary_min_yen", min), ("salary_max_yen", max)] {
        if value.is_some_and(|v| !(0..=1_000_000_000).contains(&v)) {
            errors.push(FieldError::new(field, Msg::between(0, 1_000_000_000)));
        }
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            errors.push(FieldError::new("salary_max_yen", Msg::SalaryMaxBelowMin));
        }
    }
    errors
}

/// The document's name for what [`initial_status`] takes, listed by asking it.
pub struct InitialJobStatus;

impl utoipa::PartialSchema for InitialJobStatus {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let statuses = [JobStatus::Draft, JobStatus::Published, JobStatus::Closed];
        crate::codes::code_list_schema(
            "What a new posting starts as: a draft (the default) or published.",
            statuses
                .into_iter()
                .filter(|s| initial_status(Some(*s)).is_ok())
                .map(|s| s.as_str().to_owned())
                .collect(),
        )
    }
}

impl utoipa::ToSchema for InitialJobStatus {}

/// A new posting is a draft (the default) or published at once; never born closed.
pub fn initial_status(asked: Option<JobStatus>) -> Result<JobStatus, ApiError> {
    let status = asked.unwrap_or(JobStatus::Draft);
    if status == JobStatus::Closed {
        return Err(ApiError::invalid("status", Msg::NewPostingStatus));
    }
    Ok(status)
}

/// The row of a new posting of `company_id` in `status` ([`initial_status`]); published at
/// once, it is stamped `published_at`.
pub fn new_row(
    id: String,
    company_id: String,
    body: NewJob,
    status: JobStatus,
    now: NaiveDateTime,
) -> JobRow {
    JobRow {
        id,
        company_id,
        title_ja: body.title_ja.trim().to_owned(),
        title_en: body.title_en.trim().to_owned(),
        description_ja: body.description_ja,
        description_en: body.description_en,
        occupation: body.occupation.trim().to_owned(),
        employment_type: body.employment_type,
        visa_category: body.visa_category,
        languages: encode_list(&body.languages),
        jlpt_level: body.jlpt_level.unwrap_or(JlptLevel::None),
        location: body.location.trim().to_owned(),
        salary_min_yen: body.salary_min_yen,
        salary_max_yen: body.salary_max_yen,
        status,
        published_at: (status == JobStatus::Published).then_some(now),
        created_at: now,
        updated_at: now,
    }
}

/// Which postings a list returns. `privileged` is the desk, or a member listing its own
/// company's postings: only they may ask for drafts and closed postings. Asking for
/// published postings is the public list, whoever asks.
pub fn list_visibility(
    privileged: bool,
    status: Option<JobStatus>,
) -> Result<JobVisibility, ApiError> {
    match status {
        None => Ok(JobVisibility::Public),
        Some(JobStatus::Published) if !privileged => Ok(JobVisibility::Public),
        Some(status) if privileged => Ok(JobVisibility::Status(status)),
        Some(_) => Err(ApiError::Forbidden(Msg::UnpublishedPostings)),
    }
}

/// Applies `changes` to `row` at `now`: a status move along `draft → published → closed`
/// (publishing stamps `published_at`), the given fields, then the salary range as it now
/// stands.
pub fn apply_changes(
    row: &mut JobRow,
    changes: JobChanges,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let current = row.status;
    if let Some(next) = changes.status {
        if !current.can_become(next) {
            return Err(ApiError::StateConflict {
                detail: Msg::PostingCannotBecome {
                    from: current.as_str().to_owned(),
                    to: next.as_str().to_owned(),
                },
                current_status: current.as_str().to_owned(),
            });
        }
        if next == JobStatus::Published && current != next {
            row.published_at = Some(now);
        }
        row.status = next;
    }
    let trim = |v: String| v.trim().to_owned();
    if let Some(v) = changes.title_ja {
        row.title_ja = trim(v);
    }
    if let Some(v) = changes.title_en {
        row.title_en = trim(v);
    }
    if let Some(v) = changes.description_ja {
        row.description_ja = v;
    }
    if let Some(v) = changes.description_en {
        row.description_en = v;
    }
    if let Some(v) = changes.occupation {
        row.occupation = trim(v);
    }
    if let Some(v) = changes.employment_type {
        row.employment_type = v;
    }
    if let Some(v) = changes.visa_category {
        row.visa_category = v;
    }
    if let Some(v) = &changes.languages {
        row.languages = encode_list(v);
    }
    if let Some(v) = changes.jlpt_level {
        row.jlpt_level = v;
    }
    if let Some(v) = changes.location {
        row.location = trim(v);
    }
    if let Some(v) = changes.salary_min_yen {
        row.salary_min_yen = v;
    }
    if let Some(v) = changes.salary_max_yen {
        row.salary_max_yen = v;
    }
    validate::finish(check_salary(row.salary_min_yen, row.salary_max_yen))?;
    row.updated_at = now;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::talent::{EmploymentType, VisaCategory};

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_780_000_000, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn new_job() -> NewJob {
        NewJob {
            title_ja: " 設計技術者 ".into(),
            title_en: " Design engineer ".into(),
            description_ja: String::new(),
            description_en: String::new(),
            occupation: "engineering".into(),
            employment_type: EmploymentType::FullTime,
            visa_category: VisaCategory::EngineerSpecialistHumanities,
            languages: vec!["ja".into()],
            jlpt_level: None,
            location: "Sagamihara".into(),
            salary_min_yen: Some(3_000_000),
            salary_max_yen: Some(4_000_000),
            status: None,
        }
    }

    fn no_changes() -> JobChanges {
        JobChanges {
            title_ja: None,
            title_en: None,
            description_ja: None,
            description_en: None,
            occupation: None,
            employment_type: None,
            visa_category: None,
            languages: None,
            jlpt_level: None,
            location: None,
            salary_min_yen: None,
            salary_max_yen: None,
            status: None,
        }
    }

    fn draft() -> JobRow {
        new_row("j1".into(), "c1".into(), new_job(), JobStatus::Draft, now())
    }

    #[test]
    fn a_salary_range_is_not_upside_down_nor_negative() {
        assert!(check_salary(Some(1), Some(2)).is_empty());
        assert!(check_salary(None, Some(0)).is_empty());
        let fields = |errors: Vec<FieldError>| -> Vec<String> {
            errors.into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(check_salary(Some(5), Some(4))), ["salary_max_yen"]);
        assert_eq!(fields(check_salary(Some(-1), None)), ["salary_min_yen"]);
    }

    #[test]
    fn a_new_posting_is_a_draft_unless_published_and_never_closed() {
        assert_eq!(initial_status(None).ok(), Some(JobStatus::Draft));
        assert_eq!(
            initial_status(Some(JobStatus::Published)).ok(),
            Some(JobStatus::Published)
        );
        assert!(initial_status(Some(JobStatus::Closed)).is_err());
    }

    #[test]
    fn a_new_posting_is_trimmed_and_stamped_only_when_published() {
        let row = draft();
        assert_eq!(row.title_en, "Design engineer");
        assert_eq!(row.jlpt_level, JlptLevel::None);
        assert_eq!(row.published_at, None);
        let published = new_row(
            "j2".into(),
            "c1".into(),
            new_job(),
            JobStatus::Published,
            now(),
        );
        assert_eq!(published.published_at, Some(now()));
    }

    #[test]
    fn only_the_desk_or_the_company_lists_unpublished_postings() {
        assert_eq!(
            list_visibility(false, None).ok(),
            Some(JobVisibility::Public)
        );
        assert_eq!(
            list_visibility(false, Some(JobStatus::Published)).ok(),
            Some(JobVisibility::Public)
        );
        assert!(matches!(
            list_visibility(false, Some(JobStatus::Draft)),
            Err(ApiError::Forbidden(_))
        ));
        assert_eq!(
            list_visibility(true, Some(JobStatus::Draft)).ok(),
            Some(JobVisibility::Status(JobStatus::Draft))
        );
        assert_eq!(
            list_visibility(true, Some(JobStatus::Published)).ok(),
            Some(JobVisibility::Status(JobStatus::Published))
        );
    }

    #[test]
    fn publishing_stamps_the_posting_and_a_closed_one_stays_closed() {
        let mut row = draft();
        let publish = JobChanges {
            status: Some(JobStatus::Published),
            ..no_changes()
        };
        assert!(apply_changes(&mut row, publish, now()).is_ok());
        assert_eq!(row.status, JobStatus::Published);
        assert_eq!(row.published_at, Some(now()));
        let close = JobChanges {
            status: Some(JobStatus::Closed),
            ..no_changes()
        };
        assert!(apply_changes(&mut row, close, now()).is_ok());
        let reopen = JobChanges {
            status: Some(JobStatus::Published),
            ..no_changes()
        };
        assert!(matches!(
            apply_changes(&mut row, reopen, now()),
            Err(ApiError::StateConflict { .. })
        ));
    }

    #[test]
    fn a_change_is_checked_against_the_salary_it_leaves() {
        let mut row = draft();
        let lower_max = JobChanges {
            salary_max_yen: Some(Some(1_000_000)),
            ..no_changes()
        };
        assert!(apply_changes(&mut row, lower_max, now()).is_err());
        let clear_min = JobChanges {
            salary_min_yen: Some(None),
            salary_max_yen: Some(Some(1_000_000)),
            ..no_changes()
        };
        assert!(apply_changes(&mut row, clear_min, now()).is_ok());
        assert_eq!(row.salary_min_yen, None);
    }
}
