//! The rules of applying and of moving an application, beyond the lifecycle table itself
//! (`lifecycle.rs`): who may be applied for, which postings take applications, and the day
//! of a hire. No I/O.

use chrono::NaiveDate;

use super::lifecycle::{self, Actor, ApplicationStatus, Refusal};
use super::JobStatus;
use crate::error::ApiError;
use crate::events::EventKind;
use crate::i18n::Msg;

/// An erased candidate has no data left to apply with; only a published posting takes
/// applications. The erasure is checked first: it is final, the posting's status is not.
pub fn check_can_apply(candidate_erased: bool, job_status: JobStatus) -> Result<(), ApiError> {
    if candidate_erased {
        return Err(ApiError::Conflict(Msg::CandidateErased));
    }
    if job_status != JobStatus::Published {
        return Err(ApiError::StateConflict {
            detail: Msg::OnlyPublishedTakesApplications,
            current_status: job_status.as_str().to_owned(),
        });
    }
    Ok(())
}

/// An application says it came from a job fair only when the event is one: the KPI counts
/// hires by the fair they came from.
pub fn check_job_fair(kind: EventKind) -> Result<(), ApiError> {
    if kind == EventKind::JobFair {
        Ok(())
    } else {
        Err(ApiError::invalid("job_fair_event_id", Msg::JobFairEvent))
    }
}

/// A hire names its day, which is not in the future (Japan time, `today`): the
/// foreign-talent KPI counts it in that day's fiscal year. Any other move names no day.
pub fn check_hired_on(
    next: ApplicationStatus,
    hired_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ApiError> {
    match (next, hired_on) {
        (ApplicationStatus::Hired, None) => {
            Err(ApiError::invalid("hired_on", Msg::HiredOnRequired))
        }
        (ApplicationStatus::Hired, Some(day)) if day > today => {
            Err(ApiError::invalid("hired_on", Msg::NotInFuture))
        }
        (ApplicationStatus::Hired, _) | (_, None) => Ok(()),
        (_, Some(_)) => Err(ApiError::invalid("hired_on", Msg::HiredOnOnlyForHire)),
    }
}

/// The lifecycle's answer to one move, as the API gives it: a move that is not the caller's
/// is 403, one that does not exist from here is 409 with the current status.
pub fn check_move(
    current: ApplicationStatus,
    next: ApplicationStatus,
    actor: Actor,
) -> Result<(), ApiError> {
    match lifecycle::check(current, next, actor) {
        Ok(()) => Ok(()),
        Err(Refusal::NotYours) => Err(ApiError::Forbidden(Msg::MayNotMoveApplication {
            to: next.as_str().to_owned(),
        })),
        Err(Refusal::NotFromHere) => Err(ApiError::StateConflict {
            detail: Msg::ApplicationCannotBecome {
                from: current.as_str().to_owned(),
                to: next.as_str().to_owned(),
            },
            current_status: current.as_str().to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn an_erased_candidate_cannot_apply_even_to_a_published_posting() {
        assert!(matches!(
            check_can_apply(true, JobStatus::Published),
            Err(ApiError::Conflict(_))
        ));
    }

    #[test]
    fn only_a_published_posting_takes_applications() {
        assert!(check_can_apply(false, JobStatus::Published).is_ok());
        for status in [JobStatus::Draft, JobStatus::Closed] {
            match check_can_apply(false, status) {
                Err(ApiError::StateConflict { current_status, .. }) => {
                    assert_eq!(current_status, status.as_str())
                }
                other => panic!("{status:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_application_comes_only_from_a_job_fair() {
        assert!(check_job_fair(EventKind::JobFair).is_ok());
        for kind in [EventKind::TradeFair, EventKind::Seminar, EventKind::Forum] {
            assert!(check_job_fair(kind).is_err(), "{kind:?}");
        }
    }

    #[test]
    fn a_hire_needs_a_day_that_is_not_in_the_future() {
        let today = day(2026, 12, 1);
        assert!(check_hired_on(Hired, None, today).is_err());
        assert!(check_hired_on(Hired, Some(day(2026, 12, 2)), today).is_err());
        assert!(check_hired_on(Hired, Some(today), today).is_ok());
        assert!(check_hired_on(Hired, Some(day(2026, 4, 1)), today).is_ok());
    }

    #[test]
    fn only_a_hire_names_a_day() {
        let today = day(2026, 12, 1);
        assert!(check_hired_on(Interviewing, None, today).is_ok());
        assert!(check_hired_on(Rejected, Some(today), today).is_err());
    }

    #[test]
    fn a_company_withdrawing_is_refused_before_the_state_is_looked_at() {
        assert!(matches!(
            check_move(Hired, Withdrawn, Actor::Company),
            Err(ApiError::Forbidden(_))
        ));
        match check_move(Applied, Hired, Actor::Company) {
            Err(ApiError::StateConflict { current_status, .. }) => {
                assert_eq!(current_status, "applied")
            }
            other => panic!("{other:?}"),
        }
        assert!(check_move(Offered, Hired, Actor::Desk).is_ok());
    }
}
