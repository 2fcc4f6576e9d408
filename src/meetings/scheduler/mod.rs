//! The auto-scheduler of a trade fair: which accepted meeting requests meet in which slot, at
//! which table and with which interpreter, and why the others could not be placed.
//!
//! Pure logic over positions. The caller numbers the fair's slots (in time order), tables and
//! interpreters by their index in its own lists, passes companies, buyers and languages as
//! any ordered key (database ids will do), and maps the answer back. Meetings already
//! scheduled are passed as [`BookedMeeting`]s: they stay where they are and count toward the
//! limits, so re-running over a fair fills what cancellations freed.
//!
//! # How
//!
//! Placing meetings colours the edges of the company–buyer graph with slots: a company or a
//! buyer uses a slot at most once, some slots are forbidden to some of them, and a slot holds
//! at most one meeting per table and one interpreted meeting per interpreter of the right
//! language. Taking the first free slot for each request in turn strands requests that would
//! fit if an earlier meeting moved (the tests show one). So requests are taken in priority
//! order and each goes to a slot where it fits, the emptiest one to keep room everywhere.
//! When none is left, a depth-first search looks for a chain of moves: the request takes a
//! slot by pushing out the one meeting in its way (same company, same buyer, the last table,
//! or the interpreter it needs); that meeting moves to another slot, pushing out at most one
//! more, and so on until one lands where it fits. For a company–buyer clash this is the
//! alternating-path (Kempe chain) recolouring of edge colouring; for tables it carries a free
//! table to where it is needed. Iterative deepening finds short chains first and a budget per
//! request bounds the run time; requests that no rearrangement can help (limit reached, no
//! free slot, table or interpreter seat left anywhere) are answered without searching.
//!
//! Priority is strict: placed meetings move but are never dropped, so an earlier request
//! never loses its place to a later one, even where dropping it would let two later ones in.
//! That costs a little only when interpreters are scarcer than interpreted requests: an
//! early interpreted meeting keeps its company's last place while a later one without
//! interpreter could have had it and the interpreter gone to another company.
//!
//! Interpreters of a slot are a bipartite matching of interpreted meetings to interpreters
//! who speak the language, kept by augmenting paths as meetings come and go. Tables are
//! interchangeable and numbered at the end: lowest free table first, in request order.

pub mod preference;

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

/// An interpreter of the fair and the languages they interpret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreter<L> {
    pub languages: Vec<L>,
}

/// An accepted request that has no slot yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMeeting<C, B, L> {
    pub company: C,
    pub buyer: B,
    /// The language the meeting needs an interpreter for; `None` when company and buyer
    /// share a language.
    pub language: Option<L>,
}

/// A meeting already in the schedule (scheduled or held). It is not moved, it occupies its
/// company, buyer, table (none online) and interpreter in its slot, and it counts toward
/// the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedMeeting<C, B> {
    pub slot: usize,
    pub company: C,
    pub buyer: B,
    pub table: Option<usize>,
    pub interpreter: Option<usize>,
}

/// A meeting already scheduled at a table that a re-plan may move to another slot, table or
/// interpreter (its slot has not begun, it has not started). It starts where it is, counts
/// toward the limits, and is moved only to make room for a request; it is never dropped.
/// Left where it is, it keeps its table and interpreter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovableMeeting<C, B, L> {
    pub meeting: PendingMeeting<C, B, L>,
    pub slot: usize,
    pub table: usize,
    /// Set exactly when `meeting.language` is; the interpreter speaks it.
    pub interpreter: Option<usize>,
}

/// The event's limits on meetings per participant, booked meetings included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub max_meetings_per_company: Option<u32>,
    pub max_meetings_per_buyer: Option<u32>,
}

/// Everything the scheduler looks at. Slots, tables and interpreters are positions: slot `i`
/// is the fair's `i`-th slot in time order, table `t` its `t`-th table, interpreter `k` the
/// `k`-th of `interpreters`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleInput<C, B, L> {
    pub slot_count: usize,
    pub table_count: usize,
    pub interpreters: Vec<Interpreter<L>>,
    /// In priority order: when not all fit, earlier requests win.
    pub requests: Vec<PendingMeeting<C, B, L>>,
    pub booked: Vec<BookedMeeting<C, B>>,
    /// Scheduled meetings a re-plan may move; empty unless re-planning.
    pub movable: Vec<MovableMeeting<C, B, L>>,
    /// `(company, slot)`: the company is not available in that slot.
    pub company_unavailable: Vec<(C, usize)>,
    /// `(buyer, slot)`: the buyer is not available in that slot.
    pub buyer_unavailable: Vec<(B, usize)>,
    pub limits: Limits,
}

