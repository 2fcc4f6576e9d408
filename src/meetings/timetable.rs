//! The auto-scheduler's way in and out of the database. [`load`] reads a trade fair's
//! slots, tables, interpreters, waiting requests, placed meetings and blocks and numbers
//! them for the pure [`scheduler`](super::scheduler); [`apply`] writes its answer back, one
//! audited transition per placed meeting. The language rule between the two sides
//! ([`interpreter_need`]) is pure.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::lifecycle::MeetingStatus;
use super::scheduler::{
    self, Assignment, BookedMeeting, Interpreter, Limits, MovableMeeting, PendingMeeting, Schedule,
};
use super::store::{self as meetings_store, MeetingRow};
use super::venue::Venue;
use crate::audit::{self, Entity};
use crate::db::{self, decode_list, parse_id, DbConn};
use crate::error::ApiError;
use crate::events::store::{self as events_store, Block, InterpreterRow, SlotRow, TableRow};
use crate::events::EventKind;
use crate::i18n::Msg;

/// An interpreter language need: the two languages to bridge, in order.
pub type Pair = (String, String);

/// What the scheduler places over, as the scheduler's input.
pub type Input = scheduler::ScheduleInput<Uuid, Uuid, Pair>;

/// A fair's timetable as loaded: the rows the scheduler's positions refer to, and its input.
#[derive(Debug)]
pub struct Timetable {
    pub slots: Vec<SlotRow>,
    pub tables: Vec<TableRow>,
    pub interpreters: Vec<InterpreterRow>,
    /// Accepted requests waiting for a place, oldest first: `input.requests` in order.
    pub requests: Vec<MeetingRow>,
    /// With re-plan: the scheduled meetings the run may move, `input.movable` in order.
    pub movable: Vec<MeetingRow>,
    pub input: Input,
}

impl Timetable {
    /// The scheduler's answer over this timetable.
    pub fn schedule(&self) -> Result<Schedule, ApiError> {
        scheduler::schedule(&self.input)
            .map_err(|e| ApiError::internal(format!("the timetable is inconsistent: {e:?}")))
    }
}

