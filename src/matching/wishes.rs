//! What a pair's wishes are worth to the timetable, and how a meeting came about for the
//! KPI. Pure.
//!
//! `must` counts 3 and `want` 1, so that a mutual `must` (6) comes before `must` + `want`
//! (4), a one-sided `must` (3), `want` + `want` (2), a one-sided `want` (1) and a request
//! without wishes (0). A `no_thanks` from either side rules the pair out, whatever the
//! other side wished.

use serde::Serialize;
use utoipa::ToSchema;

use super::Level;

/// What one side's wish adds.
fn points(level: Option<Level>) -> Option<u32> {
    match level {
        None => Some(0),
        Some(Level::Want) => Some(1),
        Some(Level::Must) => Some(3),
        Some(Level::NoThanks) => None,
    }
}

/// The value of meeting for a pair with these wishes; `None` when either side said
/// `no_thanks` (never scheduled).
pub fn value(company: Option<Level>, buyer: Option<Level>) -> Option<u32> {
    Some(points(company)? + points(buyer)?)
}

/// Whether both sides wished to meet (`must` or `want` each): the pairs the preference run
/// makes a meeting for without a request.
pub fn mutual(company: Option<Level>, buyer: Option<Level>) -> bool {
    let wished = |l: Option<Level>| matches!(l, Some(Level::Must | Level::Want));
    wished(company) && wished(buyer)
}

/// How a meeting came about, as the KPI breaks it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Both sides said `must`.
    MutualMust,
    /// Both sides wished to meet, not both `must`.
    MutualWish,
    /// One side wished to meet, the other said nothing (or `no_thanks`).
    OneSidedWish,
    /// Neither side wished: a request alone.
    NoWishes,
}

impl Origin {
    pub fn of(company: Option<Level>, buyer: Option<Level>) -> Origin {
        let wished = |l: Option<Level>| matches!(l, Some(Level::Must | Level::Want));
        match (company, buyer) {
            (Some(Level::Must), Some(Level::Must)) => Origin::MutualMust,
            _ if mutual(company, buyer) => Origin::MutualWish,
            _ if wished(company) || wished(buyer) => Origin::OneSidedWish,
            _ => Origin::NoWishes,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Origin::MutualMust => "mutual_must",
            Origin::MutualWish => "mutual_wish",
            Origin::OneSidedWish => "one_sided_wish",
            Origin::NoWishes => "no_wishes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    #[test]
    fn wishes_rank_mutual_must_first_and_requests_without_wishes_last() {
        let ranked = [
            value(Some(Must), Some(Must)),
            value(Some(Must), Some(Want)),
            value(Some(Want), Some(Must)),
            value(Some(Must), None),
            value(Some(Want), Some(Want)),
            value(None, Some(Want)),
            value(None, None),
        ];
        assert_eq!(
            ranked,
            [
                Some(6),
                Some(4),
                Some(4),
                Some(3),
                Some(2),
                Some(1),
                Some(0)
            ]
        );
    }

    #[test]
    fn a_no_thanks_from_either_side_rules_the_pair_out() {
        for other in [None, Some(Must), Some(Want), Some(NoThanks)] {
            assert_eq!(value(Some(NoThanks), other), None);
            assert_eq!(value(other, Some(NoThanks)), None);
        }
    }

    #[test]
    fn only_pairs_both_sides_wished_for_are_mutual() {
        assert!(mutual(Some(Must), Some(Want)));
        assert!(!mutual(Some(Must), None));
        assert!(!mutual(Some(Must), Some(NoThanks)));
    }

    #[test]
    fn a_meeting_came_about_from_mutual_musts_wishes_or_a_request_alone() {
        assert_eq!(Origin::of(Some(Must), Some(Must)), Origin::MutualMust);
        assert_eq!(Origin::of(Some(Want), Some(Must)), Origin::MutualWish);
        assert_eq!(Origin::of(None, Some(Must)), Origin::OneSidedWish);
        assert_eq!(Origin::of(Some(Want), Some(NoThanks)), Origin::OneSidedWish);
        assert_eq!(Origin::of(None, None), Origin::NoWishes);
    }
}
