//! The live board's rules for one meeting of the running slot: whether both sides have
//! arrived, whether it is late (the slot has begun without both and without a start), and
//! whether it is a probable no-show (the slot has run for the event's
//! `no_show_after_minutes` without a start: the desk's, or both sides checking in during
//! the slot). Only a meeting still `scheduled` can be late: one marked held or no-show is
//! settled. A probable no-show is not marked by itself: the desk still marks `no-show`.

use chrono::{NaiveDateTime, TimeDelta};

use crate::meetings::lifecycle::MeetingStatus;

/// Where a meeting of the running slot stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingState {
    pub company_arrived: bool,
    pub buyer_arrived: bool,
    pub both_arrived: bool,
    /// The slot has begun and the sides have not both arrived.
    pub late: bool,
    /// The slot has run for the event's `no_show_after_minutes` and the meeting has not
    /// started.
    pub probable_no_show: bool,
}

/// The state at `now` of a meeting in the slot starting at `slot_start`.
pub fn meeting_state(
    status: MeetingStatus,
    (company_arrived, buyer_arrived): (bool, bool),
    started: bool,
    slot_start: NaiveDateTime,
    no_show_after_minutes: i32,
    now: NaiveDateTime,
) -> MeetingState {
    let both_arrived = company_arrived && buyer_arrived;
    let unstarted = status == MeetingStatus::Scheduled && !started;
    let grace = TimeDelta::minutes(i64::from(no_show_after_minutes.max(0)));
    MeetingState {
        company_arrived,
        buyer_arrived,
        both_arrived,
        late: unstarted && !both_arrived && now >= slot_start,
        probable_no_show: unstarted && now >= slot_start + grace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap()
    }

    fn at(minutes: i64, arrived: (bool, bool)) -> MeetingState {
        meeting_state(
            MeetingStatus::Scheduled,
            arrived,
            arrived == (true, true),
            start(),
            5,
            start() + TimeDelta::minutes(minutes),
        )
    }

    #[test]
    fn before_the_slot_nobody_is_late() {
        let state = at(-3, (false, false));
        assert!(!state.late && !state.probable_no_show && !state.both_arrived);
    }

    #[test]
    fn a_side_missing_at_the_start_is_late_and_after_the_grace_a_probable_no_show() {
        assert!(at(0, (true, false)).late);
        assert!(!at(4, (true, false)).probable_no_show);
        let after = at(5, (true, false));
        assert!(after.late && after.probable_no_show);
        assert!(after.company_arrived && !after.buyer_arrived);
    }

    #[test]
    fn both_arrived_is_neither_late_nor_missing() {
        let state = at(20, (true, true));
        assert!(state.both_arrived && !state.late && !state.probable_no_show);
    }

    #[test]
    fn a_settled_meeting_is_not_waited_for() {
        for status in [MeetingStatus::Held, MeetingStatus::NoShow] {
            let state = meeting_state(
                status,
                (false, false),
                false,
                start(),
                5,
                start() + TimeDelta::hours(1),
            );
            assert!(!state.late && !state.probable_no_show);
        }
    }

    #[test]
    fn arrived_but_not_started_after_the_grace_is_a_probable_no_show() {
        let state = meeting_state(
            MeetingStatus::Scheduled,
            (true, true),
            false,
            start(),
            5,
            start() + TimeDelta::minutes(6),
        );
        assert!(state.both_arrived && !state.late && state.probable_no_show);
    }
}