/// The pair written in order, so that `(en, ja)` and `(ja, en)` are one need.
fn ordered(a: &str, b: &str) -> Pair {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// The language pair an interpreter must bridge, if the two sides share no language: one
/// an interpreter of the fair offers if there is one. A side with no languages on record is
/// taken to need none.
pub fn interpreter_need(
    company: &[String],
    buyer: &[String],
    offered: &BTreeSet<Pair>,
) -> Option<Pair> {
    if company.is_empty() || buyer.is_empty() || company.iter().any(|l| buyer.contains(l)) {
        return None;
    }
    let all: Vec<Pair> = company
        .iter()
        .flat_map(|c| buyer.iter().map(move |b| ordered(c, b)))
        .collect();
    all.iter()
        .find(|p| offered.contains(*p))
        .or(all.first())
        .cloned()
}

/// Each interpreter bridges every pair of the languages it speaks; also every pair offered.
pub fn interpreter_pairs(
    rows: &[InterpreterRow],
) -> Result<(Vec<Interpreter<Pair>>, BTreeSet<Pair>), ApiError> {
    let mut interpreters = Vec::new();
    let mut offered = BTreeSet::new();
    for row in rows {
        let languages = decode_list(&row.languages)?;
        let mut pairs = Vec::new();
        for (i, a) in languages.iter().enumerate() {
            for b in languages.iter().skip(i + 1) {
                let pair = ordered(a, b);
                offered.insert(pair.clone());
                pairs.push(pair);
            }
        }
        interpreters.push(Interpreter { languages: pairs });
    }
    Ok((interpreters, offered))
}

fn languages_by_id(rows: Vec<(String, String)>) -> Result<BTreeMap<String, Vec<String>>, ApiError> {
    rows.into_iter()
        .map(|(id, languages)| Ok((id, decode_list(&languages)?)))
        .collect()
}

/// The requests with the language each needs bridged: the buyer's stated needs, else its
/// organisation's languages, against the company's.
pub fn pending(
    conn: &mut DbConn,
    requests: &[MeetingRow],
    offered: &BTreeSet<Pair>,
) -> Result<Vec<PendingMeeting<Uuid, Uuid, Pair>>, ApiError> {
    let company_ids: Vec<String> = requests.iter().map(|m| m.company_id.clone()).collect();
    let buyer_ids: Vec<String> = requests.iter().map(|m| m.buyer_id.clone()).collect();
    let company_languages = languages_by_id(meetings_store::company_languages(conn, company_ids)?)?;
    let buyer_languages = languages_by_id(meetings_store::buyer_languages(conn, buyer_ids)?)?;
    let none = Vec::new();
    requests
        .iter()
        .map(|m| {
            let needed = decode_list(&m.languages_needed)?;
            let buyer_side = if needed.is_empty() {
                buyer_languages.get(&m.buyer_id).unwrap_or(&none)
            } else {
                &needed
            };
            let company_side = company_languages.get(&m.company_id).unwrap_or(&none);
            Ok(PendingMeeting {
                company: parse_id(&m.company_id)?,
                buyer: parse_id(&m.buyer_id)?,
                language: interpreter_need(company_side, buyer_side, offered),
            })
        })
        .collect()
}

/// Positions of rows by id.
fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// The meetings already placed, by position; they stay where they are.
fn booked(
    placed: &[MeetingRow],
    slot_index: &BTreeMap<&str, usize>,
    table_index: &BTreeMap<&str, usize>,
    interpreter_index: &BTreeMap<&str, usize>,
) -> Result<Vec<BookedMeeting<Uuid, Uuid>>, ApiError> {
    let mut booked = Vec::new();
    for m in placed {
        // An online meeting (no table) still holds its company, buyer and interpreter.
        let Some(slot) = m.slot_id.as_deref() else {
            continue;
        };
        booked.push(BookedMeeting {
            slot: *slot_index
                .get(slot)
                .ok_or_else(|| ApiError::internal("a meeting's slot is not its event's"))?,
            company: parse_id(&m.company_id)?,
            buyer: parse_id(&m.buyer_id)?,
            table: m
                .table_id
                .as_deref()
                .map(|table| {
                    table_index
                        .get(table)
                        .copied()
                        .ok_or_else(|| ApiError::internal("a meeting's table is not its event's"))
                })
                .transpose()?,
            interpreter: m
                .interpreter_id
                .as_deref()
                .and_then(|i| interpreter_index.get(i).copied()),
        });
    }
    Ok(booked)
}

/// Who is unavailable in which slot: `(company, slot)` and `(buyer, slot)`.
type Unavailable = (Vec<(Uuid, usize)>, Vec<(Uuid, usize)>);

fn unavailable(
    blocks: Vec<Block>,
    slot_index: &BTreeMap<&str, usize>,
) -> Result<Unavailable, ApiError> {
    let mut company_unavailable = Vec::new();
    let mut buyer_unavailable = Vec::new();
    for block in blocks {
        let Some(index) = slot_index.get(block.slot_id.as_str()).copied() else {
            continue;
        };
        if let Some(company) = block.company_id {
            company_unavailable.push((parse_id(&company)?, index));
        }
        if let Some(buyer) = block.buyer_id {
            buyer_unavailable.push((parse_id(&buyer)?, index));
        }
    }
    Ok((company_unavailable, buyer_unavailable))
}

/// Positions of rows by id.
type Positions<'a> = BTreeMap<&'a str, usize>;

/// Positions of the slots, tables and interpreters.
type Indexes<'a, 'b> = (&'b Positions<'a>, &'b Positions<'a>, &'b Positions<'a>);

/// What stays (booked), and the rows and scheduler's input of what may move.
type Split = (
    Vec<MeetingRow>,
    Vec<MeetingRow>,
    Vec<MovableMeeting<Uuid, Uuid, Pair>>,
);

/// The placed meetings split into those that stay (booked) and, with `replan`, those the run
/// may move: scheduled at a table, not started, their slot not begun, and with an
/// interpreter exactly when they need one, who speaks the language. Oldest first.
fn movable(
    conn: &mut DbConn,
    event_id: &str,
    replan: bool,
    placed: Vec<MeetingRow>,
    interpreters: &[Interpreter<Pair>],
    offered: &BTreeSet<Pair>,
    index: Indexes<'_, '_>,
) -> Result<Split, ApiError> {
    if !replan {
        return Ok((placed, Vec::new(), Vec::new()));
    }
    let ids: BTreeSet<String> = meetings_store::movable_ids(conn, event_id, db::now())?
        .into_iter()
        .collect();
    let (mut candidates, mut fixed): (Vec<MeetingRow>, Vec<MeetingRow>) =
        placed.into_iter().partition(|m| ids.contains(&m.id));
    candidates.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let needs = pending(conn, &candidates, offered)?;
    let (slot_index, table_index, interpreter_index) = index;
    let mut rows = Vec::new();
    let mut movable = Vec::new();
    for (row, meeting) in candidates.into_iter().zip(needs) {
        let at = |index: &BTreeMap<&str, usize>, id: &Option<String>| {
            id.as_deref().and_then(|id| index.get(id).copied())
        };
        let slot = at(slot_index, &row.slot_id);
        let table = at(table_index, &row.table_id);
        let interpreter = at(interpreter_index, &row.interpreter_id);
        let seated = match (&meeting.language, interpreter) {
            (None, None) => row.interpreter_id.is_none(),
            (Some(pair), Some(k)) => interpreters[k].languages.contains(pair),
            _ => false,
        };
        match (slot, table) {
            (Some(slot), Some(table)) if seated => {
                movable.push(MovableMeeting {
                    meeting,
                    slot,
                    table,
                    interpreter,
                });
                rows.push(row);
            }
            _ => fixed.push(row),
        }
    }
    Ok((fixed, rows, movable))
}

/// Movable meetings whose company or buyer has since blocked their slot stay where they
/// are (booked): the scheduler only moves what stands where it may.
fn fix_blocked(
    company_unavailable: &[(Uuid, usize)],
    buyer_unavailable: &[(Uuid, usize)],
    placed: &mut Vec<MeetingRow>,
    rows: &mut Vec<MeetingRow>,
    movable: &mut Vec<MovableMeeting<Uuid, Uuid, Pair>>,
) {
    let companies: BTreeSet<&(Uuid, usize)> = company_unavailable.iter().collect();
    let buyers: BTreeSet<&(Uuid, usize)> = buyer_unavailable.iter().collect();
    let mut kept = Vec::new();
    let mut kept_rows = Vec::new();
    for (meeting, row) in movable.drain(..).zip(rows.drain(..)) {
        let m = &meeting.meeting;
        if companies.contains(&(m.company, meeting.slot))
            || buyers.contains(&(m.buyer, meeting.slot))
        {
            placed.push(row);
        } else {
            kept.push(meeting);
            kept_rows.push(row);
        }
    }
    *movable = kept;
    *rows = kept_rows;
}

/// Reads a trade fair's timetable for the scheduler; other events have none (409). With
/// `replan`, the scheduled meetings that have not begun are the scheduler's to move.
pub fn load(conn: &mut DbConn, event_id: &str, replan: bool) -> Result<Timetable, ApiError> {
    let event = events_store::find_event(conn, event_id)?;
    if event.kind != EventKind::TradeFair {
        return Err(ApiError::Conflict(Msg::OnlyFairsTimetable));
    }
    let slots = events_store::list_slots(conn, event_id)?;
    let tables = events_store::list_tables(conn, event_id)?;
    let interpreter_rows = events_store::list_interpreters(conn, event_id)?;
    let requests = meetings_store::accepted_unscheduled(conn, event_id)?;
    let placed = meetings_store::placed(conn, event_id)?;
    let (interpreters, offered) = interpreter_pairs(&interpreter_rows)?;
    let pending = pending(conn, &requests, &offered)?;
    let slot_index = index_of(slots.iter().map(|s| s.id.as_str()));
    let table_index = index_of(tables.iter().map(|t| t.id.as_str()));
    let interpreter_index = index_of(interpreter_rows.iter().map(|i| i.id.as_str()));
    let index = (&slot_index, &table_index, &interpreter_index);
    let (company_unavailable, buyer_unavailable) =
        unavailable(events_store::all_blocks(conn, event_id)?, &slot_index)?;
    let (mut placed, mut movable_rows, mut movable) = movable(
        conn,
        event_id,
        replan,
        placed,
        &interpreters,
        &offered,
        index,
    )?;
    fix_blocked(
        &company_unavailable,
        &buyer_unavailable,
        &mut placed,
        &mut movable_rows,
        &mut movable,
    );
    let booked = booked(&placed, &slot_index, &table_index, &interpreter_index)?;
    let input = Input {
        slot_count: slots.len(),
        table_count: tables.len(),
        interpreters,
        requests: pending,
        booked,
        movable,
        company_unavailable,
        buyer_unavailable,
        limits: Limits {
            max_meetings_per_company: event
                .max_meetings_per_company
                .and_then(|n| u32::try_from(n).ok()),
            max_meetings_per_buyer: event
                .max_meetings_per_buyer
                .and_then(|n| u32::try_from(n).ok()),
        },
    };
    Ok(Timetable {
        slots,
        tables,
        interpreters: interpreter_rows,
        requests,
        movable: movable_rows,
        input,
    })
}

/// A position the scheduler answered, as an id of the timetable's rows.
fn position(found: Option<&String>) -> Result<&String, ApiError> {
    found.ok_or_else(|| ApiError::internal("the scheduler placed outside the timetable"))
}

/// The ids of an assignment's place in the timetable's rows.
fn place_of<'a>(
    timetable: &'a Timetable,
    assignment: &Assignment,
) -> Result<(&'a String, &'a String, Option<&'a String>), ApiError> {
    let slot = position(timetable.slots.get(assignment.slot).map(|s| &s.id))?;
    let table = position(timetable.tables.get(assignment.table).map(|t| &t.id))?;
    let interpreter = assignment
        .interpreter
        .map(|i| position(timetable.interpreters.get(i).map(|r| &r.id)))
        .transpose()?;
    Ok((slot, table, interpreter))
}

