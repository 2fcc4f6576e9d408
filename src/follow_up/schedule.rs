//! When each survey of a held meeting falls due, and which later surveys an answer ends:
//! pure rules, tested alone.
//!
//! A meeting's surveys count from the meeting's own time (its slot's start; for a meeting
//! held without a slot, when it was marked held), so a meeting the desk marks held weeks
//! late still gets its +3 months survey three months after the fair, not after the marking.
//! A survey whose time has already passed is sent at once; its due time stays what it was,
//! and the follow-up queue counts its 14 days from it.

use chrono::{Months, NaiveDateTime, TimeDelta};

use super::SurveyKind;
use crate::negotiations::NegotiationStatus;

/// The surveys of a held meeting, to each side.
pub const MEETING_SURVEYS: [SurveyKind; 3] = [
    SurveyKind::MeetingFeedback,
    SurveyKind::Outcome3m,
    SurveyKind::Outcome6m,
];

/// When `kind` falls due for a meeting that took place at `met_at`.
pub fn due_at(kind: SurveyKind, met_at: NaiveDateTime) -> NaiveDateTime {
    match kind {
        SurveyKind::MeetingFeedback | SurveyKind::EventFeedback => met_at + TimeDelta::days(1),
        SurveyKind::Outcome3m => met_at
            .checked_add_months(Months::new(3))
            .unwrap_or(met_at + TimeDelta::days(91)),
        SurveyKind::Outcome6m => met_at
            .checked_add_months(Months::new(6))
            .unwrap_or(met_at + TimeDelta::days(182)),
    }
}

/// The surveys of the same side that an outcome answer to `answered` ends: a closed
/// negotiation (won or lost) is not asked about again.
pub fn ended_by(answered: SurveyKind, outcome: NegotiationStatus) -> &'static [SurveyKind] {
    match (answered, outcome.is_closed()) {
        (SurveyKind::Outcome3m, true) => &[SurveyKind::Outcome6m],
        _ => &[],
    }
}

/// How long an unanswered outcome survey waits before the desk follows it up.
pub const UNANSWERED_GRACE_DAYS: i64 = 14;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meetings_three_surveys_are_mail_of_one_category() {
        // `surveys::schedule_meeting_surveys` looks a side's addressees up once for all three.
        let category = MEETING_SURVEYS[0].message().category();
        assert!(MEETING_SURVEYS
            .iter()
            .all(|kind| kind.message().category() == category));
    }
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(3, 0, 0))
            .unwrap()
    }

    #[test]
    fn surveys_fall_due_a_day_three_months_and_six_months_after_the_meeting() {
        let met = at(2026, 8, 31);
        assert_eq!(due_at(SurveyKind::MeetingFeedback, met), at(2026, 9, 1));
        // The end of a shorter month: the last day of November, not an overflow.
        assert_eq!(due_at(SurveyKind::Outcome3m, met), at(2026, 11, 30));
        assert_eq!(due_at(SurveyKind::Outcome6m, met), at(2027, 2, 28));
    }

    #[test]
    fn won_or_lost_at_three_months_ends_the_six_month_survey() {
        assert_eq!(
            ended_by(SurveyKind::Outcome3m, NegotiationStatus::Won),
            &[SurveyKind::Outcome6m]
        );
        assert_eq!(
            ended_by(SurveyKind::Outcome3m, NegotiationStatus::Lost),
            &[SurveyKind::Outcome6m]
        );
        assert!(ended_by(SurveyKind::Outcome3m, NegotiationStatus::Prospect).is_empty());
        assert!(ended_by(SurveyKind::Outcome6m, NegotiationStatus::Won).is_empty());
    }
}
