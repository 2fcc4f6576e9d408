//! The auto-scheduler's preference run (`POST /events/{id}/schedule` with `mode:
//! preference`): the fair's accepted requests and the pairs both sides wished for (each side
//! `must` or `want`, no meeting between them at the fair yet) are placed by the value of
//! their wishes through the pure [`preference`](super::scheduler::preference) scheduler,
//! under every rule the timetable keeps. A pair either side marked `no_thanks` is never
//! placed. Meetings already scheduled stay. A wished-for pair gets its meeting (asked by the
//! desk, accepted) only when it is placed; every candidate left out is answered with why.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::lifecycle::{Initiator, MeetingStatus};
use super::scheduler::preference::{schedule_by_preference, Candidate};
use super::scheduler::UnscheduledReason;
use super::store::{self as meetings_store, MeetingRow};
use super::timetable::{self, Timetable};
use crate::audit::{self, Entity};
use crate::db::{self, parse_id, DbConn};
use crate::error::ApiError;
use crate::events::store as events_store;
use crate::matching::preferences::pair_wishes;
use crate::matching::wishes::{self, Origin};
use crate::matching::Level;

/// Why a pair was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotPlacedReason {
    CompanyLimitReached,
    BuyerLimitReached,
    NoCommonFreeSlot,
    NoTable,
    NoInterpreter,
    /// One side said `no_thanks` (an accepted request): never placed.
    NoThanks,
    /// A request between them waits for its answer.
    AwaitingAnswer,
    /// A request between them at this fair was declined, withdrawn or cancelled.
    Declined,
}

impl From<UnscheduledReason> for NotPlacedReason {
    fn from(reason: UnscheduledReason) -> Self {
        match reason {
            UnscheduledReason::CompanyLimitReached => Self::CompanyLimitReached,
            UnscheduledReason::BuyerLimitReached => Self::BuyerLimitReached,
            UnscheduledReason::NoCommonFreeSlot => Self::NoCommonFreeSlot,
            UnscheduledReason::NoTable => Self::NoTable,
            UnscheduledReason::NoInterpreter => Self::NoInterpreter,
        }
    }
}

/// A pair the run placed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacedPair {
    pub meeting_id: Uuid,
    pub company_id: Uuid,
    pub buyer_id: Uuid,
    /// The value of both sides' wishes (mutual `must` 6 … no wishes 0).
    pub value: u32,
    pub origin: Origin,
    /// Whether the meeting was made by this run from both sides' wishes.
    pub created: bool,
}

/// A pair the run did not place, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairNotPlaced {
    /// The accepted request, if the pair has one.
    pub meeting_id: Option<Uuid>,
    pub company_id: Uuid,
    pub buyer_id: Uuid,
    pub value: Option<u32>,
    pub origin: Origin,
    pub reason: NotPlacedReason,
}

/// What the preference run did.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct PreferenceOutcome {
    /// Highest value first.
    pub placed: Vec<PlacedPair>,
    pub not_placed: Vec<PairNotPlaced>,
}

/// What a pair's meetings at the fair say about making it a new one.
enum Standing {
    New,
    Skip,
    Blocked(NotPlacedReason),
}

fn standing(statuses: Option<&Vec<MeetingStatus>>) -> Standing {
    use MeetingStatus::*;
    let Some(statuses) = statuses else {
        return Standing::New;
    };
    if statuses
        .iter()
        .any(|s| matches!(s, Accepted | Scheduled | Held | NoShow))
    {
        Standing::Skip
    } else if statuses.contains(&Requested) {
        Standing::Blocked(NotPlacedReason::AwaitingAnswer)
    } else {
        Standing::Blocked(NotPlacedReason::Declined)
    }
}

fn id(text: &str) -> Result<Uuid, ApiError> {
    parse_id(text)
}