/// A refused write: a manual booking from another request or instance took the place
/// between our read and our write; nothing of this run is kept.
fn booked_meanwhile(e: diesel::result::Error) -> ApiError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ApiError::Conflict(Msg::BookedMeanwhile),
        other => other.into(),
    }
}

/// Writes `meeting` scheduled at `assignment`'s place, audited as `action`.
fn write_place(
    conn: &mut DbConn,
    (actor, action, now): (&str, &str, chrono::NaiveDateTime),
    timetable: &Timetable,
    meeting: &MeetingRow,
    assignment: &Assignment,
) -> Result<(), ApiError> {
    let (slot, table, interpreter) = place_of(timetable, assignment)?;
    let venue = Venue::Table(table.clone());
    let place = (slot.as_str(), &venue, interpreter.map(String::as_str));
    let note = if action == "schedule:replan" {
        "auto-scheduler, re-plan"
    } else {
        "auto-scheduler"
    };
    meetings_store::set_status(
        conn,
        meeting,
        MeetingStatus::Scheduled,
        Some(place),
        None,
        actor,
        Some(note),
        now,
    )
    .map_err(booked_meanwhile)?;
    let after = meetings_store::find_meeting(conn, &meeting.id)?;
    audit::Change::new(actor, action, Entity::Meeting, &meeting.id)
        .before(meeting)
        .after(&after)
        .record(conn)?;
    Ok(())
}