/// Where a request meets: positions as in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    /// The request's index in [`ScheduleInput::requests`].
    pub request: usize,
    pub slot: usize,
    pub table: usize,
    /// Set exactly when the request needs a language; the interpreter speaks it.
    pub interpreter: Option<usize>,
}

/// Why a request was left without a slot, as things stood when its turn came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnscheduledReason {
    /// The company already has the event's maximum number of meetings.
    CompanyLimitReached,
    /// The buyer already has the event's maximum number of meetings.
    BuyerLimitReached,
    /// No slot in which both the company and the buyer are available and free, even after
    /// moving other meetings.
    NoCommonFreeSlot,
    /// Both are free in some slots, but every table is taken there.
    NoTable,
    /// Both are free in a slot with a table, but no interpreter of the language is free
    /// then, or none speaks it at all.
    NoInterpreter,
}

/// A request the scheduler could not place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unscheduled {
    pub request: usize,
    pub reason: UnscheduledReason,
}

/// The scheduler's answer. Every request is in exactly one of the lists, each sorted by
/// request index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub assignments: Vec<Assignment>,
    pub unscheduled: Vec<Unscheduled>,
    /// Where each movable meeting ends up, one per [`ScheduleInput::movable`] in order
    /// (`request` is its index there): where it was unless it moved to make room.
    pub movable: Vec<Assignment>,
}

impl Schedule {
    pub fn scheduled_count(&self) -> usize {
        self.assignments.len()
    }

    pub fn unscheduled_count(&self) -> usize {
        self.unscheduled.len()
    }

    /// How many requests were left out for each reason.
    pub fn reason_counts(&self) -> BTreeMap<UnscheduledReason, usize> {
        let mut counts = BTreeMap::new();
        for left_out in &self.unscheduled {
            *counts.entry(left_out.reason).or_insert(0) += 1;
        }
        counts
    }
}

/// Input the scheduler refuses because it contradicts itself. The database's constraints
/// make these impossible for data read from it, so they indicate a bug in the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("booked meeting {index} refers to a slot, table or interpreter that does not exist")]
    BookedOutOfRange { index: usize },
    #[error("an unavailability refers to slot {slot}, which does not exist")]
    UnavailableOutOfRange { slot: usize },
    #[error("movable meeting {index} cannot be where it is said to be")]
    MovableNotPlaceable { index: usize },
    #[error("booked meetings {first} and {second} share a {resource} in slot {slot}")]
    DoubleBooked {
        first: usize,
        second: usize,
        slot: usize,
        resource: &'static str,
    },
}

/// Moves tried per request before giving up on it. Chains found in practice are short; the
/// budget only stops hopeless requests from searching every rearrangement of a full fair.
const SEARCH_BUDGET: usize = 400;

/// Chain lengths tried in turn, so that short rearrangements are found (and preferred) first.
const SEARCH_DEPTHS: [usize; 7] = [1, 2, 3, 4, 6, 9, 14];

/// Schedules the requests in priority order: each is placed if some rearrangement of those
/// placed before it makes room, else left out with the reason. Deterministic: the same input
/// gives the same answer.
pub fn schedule<C: Copy + Ord, B: Copy + Ord, L: Ord>(
    input: &ScheduleInput<C, B, L>,
) -> Result<Schedule, ScheduleError> {
    let mut fair = Fair::new(input)?;
    let mut unscheduled = Vec::new();
    for request in 0..input.requests.len() {
        if let Err(reason) = fair.insert(request) {
            unscheduled.push(Unscheduled { request, reason });
        }
    }
    let mut assignments = fair.assignments();
    let movable =
        assignments.split_off(assignments.partition_point(|a| a.request < input.requests.len()));
    Ok(Schedule {
        assignments,
        unscheduled,
        movable: movable
            .into_iter()
            .map(|a| Assignment {
                request: a.request - input.requests.len(),
                ..a
            })
            .collect(),
    })
}

