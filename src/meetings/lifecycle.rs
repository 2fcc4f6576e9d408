//! The meeting lifecycle: which moves exist and who may make them.
//!
//! `requested → accepted | declined | withdrawn`, then `accepted → scheduled → held |
//! no_show | cancelled`. Either side may ask ([`Initiator`]): the side asked answers (the
//! company a buyer's or the desk's request, the buyer a company's proposal), the side that
//! asked withdraws, either side or the desk cancels, and the desk runs the timetable
//! (schedules, marks held or no-show; an accepted meeting that happened off the timetable
//! may be marked held). Admins act as the desk.

crate::stored_enum! {
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
}

impl MeetingStatus {
    /// Meetings that used (or use) a place in the timetable: the slot, table and interpreter
    /// are taken. Held and no-show meetings keep theirs, since the place was spent (but see
    /// [`Self::OCCUPYING_SLOT`]).
    pub const HOLDING_PLACE: [MeetingStatus; 3] = [Self::Scheduled, Self::Held, Self::NoShow];

    /// Meetings that occupy their slot's company, buyer, table and interpreter, so that no
    /// other meeting may have them then: a no-show keeps its place on record but frees it,
    /// so that the side who came can meet someone from the standby list. The database's
    /// one-per-slot indexes use the same set.
    pub const OCCUPYING_SLOT: [MeetingStatus; 2] = [Self::Scheduled, Self::Held];

    /// Meetings that count against an event's per-company and per-buyer limits: every one
    /// the participant has not been released from. Unlike [`Self::HOLDING_PLACE`] it holds
    /// requested and accepted meetings too (they will take a place); unlike
    /// [`Self::is_open`] it keeps held and no-show ones (they spent one).
    pub const COUNTING_AGAINST_LIMITS: [MeetingStatus; 5] = [
        Self::Requested,
        Self::Accepted,
        Self::Scheduled,
        Self::Held,
        Self::NoShow,
    ];

    /// See [`Self::HOLDING_PLACE`].
    pub fn holds_place(self) -> bool {
        Self::HOLDING_PLACE.contains(&self)
    }

    /// See [`Self::COUNTING_AGAINST_LIMITS`].
    pub fn counts_against_limits(self) -> bool {
        Self::COUNTING_AGAINST_LIMITS.contains(&self)
    }

    /// Still on its way to a meeting: blocks a second request between the same buyer and
    /// company at the event (the database's `meetings_one_open_request` index).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Requested | Self::Accepted | Self::Scheduled)
    }
}

crate::stored_enum! {
    /// Who asked for a meeting: a buyer's members, a company's members (a proposal), or the
    /// desk (on a buyer's behalf, or from both sides' wishes).
    pub enum Initiator {
        Buyer,
        Company,
        Desk,
    }
}

impl Initiator {
    /// The side that accepts or declines: the buyer for a company's proposal, the company
    /// otherwise (the desk asks on a buyer's behalf).
    pub fn answering_side(self) -> Side {
        match self {
            Initiator::Company => Side::Buyer,
            Initiator::Buyer | Initiator::Desk => Side::Company,
        }
    }

    /// The side that may withdraw the request: the one that asked (the buyer for the
    /// desk's requests on its behalf).
    pub fn asking_side(self) -> Side {
        match self {
            Initiator::Company => Side::Company,
            Initiator::Buyer | Initiator::Desk => Side::Buyer,
        }
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

/// Whether `side` may take `action` at all on a meeting `initiated_by` asked for: the same
/// rules in both directions.
pub fn may(side: Side, action: Action, initiated_by: Initiator) -> bool {
    use Action::*;
    match side {
        Side::Desk => true,
        Side::Observer => false,
        Side::Company | Side::Buyer => match action {
            Accept | Decline => side == initiated_by.answering_side(),
            Withdraw => side == initiated_by.asking_side(),
            Cancel => true,
            Schedule | MarkHeld | MarkNoShow => false,
        },
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
    fn only_released_meetings_stop_counting_against_limits() {
        for status in MeetingStatus::iter() {
            let released = matches!(status, Declined | Withdrawn | Cancelled);
            assert_eq!(status.counts_against_limits(), !released, "{status:?}");
        }
    }

    #[test]
    fn a_meeting_holds_its_place_once_scheduled_even_when_over() {
        let holding: Vec<_> = MeetingStatus::iter().filter(|s| s.holds_place()).collect();
        assert_eq!(holding, [Scheduled, Held, NoShow]);
        assert!(holding.iter().all(|s| s.counts_against_limits()));
    }

    #[test]
    fn each_side_has_its_own_moves() {
        let by_buyer = Initiator::Buyer;
        assert!(may(Side::Company, Accept, by_buyer) && !may(Side::Buyer, Accept, by_buyer));
        assert!(may(Side::Buyer, Withdraw, by_buyer) && !may(Side::Company, Withdraw, by_buyer));
        assert!(!may(Side::Company, Schedule, by_buyer) && !may(Side::Buyer, MarkHeld, by_buyer));
        assert!(MeetingStatus::iter().count() == 8);
        for initiator in Initiator::iter() {
            let all = [
                Accept, Decline, Withdraw, Cancel, Schedule, MarkHeld, MarkNoShow,
            ];
            assert!(all.iter().all(|a| may(Side::Desk, *a, initiator)));
            assert!(all.iter().all(|a| !may(Side::Observer, *a, initiator)));
        }
    }

    #[test]
    fn a_companys_proposal_is_answered_by_the_buyer_and_withdrawn_by_the_company() {
        let proposal = Initiator::Company;
        for action in [Accept, Decline] {
            assert!(may(Side::Buyer, action, proposal), "{action:?}");
            assert!(!may(Side::Company, action, proposal), "{action:?}");
        }
        assert!(may(Side::Company, Withdraw, proposal) && !may(Side::Buyer, Withdraw, proposal));
        assert!(may(Side::Company, Cancel, proposal) && may(Side::Buyer, Cancel, proposal));
    }

    #[test]
    fn the_desks_request_is_answered_by_the_company_as_a_buyers_is() {
        for action in [Accept, Decline, Withdraw, Cancel] {
            for side in [Side::Company, Side::Buyer] {
                assert_eq!(
                    may(side, action, Initiator::Desk),
                    may(side, action, Initiator::Buyer),
                    "{side:?} {action:?}"
                );
            }
        }
    }
}
