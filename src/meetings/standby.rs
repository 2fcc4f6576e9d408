//! The standby list of a company on the fair day: the accepted requests the timetable
//! could not place, and which of them could take a slot that a no-show or a cancellation
//! freed. A request fits when its buyer is free in the slot (no other meeting of theirs, no
//! availability block), the company is free too and both are within the fair's limits,
//! and an interpreter is free if the pair needs one. The best wish comes first (mutual
//! `must`, `must`, `want`, none; a `no_thanks` rules the pair out, as in the timetable),
//! then the oldest request. Booking one is `PUT /meetings/{id}/schedule`.

use std::collections::{BTreeSet, HashMap};

use super::lifecycle::MeetingStatus;
use super::store::{self as meetings_store, MeetingRow, Occupant};
use super::timetable::{self, Pair};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::events::store::{self as events_store, EventRow, InterpreterRow, Party};
use crate::matching::store as matching_store;
use crate::matching::{Level, WishSide};

/// How much the pair wished to meet: the order of the standby list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wish {
    MutualMust,
    Must,
    Want,
    None,
}

impl Wish {
    /// `None` for a pair one side of which said `no_thanks`.
    pub fn of(company: Option<Level>, buyer: Option<Level>) -> Option<Wish> {
        let levels = [company, buyer];
        if levels.contains(&Some(Level::NoThanks)) {
            return None;
        }
        Some(match levels {
            [Some(Level::Must), Some(Level::Must)] => Wish::MutualMust,
            _ if levels.contains(&Some(Level::Must)) => Wish::Must,
            _ if levels.contains(&Some(Level::Want)) => Wish::Want,
            _ => Wish::None,
        })
    }
}

/// One request that could take the slot, with what it would get there.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub meeting: MeetingRow,
    pub wish: Wish,
    /// The interpreter it would have, when the pair needs one.
    pub interpreter_id: Option<String>,
}

/// Who could take the slot with the company, and a table free in it.
#[derive(Debug, Clone)]
pub struct Standby {
    pub table_id: Option<String>,
    pub proposals: Vec<Proposal>,
}

/// The company's standby proposals for `slot_id` at `event`, best first.
pub fn propose(
    conn: &mut DbConn,
    event: &EventRow,
    slot_id: &str,
    company_id: &str,
) -> Result<Standby, ApiError> {
    let occupants = meetings_store::occupied(conn, slot_id, "")?;
    let placed: Vec<MeetingRow> = meetings_store::placed(conn, &event.id)?
        .into_iter()
        .filter(|m| MeetingStatus::OCCUPYING_SLOT.contains(&m.status))
        .collect();
    let table_id = events_store::list_tables(conn, &event.id)?
        .into_iter()
        .map(|t| t.id)
        .find(|t| !occupants.iter().any(|o| o.table_id.as_deref() == Some(t)));
    let company_blocked = events_store::blocked_slots(conn, &event.id, &company(company_id))?
        .iter()
        .any(|s| s == slot_id);
    let company_busy = occupants.iter().any(|o| o.company_id == company_id);
    let company_full = full(event.max_meetings_per_company, &placed, |m| {
        m.company_id == company_id
    });
    if table_id.is_none() || company_blocked || company_busy || company_full {
        return Ok(Standby {
            table_id,
            proposals: Vec::new(),
        });
    }
    let requests: Vec<MeetingRow> = meetings_store::accepted_unscheduled(conn, &event.id)?
        .into_iter()
        .filter(|m| m.company_id == company_id)
        .collect();
    let wishes = wishes(conn, &event.id, company_id)?;
    let interpreters = events_store::list_interpreters(conn, &event.id)?;
    let (_, offered) = timetable::interpreter_pairs(&interpreters)?;
    let needs = timetable::pending(conn, &requests, &offered)?;
    let mut proposals = Vec::new();
    for (meeting, need) in requests.into_iter().zip(needs) {
        let buyer_blocked = events_store::blocked_slots(conn, &event.id, &buyer(&meeting))?
            .iter()
            .any(|s| s == slot_id);
        let buyer_busy = occupants.iter().any(|o| o.buyer_id == meeting.buyer_id);
        let buyer_full = full(event.max_meetings_per_buyer, &placed, |m| {
            m.buyer_id == meeting.buyer_id
        });
        if buyer_blocked || buyer_busy || buyer_full {
            continue;
        }
        let level = |side| wishes.get(&(side, meeting.buyer_id.clone())).copied();
        let Some(wish) = Wish::of(level(WishSide::Company), level(WishSide::Buyer)) else {
            continue;
        };
        let interpreter_id = match need.language {
            None => None,
            Some(pair) => match free_interpreter(&interpreters, &pair, &occupants)? {
                Some(id) => Some(id),
                None => continue,
            },
        };
        proposals.push(Proposal {
            meeting,
            wish,
            interpreter_id,
        });
    }
    proposals.sort_by(|a, b| {
        (a.wish, a.meeting.created_at, &a.meeting.id).cmp(&(
            b.wish,
            b.meeting.created_at,
            &b.meeting.id,
        ))
    });
    Ok(Standby {
        table_id,
        proposals,
    })
}

fn company(id: &str) -> Party {
    Party::Company(id.to_owned())
}

fn buyer(meeting: &MeetingRow) -> Party {
    Party::Buyer(meeting.buyer_id.clone())
}

/// Whether those of `placed` that are `theirs` have reached `max`.
fn full(max: Option<i32>, placed: &[MeetingRow], theirs: impl Fn(&MeetingRow) -> bool) -> bool {
    let Some(max) = max else { return false };
    let count = placed.iter().filter(|m| theirs(m)).count();
    i64::try_from(count).unwrap_or(i64::MAX) >= i64::from(max)
}

/// Both sides' wishes at the event about pairs with the company, by (side, buyer).
fn wishes(
    conn: &mut DbConn,
    event_id: &str,
    company_id: &str,
) -> Result<HashMap<(WishSide, String), Level>, ApiError> {
    Ok(matching_store::event_wishes(conn, event_id)?
        .into_iter()
        .filter(|w| w.company_id == company_id)
        .map(|w| ((w.side, w.buyer_id), w.level))
        .collect())
}

/// An interpreter of the fair who bridges `pair` and is not booked in the slot.
fn free_interpreter(
    interpreters: &[InterpreterRow],
    pair: &Pair,
    occupants: &[Occupant],
) -> Result<Option<String>, ApiError> {
    let busy: BTreeSet<&str> = occupants
        .iter()
        .filter_map(|o| o.interpreter_id.as_deref())
        .collect();
    for row in interpreters {
        if busy.contains(row.id.as_str()) {
            continue;
        }
        let (_, bridged) = timetable::interpreter_pairs(std::slice::from_ref(row))?;
        if bridged.contains(pair) {
            return Ok(Some(row.id.clone()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_wish_comes_first_and_no_thanks_rules_a_pair_out() {
        use Level::{Must, NoThanks, Want};
        assert_eq!(Wish::of(Some(Must), Some(Must)), Some(Wish::MutualMust));
        assert_eq!(Wish::of(Some(Must), Some(Want)), Some(Wish::Must));
        assert_eq!(Wish::of(None, Some(Must)), Some(Wish::Must));
        assert_eq!(Wish::of(Some(Want), None), Some(Wish::Want));
        assert_eq!(Wish::of(None, None), Some(Wish::None));
        assert_eq!(Wish::of(Some(Must), Some(NoThanks)), None);
        assert!(
            Wish::MutualMust < Wish::Must && Wish::Must < Wish::Want && Wish::Want < Wish::None
        );
    }
}