/// Who holds a company's, buyer's or interpreter's place in one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Free,
    /// Unavailable, or taken by a booked meeting: never moves.
    Fixed,
    /// Taken by this request, which may be moved.
    Request(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interpretation {
    NotNeeded,
    Language(usize),
    /// Nobody at the fair speaks the language.
    Unavailable,
}

/// A request in dense numbers.
#[derive(Debug, Clone, Copy)]
struct Job {
    company: usize,
    buyer: usize,
    interpretation: Interpretation,
}

/// The working state: who is where, slot by slot.
struct Fair {
    slots: usize,
    tables: usize,
    interpreters: usize,
    jobs: Vec<Job>,
    company_limit: usize,
    buyer_limit: usize,
    /// Per language, the interpreters who speak it, in input order.
    speakers: Vec<Vec<usize>>,
    /// Interpreters linked by a language they share, and the languages they speak, form a
    /// group: an interpreted meeting only ever sits with an interpreter of its language's
    /// group, wherever it moves. Group ids per interpreter and per language.
    interpreter_group: Vec<usize>,
    language_group: Vec<usize>,
    /// Per group, seats (interpreter and slot) not yet taken.
    free_seats: Vec<usize>,
    /// `company * slots + slot`.
    company_cells: Vec<Cell>,
    /// `buyer * slots + slot`.
    buyer_cells: Vec<Cell>,
    /// `slot * interpreters + interpreter`.
    interpreter_cells: Vec<Cell>,
    /// Meetings per slot, booked ones included.
    load: Vec<usize>,
    /// Placed requests per slot.
    members: Vec<Vec<usize>>,
    slot_of: Vec<Option<usize>>,
    company_meetings: Vec<usize>,
    buyer_meetings: Vec<usize>,
    free_tables: usize,
    /// Tables of booked meetings, `slot * tables + table`.
    booked_tables: Vec<bool>,
    /// Per job, the slot and table a movable meeting started in.
    home: Vec<Option<(usize, usize)>>,
    search: Search,
}

/// Scratch space of the chain search, reused across requests.
struct Search {
    /// A request is moved at most once per search round: `moved[r] == round`.
    moved: Vec<u32>,
    round: u32,
    budget: usize,
    /// Interpreter rows saved before a tentative move, restored when it is undone.
    saved_rows: Vec<Cell>,
    /// Copy of a row for trying a seat without taking it.
    trial_row: Vec<Cell>,
    /// Interpreters visited by one augmenting-path search.
    visited: Vec<bool>,
}

impl Fair {
    fn new<C: Copy + Ord, B: Copy + Ord, L: Ord>(
        input: &ScheduleInput<C, B, L>,
    ) -> Result<Self, ScheduleError> {
        let (languages, speakers) = speakers_of(&input.interpreters);
        // Dense numbers in order of first appearance: deterministic for a given input.
        let mut companies = Numbering::default();
        let mut buyers = Numbering::default();
        let jobs: Vec<Job> = input
            .requests
            .iter()
            .chain(input.movable.iter().map(|m| &m.meeting))
            .map(|request| Job {
                company: companies.id(request.company),
                buyer: buyers.id(request.buyer),
                interpretation: match &request.language {
                    None => Interpretation::NotNeeded,
                    Some(language) => languages
                        .get(language)
                        .map_or(Interpretation::Unavailable, |&id| {
                            Interpretation::Language(id)
                        }),
                },
            })
            .collect();
        let booked: Vec<(usize, usize)> = input
            .booked
            .iter()
            .map(|meeting| (companies.id(meeting.company), buyers.id(meeting.buyer)))
            .collect();
        let company_unavailable: Vec<(usize, usize)> = input
            .company_unavailable
            .iter()
            .map(|&(company, slot)| (companies.id(company), slot))
            .collect();
        let buyer_unavailable: Vec<(usize, usize)> = input
            .buyer_unavailable
            .iter()
            .map(|&(buyer, slot)| (buyers.id(buyer), slot))
            .collect();
        let mut fair = Fair::empty(input, speakers, jobs, companies.len(), buyers.len());
        fair.mark_unavailable(&company_unavailable, &buyer_unavailable)?;
        fair.book(input, &booked)?;
        fair.place_movable(input)?;
        Ok(fair)
    }

    /// A fair with nothing placed, booked or blocked yet.
    fn empty<C, B, L>(
        input: &ScheduleInput<C, B, L>,
        speakers: Vec<Vec<usize>>,
        jobs: Vec<Job>,
        company_count: usize,
        buyer_count: usize,
    ) -> Self {
        let slots = input.slot_count;
        let tables = input.table_count;
        let interpreters = input.interpreters.len();
        let interpreter_group = interpreter_groups(&speakers, interpreters);
        let language_group = speakers
            .iter()
            .map(|group| group.first().map_or(0, |&k| interpreter_group[k]))
            .collect();
        let mut free_seats = vec![0; interpreters];
        for &group in &interpreter_group {
            free_seats[group] += slots;
        }
        Fair {
            slots,
            tables,
            interpreters,
            company_limit: limit(input.limits.max_meetings_per_company),
            buyer_limit: limit(input.limits.max_meetings_per_buyer),
            speakers,
            interpreter_group,
            language_group,
            free_seats,
            company_cells: vec![Cell::Free; company_count * slots],
            buyer_cells: vec![Cell::Free; buyer_count * slots],
            interpreter_cells: vec![Cell::Free; slots * interpreters],
            load: vec![0; slots],
            members: vec![Vec::new(); slots],
            slot_of: vec![None; jobs.len()],
            company_meetings: vec![0; company_count],
            buyer_meetings: vec![0; buyer_count],
            free_tables: slots * tables,
            booked_tables: vec![false; slots * tables],
            home: vec![None; jobs.len()],
            search: Search {
                moved: vec![0; jobs.len()],
                round: 0,
                budget: 0,
                saved_rows: Vec::new(),
                trial_row: Vec::new(),
                visited: vec![false; interpreters],
            },
            jobs,
        }
    }

    /// Blocks the slots in which a company or a buyer (dense numbers) is not available.
    fn mark_unavailable(
        &mut self,
        company_unavailable: &[(usize, usize)],
        buyer_unavailable: &[(usize, usize)],
    ) -> Result<(), ScheduleError> {
        let slots = self.slots;
        for &(company, slot) in company_unavailable {
            if slot >= slots {
                return Err(ScheduleError::UnavailableOutOfRange { slot });
            }
            self.company_cells[company * slots + slot] = Cell::Fixed;
        }
        for &(buyer, slot) in buyer_unavailable {
            if slot >= slots {
                return Err(ScheduleError::UnavailableOutOfRange { slot });
            }
            self.buyer_cells[buyer * slots + slot] = Cell::Fixed;
        }
        Ok(())
    }

    /// Occupies the booked meetings' places, refusing contradictory ones.
    fn book<C, B, L>(
        &mut self,
        input: &ScheduleInput<C, B, L>,
        booked: &[(usize, usize)],
    ) -> Result<(), ScheduleError> {
        let mut taken: BTreeMap<(&'static str, usize, usize), usize> = BTreeMap::new();
        for (index, (meeting, &(company, buyer))) in input.booked.iter().zip(booked).enumerate() {
            let slot = meeting.slot;
            let interpreter_in_range = meeting
                .interpreter
                .is_none_or(|interpreter| interpreter < self.interpreters);
            let table_in_range = meeting.table.is_none_or(|table| table < self.tables);
            if slot >= self.slots || !table_in_range || !interpreter_in_range {
                return Err(ScheduleError::BookedOutOfRange { index });
            }
            let mut resources = vec![("company", company), ("buyer", buyer)];
            resources.extend(meeting.table.map(|t| ("table", t)));
            resources.extend(meeting.interpreter.map(|k| ("interpreter", k)));
            for (resource, id) in resources {
                if let Some(&first) = taken.get(&(resource, slot, id)) {
                    return Err(ScheduleError::DoubleBooked {
                        first,
                        second: index,
                        slot,
                        resource,
                    });
                }
                taken.insert((resource, slot, id), index);
            }
            self.company_cells[company * self.slots + slot] = Cell::Fixed;
            self.buyer_cells[buyer * self.slots + slot] = Cell::Fixed;
            if let Some(interpreter) = meeting.interpreter {
                self.interpreter_cells[slot * self.interpreters + interpreter] = Cell::Fixed;
                self.free_seats[self.interpreter_group[interpreter]] -= 1;
            }
            // An online meeting takes its participants' slot but no table.
            if let Some(table) = meeting.table {
                self.booked_tables[slot * self.tables + table] = true;
                self.load[slot] += 1;
                self.free_tables -= 1;
            }
            self.company_meetings[company] += 1;
            self.buyer_meetings[buyer] += 1;
        }
        Ok(())
    }

    /// Puts the movable meetings where they are, as placed jobs after the requests, with
    /// their own interpreter; refuses one whose place is out of range, taken or unfit.
    fn place_movable<C, B, L>(
        &mut self,
        input: &ScheduleInput<C, B, L>,
    ) -> Result<(), ScheduleError> {
        let first = input.requests.len();
        let mut homes = vec![false; self.slots * self.tables];
        for (index, meeting) in input.movable.iter().enumerate() {
            let x = first + index;
            let refused = Err(ScheduleError::MovableNotPlaceable { index });
            let (slot, table) = (meeting.slot, meeting.table);
            if slot >= self.slots
                || table >= self.tables
                || self.booked_tables[slot * self.tables + table]
            {
                return refused;
            }
            if std::mem::replace(&mut homes[slot * self.tables + table], true) {
                return refused;
            }
            let job = self.jobs[x];
            let seat = match (job.interpretation, meeting.interpreter) {
                (Interpretation::NotNeeded, None) => None,
                (Interpretation::Language(language), Some(k))
                    if k < self.interpreters
                        && self.speakers[language].contains(&k)
                        && self.interpreter_cells[slot * self.interpreters + k] == Cell::Free =>
                {
                    Some(k)
                }
                _ => return refused,
            };
            let company = job.company * self.slots + slot;
            let buyer = job.buyer * self.slots + slot;
            if self.load[slot] >= self.tables
                || self.company_cells[company] != Cell::Free
                || self.buyer_cells[buyer] != Cell::Free
            {
                return refused;
            }
            if let Some(k) = seat {
                self.interpreter_cells[slot * self.interpreters + k] = Cell::Request(x);
                self.free_seats[self.interpreter_group[k]] -= 1;
            }
            self.company_cells[company] = Cell::Request(x);
            self.buyer_cells[buyer] = Cell::Request(x);
            self.load[slot] += 1;
            self.members[slot].push(x);
            self.slot_of[x] = Some(slot);
            self.home[x] = Some((slot, table));
            self.company_meetings[job.company] += 1;
            self.buyer_meetings[job.buyer] += 1;
            self.free_tables -= 1;
        }
        Ok(())
    }

    /// Places request `x`, moving placed requests if that makes room.
    fn insert(&mut self, x: usize) -> Result<(), UnscheduledReason> {
        let job = self.jobs[x];
        if self.company_meetings[job.company] >= self.company_limit {
            return Err(UnscheduledReason::CompanyLimitReached);
        }
        if self.buyer_meetings[job.buyer] >= self.buyer_limit {
            return Err(UnscheduledReason::BuyerLimitReached);
        }
        // Moves never change how many slots a participant uses, how many tables are taken
        // or how many seats of an interpreter group are taken, so without a free slot for
        // both, a free table and a free seat no search can help.
        let seats = match job.interpretation {
            Interpretation::NotNeeded => None,
            Interpretation::Language(language) => Some(self.language_group[language]),
            Interpretation::Unavailable => return Err(UnscheduledReason::NoInterpreter),
        };
        if seats.is_some_and(|group| self.free_seats[group] == 0) {
            return Err(UnscheduledReason::NoInterpreter);
        }
        let company_free = self.company_cells_of(job.company).contains(&Cell::Free);
        let buyer_free = self.buyer_cells_of(job.buyer).contains(&Cell::Free);
        if !company_free || !buyer_free {
            return Err(UnscheduledReason::NoCommonFreeSlot);
        }
        if self.free_tables == 0 {
            return Err(UnscheduledReason::NoTable);
        }
        let placed = match self.best_direct_slot(x, None) {
            Some(slot) => self.put(x, slot),
            None => self.search_chain(x),
        };
        if !placed {
            return Err(self.diagnose(job));
        }
        self.company_meetings[job.company] += 1;
        self.buyer_meetings[job.buyer] += 1;
        self.free_tables -= 1;
        if let Some(group) = seats {
            self.free_seats[group] -= 1;
        }
        Ok(())
    }

    fn company_cells_of(&self, company: usize) -> &[Cell] {
        &self.company_cells[company * self.slots..(company + 1) * self.slots]
    }

    fn buyer_cells_of(&self, buyer: usize) -> &[Cell] {
        &self.buyer_cells[buyer * self.slots..(buyer + 1) * self.slots]
    }

    /// Why `job` cannot be placed now (after a search found no chain).
    fn diagnose(&self, job: Job) -> UnscheduledReason {
        let companies = self.company_cells_of(job.company);
        let buyers = self.buyer_cells_of(job.buyer);
        let common: Vec<usize> = (0..self.slots)
            .filter(|&slot| companies[slot] == Cell::Free && buyers[slot] == Cell::Free)
            .collect();
        if common.is_empty() {
            UnscheduledReason::NoCommonFreeSlot
        } else if common.iter().all(|&slot| self.load[slot] >= self.tables) {
            UnscheduledReason::NoTable
        } else {
            UnscheduledReason::NoInterpreter
        }
    }

    /// The slot where `x` fits without moving anyone: the one with most free tables, so
    /// that room stays spread over the day; the earliest among equals. `except` is the slot
    /// `x` was just pushed out of.
    fn best_direct_slot(&mut self, x: usize, except: Option<usize>) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for slot in 0..self.slots {
            if Some(slot) == except || !self.fits(x, slot) {
                continue;
            }
            let free = self.tables - self.load[slot];
            if best.is_none_or(|(most, _)| free > most) {
                best = Some((free, slot));
            }
        }
        best.map(|(_, slot)| slot)
    }

    fn fits(&mut self, x: usize, slot: usize) -> bool {
        let job = self.jobs[x];
        self.load[slot] < self.tables
            && self.company_cells[job.company * self.slots + slot] == Cell::Free
            && self.buyer_cells[job.buyer * self.slots + slot] == Cell::Free
            && self.interpreter_free(x, slot)
    }

    /// Whether an interpreter could be found for `x` in `slot`, reseating others if needed.
    fn interpreter_free(&mut self, x: usize, slot: usize) -> bool {
        let Interpretation::Language(language) = self.jobs[x].interpretation else {
            return true;
        };
        let row = slot * self.interpreters..(slot + 1) * self.interpreters;
        self.search.trial_row.clear();
        self.search
            .trial_row
            .extend_from_slice(&self.interpreter_cells[row]);
        self.search.visited.fill(false);
        seat(
            &mut self.search.trial_row,
            x,
            language,
            &self.speakers,
            &self.jobs,
            &mut self.search.visited,
        )
    }

    /// Puts unplaced `x` into `slot` if it fits there; reports whether it did.
    fn put(&mut self, x: usize, slot: usize) -> bool {
        let job = self.jobs[x];
        let company = job.company * self.slots + slot;
        let buyer = job.buyer * self.slots + slot;
        if self.load[slot] >= self.tables
            || self.company_cells[company] != Cell::Free
            || self.buyer_cells[buyer] != Cell::Free
        {
            return false;
        }
        if let Interpretation::Language(language) = job.interpretation {
            let row = slot * self.interpreters..(slot + 1) * self.interpreters;
            self.search.visited.fill(false);
            let seated = seat(
                &mut self.interpreter_cells[row],
                x,
                language,
                &self.speakers,
                &self.jobs,
                &mut self.search.visited,
            );
            if !seated {
                return false;
            }
        }
        self.company_cells[company] = Cell::Request(x);
        self.buyer_cells[buyer] = Cell::Request(x);
        self.load[slot] += 1;
        self.members[slot].push(x);
        self.slot_of[x] = Some(slot);
        true
    }

    /// Takes placed `x` out of its slot.
    fn take_out(&mut self, x: usize, slot: usize) {
        let job = self.jobs[x];
        self.company_cells[job.company * self.slots + slot] = Cell::Free;
        self.buyer_cells[job.buyer * self.slots + slot] = Cell::Free;
        for cell in
            &mut self.interpreter_cells[slot * self.interpreters..(slot + 1) * self.interpreters]
        {
            if *cell == Cell::Request(x) {
                *cell = Cell::Free;
            }
        }
        self.load[slot] -= 1;
        self.members[slot].retain(|&member| member != x);
        self.slot_of[x] = None;
    }

    /// Puts `x` back where `take_out` took it from, with the interpreter row saved at
    /// `saved` (reseating could have moved other meetings' interpreters meanwhile).
    fn put_back(&mut self, x: usize, slot: usize, saved: usize) {
        let job = self.jobs[x];
        self.company_cells[job.company * self.slots + slot] = Cell::Request(x);
        self.buyer_cells[job.buyer * self.slots + slot] = Cell::Request(x);
        let row = slot * self.interpreters..(slot + 1) * self.interpreters;
        self.interpreter_cells[row].copy_from_slice(&self.search.saved_rows[saved..]);
        self.search.saved_rows.truncate(saved);
        self.load[slot] += 1;
        self.members[slot].push(x);
        self.slot_of[x] = Some(slot);
    }

    /// Looks for a chain of moves that makes room for unplaced `x`, shortest chains first.
    fn search_chain(&mut self, x: usize) -> bool {
        self.search.budget = SEARCH_BUDGET;
        let mut placed = false;
        for depth in SEARCH_DEPTHS {
            self.search.round = self.search.round.wrapping_add(1);
            if self.search.round == 0 {
                // After four billion rounds, old marks could look current: clear them.
                self.search.moved.fill(0);
                self.search.round = 1;
            }
            self.search.moved[x] = self.search.round;
            placed = self.chain(x, None, None, depth);
            if placed || self.search.budget == 0 {
                break;
            }
        }
        // A successful chain leaves its saved rows behind; they are no longer needed.
        self.search.saved_rows.clear();
        placed
    }

    /// Places unplaced `x` directly or by pushing one meeting out of a slot and placing that
    /// one in turn, at most `depth` moves deep. `from` is the slot `x` was pushed out of;
    /// `hint` the slot its pusher left, which is where an alternating chain continues.
    fn chain(&mut self, x: usize, from: Option<usize>, hint: Option<usize>, depth: usize) -> bool {
        if let Some(slot) = self.best_direct_slot(x, from) {
            return self.put(x, slot);
        }
        if depth == 0 {
            return false;
        }
        let slots = self.slots;
        let order = hint
            .into_iter()
            .chain((0..slots).filter(|&slot| Some(slot) != hint));
        for slot in order {
            if Some(slot) == from {
                continue;
            }
            for y in self.blockers(x, slot) {
                if self.search.moved[y] == self.search.round {
                    continue;
                }
                if self.search.budget == 0 {
                    return false;
                }
                self.search.budget -= 1;
                self.search.moved[y] = self.search.round;
                let saved = self.search.saved_rows.len();
                let row = slot * self.interpreters..(slot + 1) * self.interpreters;
                self.search
                    .saved_rows
                    .extend_from_slice(&self.interpreter_cells[row]);
                self.take_out(y, slot);
                if self.put(x, slot) {
                    if self.chain(y, Some(slot), from, depth - 1) {
                        return true;
                    }
                    self.take_out(x, slot);
                }
                self.put_back(y, slot, saved);
            }
        }
        false
    }

    /// The placed meetings of which exactly one would have to leave `slot` for `x` to fit:
    /// the company's or the buyer's meeting there, else any meeting when the tables are
    /// full, else the meetings holding an interpreter of `x`'s language. Empty when `x`
    /// cannot go there by moving a single meeting.
    fn blockers(&self, x: usize, slot: usize) -> Vec<usize> {
        let job = self.jobs[x];
        let company = self.company_cells[job.company * self.slots + slot];
        let buyer = self.buyer_cells[job.buyer * self.slots + slot];
        match (company, buyer) {
            (Cell::Fixed, _) | (_, Cell::Fixed) => Vec::new(),
            (Cell::Request(a), Cell::Request(b)) if a != b => Vec::new(),
            (Cell::Request(y), _) | (_, Cell::Request(y)) => vec![y],
            (Cell::Free, Cell::Free) => {
                if self.load[slot] >= self.tables {
                    self.members[slot].clone()
                } else if let Interpretation::Language(language) = job.interpretation {
                    let row = &self.interpreter_cells
                        [slot * self.interpreters..(slot + 1) * self.interpreters];
                    self.speakers[language]
                        .iter()
                        .filter_map(|&k| match row[k] {
                            Cell::Request(y) => Some(y),
                            _ => None,
                        })
                        .collect()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// The final answer for every placed job (requests, then movable meetings): slots as
    /// placed; a movable meeting still in its slot keeps its table, the others are numbered
    /// lowest free table first in job order; interpreters as matched.
    fn assignments(&self) -> Vec<Assignment> {
        let mut interpreter_of = vec![None; self.jobs.len()];
        for (index, cell) in self.interpreter_cells.iter().enumerate() {
            if let Cell::Request(x) = *cell {
                interpreter_of[x] = Some(index % self.interpreters);
            }
        }
        let mut table_of = vec![None; self.jobs.len()];
        for slot in 0..self.slots {
            let mut taken =
                self.booked_tables[slot * self.tables..(slot + 1) * self.tables].to_vec();
            let mut members = self.members[slot].clone();
            members.sort_unstable();
            for &x in &members {
                if let Some((home, table)) = self.home[x] {
                    if home == slot {
                        taken[table] = true;
                        table_of[x] = Some(table);
                    }
                }
            }
            let free_tables = (0..self.tables).filter(|&table| !taken[table]);
            let rest: Vec<usize> = members
                .into_iter()
                .filter(|&x| table_of[x].is_none())
                .collect();
            // Loads never exceed the table count, so every member gets a table.
            for (x, table) in rest.into_iter().zip(free_tables) {
                table_of[x] = Some(table);
            }
        }
        (0..self.jobs.len())
            .filter_map(|request| {
                Some(Assignment {
                    request,
                    slot: self.slot_of[request]?,
                    table: table_of[request]?,
                    interpreter: interpreter_of[request],
                })
            })
            .collect()
    }
}

/// Numbers the interpreter groups: interpreters who share a language are in one group,
/// named by its lowest interpreter index.
fn interpreter_groups(speakers: &[Vec<usize>], interpreters: usize) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..interpreters).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    for group in speakers {
        for pair in group.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    (0..interpreters).map(|k| root(&mut parent, k)).collect()
}

/// Dense numbers for companies or buyers, in order of first appearance.
struct Numbering<K> {
    ids: BTreeMap<K, usize>,
}

impl<K> Default for Numbering<K> {
    fn default() -> Self {
        Numbering {
            ids: BTreeMap::new(),
        }
    }
}

impl<K: Ord> Numbering<K> {
    fn id(&mut self, key: K) -> usize {
        let next = self.ids.len();
        *self.ids.entry(key).or_insert(next)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The fair's languages numbered in order of first appearance, and per language the
/// interpreters who speak it, in input order.
fn speakers_of<L: Ord>(interpreters: &[Interpreter<L>]) -> (BTreeMap<&L, usize>, Vec<Vec<usize>>) {
    let mut languages = BTreeMap::new();
    let mut speakers: Vec<Vec<usize>> = Vec::new();
    for (index, interpreter) in interpreters.iter().enumerate() {
        for language in &interpreter.languages {
            let next = languages.len();
            let id = *languages.entry(language).or_insert(next);
            if id == speakers.len() {
                speakers.push(Vec::new());
            }
            // A language listed twice by one interpreter still counts once.
            if speakers[id].last() != Some(&index) {
                speakers[id].push(index);
            }
        }
    }
    (languages, speakers)
}

fn limit(max: Option<u32>) -> usize {
    max.map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(usize::MAX))
}

/// Seats `who` (needing `language`) in an interpreter `row` by Kuhn's augmenting path:
/// a free speaker of the language, or one whose meeting can move to another free speaker of
/// its own language, and so on. Changes `row` only when it succeeds.
fn seat(
    row: &mut [Cell],
    who: usize,
    language: usize,
    speakers: &[Vec<usize>],
    jobs: &[Job],
    visited: &mut [bool],
) -> bool {
    for &interpreter in &speakers[language] {
        if visited[interpreter] {
            continue;
        }
        visited[interpreter] = true;
        let reseated = match row[interpreter] {
            Cell::Free => true,
            Cell::Fixed => false,
            Cell::Request(other) => match jobs[other].interpretation {
                Interpretation::Language(theirs) => {
                    seat(row, other, theirs, speakers, jobs, visited)
                }
                Interpretation::NotNeeded | Interpretation::Unavailable => false,
            },
        };
        if reseated {
            row[interpreter] = Cell::Request(who);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