/// Writes the scheduler's placements: each movable meeting whose place changed moved
/// there (a scheduled → scheduled transition: the "moved" mail, a higher iCalendar
/// SEQUENCE, the webhook), then each request scheduled in its place, all audited as the
/// auto-scheduler's. Movable meetings left where they were are not touched. Nothing is kept
/// if a place was taken meanwhile (409: run again). Answers the ids of the moved meetings.
pub fn apply(
    conn: &mut DbConn,
    actor: Uuid,
    timetable: &Timetable,
    plan: &Schedule,
) -> Result<Vec<String>, ApiError> {
    let now = db::now();
    let actor = actor.to_string();
    let mut moved = Vec::new();
    for assignment in &plan.movable {
        let meeting = timetable
            .movable
            .get(assignment.request)
            .ok_or_else(|| ApiError::internal("the scheduler moved an unknown meeting"))?;
        let (slot, table, interpreter) = place_of(timetable, assignment)?;
        let same = meeting.slot_id.as_ref() == Some(slot)
            && meeting.table_id.as_ref() == Some(table)
            && meeting.interpreter_id.as_ref() == interpreter;
        if !same {
            moved.push((meeting, assignment));
        }
    }
    let lifted: Vec<&str> = moved.iter().map(|(m, _)| m.id.as_str()).collect();
    meetings_store::lift(conn, &lifted)?;
    for (meeting, assignment) in &moved {
        let by = (actor.as_str(), "schedule:replan", now);
        write_place(conn, by, timetable, meeting, assignment)?;
    }
    for assignment in &plan.assignments {
        let meeting = timetable
            .requests
            .get(assignment.request)
            .ok_or_else(|| ApiError::internal("the scheduler placed an unknown request"))?;
        let by = (actor.as_str(), "schedule:auto", now);
        write_place(conn, by, timetable, meeting, assignment)?;
    }
    Ok(moved.into_iter().map(|(m, _)| m.id.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    fn offered(pairs: &[(&str, &str)]) -> BTreeSet<Pair> {
        pairs.iter().map(|(a, b)| ordered(a, b)).collect()
    }

    #[test]
    fn sides_sharing_a_language_need_no_interpreter() {
        let need = interpreter_need(&langs(&["ja", "en"]), &langs(&["en", "th"]), &offered(&[]));
        assert_eq!(need, None);
    }

    #[test]
    fn a_side_with_no_languages_on_record_needs_no_interpreter() {
        assert_eq!(interpreter_need(&[], &langs(&["th"]), &offered(&[])), None);
        assert_eq!(interpreter_need(&langs(&["ja"]), &[], &offered(&[])), None);
    }

    #[test]
    fn the_need_is_a_pair_an_interpreter_of_the_fair_offers() {
        let need = interpreter_need(
            &langs(&["ja", "en"]),
            &langs(&["th"]),
            &offered(&[("th", "en")]),
        );
        assert_eq!(need, Some(ordered("en", "th")));
    }

    #[test]
    fn without_an_offered_pair_the_first_one_is_asked_for() {
        let need = interpreter_need(&langs(&["ja"]), &langs(&["th", "vi"]), &offered(&[]));
        assert_eq!(need, Some(ordered("ja", "th")));
    }
}