/// Runs the preference scheduler over the fair and writes what it placed; also answers the
/// ids of the meetings a re-plan moved.
pub fn run(
    conn: &mut DbConn,
    actor: Uuid,
    event_id: &str,
    replan: bool,
) -> Result<(Timetable, PreferenceOutcome, Vec<String>), ApiError> {
    let base = timetable::load(conn, event_id, replan)?;
    let wishes = pair_wishes(conn, event_id)?;
    let levels = |c: &str, b: &str| -> (Option<Level>, Option<Level>) {
        wishes
            .get(&(c.to_owned(), b.to_owned()))
            .copied()
            .unwrap_or_default()
    };
    let mut statuses: BTreeMap<(String, String), Vec<MeetingStatus>> = BTreeMap::new();
    for (company, buyer, status) in meetings_store::pairs_at_event(conn, event_id)? {
        statuses.entry((company, buyer)).or_default().push(status);
    }
    let exhibitors: BTreeSet<String> = events_store::list_exhibitors(conn, event_id)?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let registered: BTreeSet<String> = events_store::registered_buyers(conn, event_id)?
        .into_iter()
        .map(|b| b.id)
        .collect();
    let mut outcome = PreferenceOutcome::default();
    let mut rows: Vec<MeetingRow> = base.requests.clone();
    let now = db::now();
    let mut new_rows = Vec::new();
    for ((company, buyer), (c, b)) in &wishes {
        if !wishes::mutual(*c, *b) || !exhibitors.contains(company) || !registered.contains(buyer) {
            continue;
        }
        match standing(statuses.get(&(company.clone(), buyer.clone()))) {
            Standing::Skip => {}
            Standing::Blocked(reason) => outcome.not_placed.push(PairNotPlaced {
                meeting_id: None,
                company_id: id(company)?,
                buyer_id: id(buyer)?,
                value: wishes::value(*c, *b),
                origin: Origin::of(*c, *b),
                reason,
            }),
            Standing::New => new_rows.push(MeetingRow {
                id: db::new_id(),
                event_id: event_id.to_owned(),
                company_id: company.clone(),
                buyer_id: buyer.clone(),
                capability_id: None,
                requested_by: actor.to_string(),
                message: "Matched from both sides' wishes before the fair".to_owned(),
                languages_needed: "[]".to_owned(),
                status: MeetingStatus::Accepted,
                slot_id: None,
                table_id: None,
                interpreter_id: None,
                mode: Default::default(),
                join_url: None,
                held_at: None,
                created_at: now,
                updated_at: now,
                initiated_by: Initiator::Desk,
            }),
        }
    }
    let existing = rows.len();
    let (_, offered) = timetable::interpreter_pairs(&base.interpreters)?;
    let mut pending = base.input.requests.clone();
    pending.extend(timetable::pending(conn, &new_rows, &offered)?);
    rows.extend(new_rows);
    let candidates: Vec<Candidate<Uuid, Uuid, timetable::Pair>> = rows
        .iter()
        .zip(pending)
        .map(|(row, meeting)| {
            let (c, b) = levels(&row.company_id, &row.buyer_id);
            Candidate {
                meeting,
                value: wishes::value(c, b),
            }
        })
        .collect();
    let plan = schedule_by_preference(&base.input, &candidates)
        .map_err(|e| ApiError::internal(format!("the timetable is inconsistent: {e:?}")))?;
    for (candidate, _) in plan.placed() {
        if candidate >= existing {
            create(conn, actor, &rows[candidate])?;
        }
    }
    let ordered = Timetable {
        slots: base.slots.clone(),
        tables: base.tables.clone(),
        interpreters: base.interpreters.clone(),
        requests: plan.order.iter().map(|&i| rows[i].clone()).collect(),
        movable: base.movable.clone(),
        input: base.input.clone(),
    };
    let moved = timetable::apply(conn, actor, &ordered, &plan.schedule)?;
    for (candidate, _) in plan.placed() {
        let row = &rows[candidate];
        let (c, b) = levels(&row.company_id, &row.buyer_id);
        outcome.placed.push(PlacedPair {
            meeting_id: id(&row.id)?,
            company_id: id(&row.company_id)?,
            buyer_id: id(&row.buyer_id)?,
            value: wishes::value(c, b).unwrap_or(0),
            origin: Origin::of(c, b),
            created: candidate >= existing,
        });
    }
    let left_out = plan
        .schedule
        .unscheduled
        .iter()
        .map(|u| (plan.order[u.request], NotPlacedReason::from(u.reason)))
        .chain(
            plan.ruled_out
                .iter()
                .map(|&i| (i, NotPlacedReason::NoThanks)),
        );
    for (candidate, reason) in left_out {
        let row = &rows[candidate];
        let (c, b) = levels(&row.company_id, &row.buyer_id);
        outcome.not_placed.push(PairNotPlaced {
            meeting_id: (candidate < existing).then(|| id(&row.id)).transpose()?,
            company_id: id(&row.company_id)?,
            buyer_id: id(&row.buyer_id)?,
            value: wishes::value(c, b),
            origin: Origin::of(c, b),
            reason,
        });
    }
    outcome.placed.sort_by_key(|p| std::cmp::Reverse(p.value));
    outcome.not_placed.sort_by(|x, y| {
        y.value
            .cmp(&x.value)
            .then((x.company_id, x.buyer_id).cmp(&(y.company_id, y.buyer_id)))
    });
    Ok((ordered, outcome, moved))
}

/// Writes a meeting the run made from both sides' wishes: asked by the desk, accepted.
fn create(conn: &mut DbConn, actor: Uuid, row: &MeetingRow) -> Result<(), ApiError> {
    meetings_store::insert_meeting(conn, row)?;
    let actor = actor.to_string();
    let note = Some("from both sides' wishes");
    meetings_store::record_transition(
        conn,
        &row.id,
        None,
        MeetingStatus::Accepted,
        &actor,
        note,
        row.created_at,
    )?;
    audit::Change::new(actor, "create:by_preference", Entity::Meeting, &row.id)
        .after(row)
        .record(conn)?;
    Ok(())
}
