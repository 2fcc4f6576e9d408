//! The meeting lifecycle: which moves exist and who may make them.
//!
//! `requested → accepted | declined | withdrawn`, then `accepted → scheduled → held |
//! no_show | cancelled`. The company answers requests, the buyer withdraws its own, either
//! side or the desk cancels, and the desk runs the timetable (schedules, marks held or
//! no-show; an accepted meeting that happened off the timetable may be marked held). Admins
//! act as the desk.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MeetingStatus {
    Requested,
    Accepted,
    Declined,
    Withdrawn,
    Scheduled,
    Held,
    NoShow,
    Cancelled,
}

crate::text_enum!(MeetingStatus);

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Still on its way to a meeting: counts against limits and blocks a second request.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Requested | Self::Accepted | Self::Scheduled)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Decline,
    Withdraw,
    Cancel,
    Schedule,
    MarkHeld,
    MarkNoShow,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::Withdraw => "withdraw",
            Action::Cancel => "cancel",
            Action::Schedule => "schedule",
            Action::MarkHeld => "mark held",
            Action::MarkNoShow => "mark as no-show",
        }
    }
}

/// The caller's side of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Company,
    Buyer,
    Desk,
    /// Reads, never acts (reviewers).
    Observer,
}

/// Where `action` takes a meeting in `from`, if it may.
pub fn next(from: MeetingStatus, action: Action) -> Option<MeetingStatus> {
    use Action::*;
    use MeetingStatus::*;
    match (from, action) {
        (Requested, Accept) => Some(Accepted),
        (Requested, Decline) => Some(Declined),
        (Requested, Withdraw) => Some(Withdrawn),
        (Accepted | Scheduled, Cancel) => Some(Cancelled),
        (Accepted | Scheduled, Schedule) => Some(Scheduled),
        (Accepted | Scheduled, MarkHeld) => Some(Held),
        (Scheduled, MarkNoShow) => Some(NoShow),
        _ => None,
    }
}

/// Whether `side` may take `action` at all.
pub fn may(side: Side, action: Action) -> bool {
    use Action::*;
    match side {
        Side::Desk => true,
        Side::Company => matches!(action, Accept | Decline | Cancel),
        Side::Buyer => matches!(action, Withdraw | Cancel),
        Side::Observer => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;
    use Action::*;
    use MeetingStatus::*;

    #[test]
    fn the_documented_paths_exist() {
        assert_eq!(next(Requested, Accept), Some(Accepted));
        assert_eq!(next(Requested, Decline), Some(Declined));
        assert_eq!(next(Requested, Withdraw), Some(Withdrawn));
        assert_eq!(next(Accepted, Schedule), Some(Scheduled));
        assert_eq!(next(Scheduled, MarkHeld), Some(Held));
        assert_eq!(next(Scheduled, MarkNoShow), Some(NoShow));
        assert_eq!(next(Scheduled, Cancel), Some(Cancelled));
    }

    #[test]
    fn final_states_go_nowhere() {
        for status in [Declined, Withdrawn, Held, NoShow, Cancelled] {
            for action in [
                Accept, Decline, Withdraw, Cancel, Schedule, MarkHeld, MarkNoShow,
            ] {
                assert_eq!(next(status, action), None, "{status:?} {action:?}");
            }
        }
    }

    #[test]
    fn a_request_cannot_skip_acceptance() {
        for action in [Schedule, MarkHeld, MarkNoShow, Cancel] {
            assert_eq!(next(Requested, action), None, "{action:?}");
        }
    }

    #[test]
    fn each_side_has_its_own_moves() {
        assert!(may(Side::Company, Accept) && !may(Side::Buyer, Accept));
        assert!(may(Side::Buyer, Withdraw) && !may(Side::Company, Withdraw));
        assert!(!may(Side::Company, Schedule) && !may(Side::Buyer, MarkHeld));
        assert!(MeetingStatus::iter().count() == 8);
        assert!(
            [Accept, Decline, Withdraw, Cancel, Schedule, MarkHeld, MarkNoShow]
                .iter()
                .all(|a| may(Side::Desk, *a))
        );
        assert!(
            [Accept, Decline, Withdraw, Cancel, Schedule, MarkHeld, MarkNoShow]
                .iter()
                .all(|a| !may(Side::Observer, *a))
        );
    }
}
