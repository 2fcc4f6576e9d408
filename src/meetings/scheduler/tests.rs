//! The scheduler's tests: hand-built fairs for each rule, the invariants every answer keeps,
//! and generated fairs compared with an upper bound.

use std::collections::BTreeSet;

use super::*;

type Input = ScheduleInput<&'static str, &'static str, &'static str>;

fn fair(slot_count: usize, table_count: usize) -> Input {
    ScheduleInput {
        slot_count,
        table_count,
        interpreters: Vec::new(),
        requests: Vec::new(),
        booked: Vec::new(),
        movable: Vec::new(),
        company_unavailable: Vec::new(),
        buyer_unavailable: Vec::new(),
        limits: Limits::default(),
    }
}

fn meet(
    company: &'static str,
    buyer: &'static str,
) -> PendingMeeting<&'static str, &'static str, &'static str> {
    PendingMeeting {
        company,
        buyer,
        language: None,
    }
}

fn interpreted(
    company: &'static str,
    buyer: &'static str,
    language: &'static str,
) -> PendingMeeting<&'static str, &'static str, &'static str> {
    PendingMeeting {
        company,
        buyer,
        language: Some(language),
    }
}

fn speaking(languages: &[&'static str]) -> Interpreter<&'static str> {
    Interpreter {
        languages: languages.to_vec(),
    }
}

/// Runs the scheduler and checks every rule of the fair on its answer.
fn run<C: Copy + Ord + std::fmt::Debug, B: Copy + Ord + std::fmt::Debug, L: Ord + Clone>(
    input: &ScheduleInput<C, B, L>,
) -> Schedule {
    let schedule = schedule(input).unwrap();
    let (all, answer) = replan::merged(input, &schedule);
    assert_invariants(&all, &answer);
    schedule
}

/// The fair a preference run handed the scheduler: `base` with the candidates in the order
/// they were offered, so that the schedule's request indexes point into it.
fn offered<C: Copy + Ord, B: Copy + Ord, L: Ord + Clone>(
    base: &ScheduleInput<C, B, L>,
    candidates: &[super::preference::Candidate<C, B, L>],
    plan: &super::preference::PreferencePlan,
) -> ScheduleInput<C, B, L> {
    ScheduleInput {
        requests: plan
            .order
            .iter()
            .map(|&i| candidates[i].meeting.clone())
            .collect(),
        ..base.clone()
    }
}

/// No company, buyer, table or interpreter twice in a slot (booked meetings included),
/// no unavailable slot used, limits kept, languages matched, every request accounted for
/// exactly once.
fn assert_invariants<C: Copy + Ord + std::fmt::Debug, B: Copy + Ord + std::fmt::Debug, L: Ord>(
    input: &ScheduleInput<C, B, L>,
    schedule: &Schedule,
) {
    let mut accounted: Vec<usize> = schedule
        .assignments
        .iter()
        .map(|a| a.request)
        .chain(schedule.unscheduled.iter().map(|u| u.request))
        .collect();
    accounted.sort_unstable();
    assert_eq!(accounted, (0..input.requests.len()).collect::<Vec<_>>());
    assert!(schedule
        .assignments
        .windows(2)
        .all(|w| w[0].request < w[1].request));
    assert!(schedule
        .unscheduled
        .windows(2)
        .all(|w| w[0].request < w[1].request));

    let mut companies = BTreeSet::new();
    let mut buyers = BTreeSet::new();
    let mut tables = BTreeSet::new();
    let mut interpreters = BTreeSet::new();
    let mut per_company: BTreeMap<C, u32> = BTreeMap::new();
    let mut per_buyer: BTreeMap<B, u32> = BTreeMap::new();
    let mut new_per_company: BTreeMap<C, u32> = BTreeMap::new();
    let mut new_per_buyer: BTreeMap<B, u32> = BTreeMap::new();
    for meeting in &input.booked {
        assert!(companies.insert((meeting.slot, meeting.company)));
        assert!(buyers.insert((meeting.slot, meeting.buyer)));
        if let Some(table) = meeting.table {
            assert!(tables.insert((meeting.slot, table)));
        }
        if let Some(k) = meeting.interpreter {
            assert!(interpreters.insert((meeting.slot, k)));
        }
        *per_company.entry(meeting.company).or_default() += 1;
        *per_buyer.entry(meeting.buyer).or_default() += 1;
    }
    for a in &schedule.assignments {
        let request = &input.requests[a.request];
        assert!(a.slot < input.slot_count && a.table < input.table_count);
        assert!(
            companies.insert((a.slot, request.company)),
            "company {:?} twice in slot {}",
            request.company,
            a.slot
        );
        assert!(
            buyers.insert((a.slot, request.buyer)),
            "buyer {:?} twice in slot {}",
            request.buyer,
            a.slot
        );
        assert!(
            tables.insert((a.slot, a.table)),
            "table twice in slot {}",
            a.slot
        );
        assert!(!input
            .company_unavailable
            .contains(&(request.company, a.slot)));
        assert!(!input.buyer_unavailable.contains(&(request.buyer, a.slot)));
        match (&request.language, a.interpreter) {
            (None, None) => {}
            (Some(language), Some(k)) => {
                assert!(input.interpreters[k].languages.contains(language));
                assert!(
                    interpreters.insert((a.slot, k)),
                    "interpreter twice in slot {}",
                    a.slot
                );
            }
            (needed, given) => panic!(
                "request {} needs an interpreter: {}, got one: {}",
                a.request,
                needed.is_some(),
                given.is_some()
            ),
        }
        *per_company.entry(request.company).or_default() += 1;
        *per_buyer.entry(request.buyer).or_default() += 1;
        *new_per_company.entry(request.company).or_default() += 1;
        *new_per_buyer.entry(request.buyer).or_default() += 1;
    }
    // Booked meetings may already exceed a limit lowered later; then nothing is added.
    if let Some(max) = input.limits.max_meetings_per_company {
        for (company, added) in &new_per_company {
            assert!(
                *added == 0 || per_company[company] <= max,
                "{company:?} over the limit"
            );
        }
    }
    if let Some(max) = input.limits.max_meetings_per_buyer {
        for (buyer, added) in &new_per_buyer {
            assert!(
                *added == 0 || per_buyer[buyer] <= max,
                "{buyer:?} over the limit"
            );
        }
    }
}

/// The naive way: each request in turn takes the first slot where everything is free,
/// interpreters included, and nothing ever moves. Returns how many it places.
fn first_fit<C: Copy + Ord, B: Copy + Ord, L: Ord>(input: &ScheduleInput<C, B, L>) -> usize {
    let mut companies: BTreeSet<(C, usize)> = input.company_unavailable.iter().copied().collect();
    let mut buyers: BTreeSet<(B, usize)> = input.buyer_unavailable.iter().copied().collect();
    let mut load = vec![0; input.slot_count];
    let mut interpreters = BTreeSet::new();
    let mut per_company: BTreeMap<C, u32> = BTreeMap::new();
    let mut per_buyer: BTreeMap<B, u32> = BTreeMap::new();
    for m in &input.booked {
        companies.insert((m.company, m.slot));
        buyers.insert((m.buyer, m.slot));
        load[m.slot] += 1;
        interpreters.extend(m.interpreter.map(|k| (m.slot, k)));
        *per_company.entry(m.company).or_default() += 1;
        *per_buyer.entry(m.buyer).or_default() += 1;
    }
    let mut placed = 0;
    for request in &input.requests {
        let company_count = per_company.entry(request.company).or_default();
        let buyer_count = per_buyer.entry(request.buyer).or_default();
        if input
            .limits
            .max_meetings_per_company
            .is_some_and(|max| *company_count >= max)
            || input
                .limits
                .max_meetings_per_buyer
                .is_some_and(|max| *buyer_count >= max)
        {
            continue;
        }
        for (slot, load) in load.iter_mut().enumerate() {
            if *load >= input.table_count
                || companies.contains(&(request.company, slot))
                || buyers.contains(&(request.buyer, slot))
            {
                continue;
            }
            let interpreter = match &request.language {
                None => None,
                Some(language) => match (0..input.interpreters.len()).find(|&k| {
                    input.interpreters[k].languages.contains(language)
                        && !interpreters.contains(&(slot, k))
                }) {
                    Some(k) => Some(k),
                    None => continue,
                },
            };
            companies.insert((request.company, slot));
            buyers.insert((request.buyer, slot));
            *load += 1;
            interpreters.extend(interpreter.map(|k| (slot, k)));
            *per_company.entry(request.company).or_default() += 1;
            *per_buyer.entry(request.buyer).or_default() += 1;
            placed += 1;
            break;
        }
    }
    placed
}

fn reason_of(schedule: &Schedule, request: usize) -> Option<UnscheduledReason> {
    schedule
        .unscheduled
        .iter()
        .find(|u| u.request == request)
        .map(|u| u.reason)
}

fn slot_of(schedule: &Schedule, request: usize) -> Option<usize> {
    schedule
        .assignments
        .iter()
        .find(|a| a.request == request)
        .map(|a| a.slot)
}

#[test]
fn first_fit_strands_requests_that_the_scheduler_places() {
    // Two slots. First fit puts Aoki-Xu and Baba-Yang both in slot 0 and Baba-Zhao in
    // slot 1; Aoki-Zhao then finds Aoki busy in 0 and Zhao busy in 1. A proper two-slot
    // schedule exists: the path Xu-Aoki-Zhao-Baba-Yang alternates slots.
    let mut path = fair(2, 2);
    path.requests = vec![
        meet("aoki", "xu"),
        meet("baba", "yang"),
        meet("baba", "zhao"),
        meet("aoki", "zhao"),
    ];
    assert_eq!(first_fit(&path), 3);
    assert_eq!(run(&path).scheduled_count(), 4);

    // Baba can only come in slot 0, which first fit already gave Xu's meeting with Aoki.
    // The scheduler moves Aoki-Xu to slot 1 to make room.
    let mut unavailable = fair(2, 2);
    unavailable.requests = vec![meet("aoki", "xu"), meet("baba", "xu")];
    unavailable.company_unavailable = vec![("baba", 1)];
    assert_eq!(first_fit(&unavailable), 1);
    let schedule = run(&unavailable);
    assert_eq!(schedule.scheduled_count(), 2);
    assert_eq!(slot_of(&schedule, 0), Some(1));
    assert_eq!(slot_of(&schedule, 1), Some(0));
}

#[test]
fn a_long_alternating_chain_moves_every_meeting_on_it() {
    // Two slots. Yu is there only in slot 0, so Ando-Yu takes it. The path
    // X0-A0-X1-A1-X2-A2-X3 is then placed alternating from slot 1, which leaves Ando
    // busy in slot 0 and X0 busy in slot 1: Ando-X0 fits only if all six meetings of
    // the path swap slots.
    let mut input = fair(2, 10);
    input.buyer_unavailable = vec![("yu", 1)];
    input.requests = vec![
        meet("ando", "yu"),
        meet("a0", "x0"),
        meet("a0", "x1"),
        meet("a1", "x1"),
        meet("a1", "x2"),
        meet("a2", "x2"),
        meet("a2", "x3"),
        meet("ando", "x0"),
    ];
    let schedule = run(&input);
    assert_eq!(schedule.scheduled_count(), 8);
    let slots: Vec<Option<usize>> = (0..8).map(|r| slot_of(&schedule, r)).collect();
    assert_eq!(
        slots,
        [0, 0, 1, 0, 1, 0, 1, 1].map(Some).to_vec(),
        "the path alternates the other way round"
    );
}

#[test]
fn a_full_slot_hands_a_table_over_by_moving_a_meeting() {
    // One table per slot. Aoki-Xu takes slot 0; Baba can only come in slot 0.
    let mut input = fair(2, 1);
    input.requests = vec![meet("aoki", "xu"), meet("baba", "yang")];
    input.company_unavailable = vec![("baba", 1)];
    let schedule = run(&input);
    assert_eq!(slot_of(&schedule, 0), Some(1));
    assert_eq!(slot_of(&schedule, 1), Some(0));
}

#[test]
fn limits_count_booked_meetings() {
    let mut input = fair(6, 5);
    input.limits = Limits {
        max_meetings_per_company: Some(3),
        max_meetings_per_buyer: Some(2),
    };
    input.booked = vec![BookedMeeting {
        slot: 0,
        company: "aoki",
        buyer: "xu",
        table: Some(0),
        interpreter: None,
    }];
    input.requests = vec![
        meet("baba", "xu"),
        meet("chiba", "xu"),
        meet("aoki", "yang"),
        meet("aoki", "zhao"),
        meet("aoki", "wu"),
    ];
    let schedule = run(&input);
    assert!(slot_of(&schedule, 0).is_some());
    assert_eq!(
        reason_of(&schedule, 1),
        Some(UnscheduledReason::BuyerLimitReached)
    );
    assert!(slot_of(&schedule, 2).is_some());
    assert!(slot_of(&schedule, 3).is_some());
    assert_eq!(
        reason_of(&schedule, 4),
        Some(UnscheduledReason::CompanyLimitReached)
    );
    assert_eq!(
        schedule.reason_counts(),
        BTreeMap::from([
            (UnscheduledReason::CompanyLimitReached, 1),
            (UnscheduledReason::BuyerLimitReached, 1),
        ])
    );
}

#[test]
fn unavailable_slots_are_never_used() {
    let mut input = fair(4, 3);
    input.requests = vec![
        meet("aoki", "xu"),
        meet("aoki", "yang"),
        meet("baba", "zhao"),
    ];
    input.company_unavailable = vec![("aoki", 0), ("aoki", 1), ("aoki", 3)];
    input.buyer_unavailable = (0..4).map(|slot| ("zhao", slot)).collect();
    let schedule = run(&input);
    assert_eq!(slot_of(&schedule, 0), Some(2));
    assert_eq!(
        reason_of(&schedule, 1),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
    assert_eq!(
        reason_of(&schedule, 2),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
}

#[test]
fn booked_meetings_keep_their_places() {
    let mut input = fair(2, 3);
    input.interpreters = vec![speaking(&["ko"])];
    input.booked = vec![
        BookedMeeting {
            slot: 0,
            company: "aoki",
            buyer: "xu",
            table: Some(0),
            interpreter: None,
        },
        BookedMeeting {
            slot: 1,
            company: "baba",
            buyer: "yang",
            table: Some(1),
            interpreter: Some(0),
        },
    ];
    input.requests = vec![
        meet("aoki", "zhao"),
        meet("chiba", "xu"),
        interpreted("dobashi", "kim", "ko"),
        meet("baba", "wu"),
    ];
    let schedule = run(&input);
    let places: Vec<(usize, usize, Option<usize>)> = schedule
        .assignments
        .iter()
        .map(|a| (a.slot, a.table, a.interpreter))
        .collect();
    assert_eq!(
        places,
        vec![
            // Aoki and Xu are booked in slot 0; slot 1 has table 1 booked.
            (1, 0, None),
            (1, 2, None),
            // The only Korean interpreter is booked in slot 1.
            (0, 1, Some(0)),
            // Baba is booked in slot 1.
            (0, 2, None),
        ]
    );
}

#[test]
fn interpreters_are_matched_by_language() {
    let mut input = fair(1, 5);
    input.interpreters = vec![speaking(&["zh", "ko"]), speaking(&["zh"])];
    input.requests = vec![
        interpreted("aoki", "xu", "zh"),
        interpreted("baba", "kim", "ko"),
        interpreted("chiba", "wang", "zh"),
        interpreted("dobashi", "garcia", "es"),
        meet("endo", "smith"),
    ];
    let schedule = run(&input);
    let interpreter = |request| {
        schedule
            .assignments
            .iter()
            .find(|a| a.request == request)
            .and_then(|a| a.interpreter)
    };
    // The Chinese meeting first got the bilingual interpreter, then moved over to the
    // Chinese-only one so that the Korean meeting could have the bilingual one.
    assert_eq!(interpreter(0), Some(1));
    assert_eq!(interpreter(1), Some(0));
    assert_eq!(
        reason_of(&schedule, 2),
        Some(UnscheduledReason::NoInterpreter)
    );
    assert_eq!(
        reason_of(&schedule, 3),
        Some(UnscheduledReason::NoInterpreter)
    );
    assert_eq!(interpreter(4), None);
    assert_eq!(slot_of(&schedule, 4), Some(0));
}

#[test]
fn an_interpreted_meeting_moves_to_free_the_interpreter_another_needs() {
    // One Chinese interpreter. Aoki-Xu (Chinese) takes it in slot 0; Baba-Wang also needs
    // Chinese and can only come in slot 0.
    let mut input = fair(2, 3);
    input.interpreters = vec![speaking(&["zh"])];
    input.requests = vec![
        interpreted("aoki", "xu", "zh"),
        interpreted("baba", "wang", "zh"),
    ];
    input.company_unavailable = vec![("baba", 1)];
    let schedule = run(&input);
    assert_eq!(slot_of(&schedule, 0), Some(1));
    assert_eq!(slot_of(&schedule, 1), Some(0));
}

#[test]
fn earlier_requests_win_under_scarcity() {
    let mut one_table = fair(1, 1);
    one_table.requests = vec![meet("aoki", "xu"), meet("baba", "yang")];
    let schedule = run(&one_table);
    assert_eq!(slot_of(&schedule, 0), Some(0));
    assert_eq!(reason_of(&schedule, 1), Some(UnscheduledReason::NoTable));

    let mut one_slot = fair(1, 5);
    one_slot.requests = vec![meet("aoki", "xu"), meet("aoki", "yang"), meet("baba", "xu")];
    let schedule = run(&one_slot);
    assert_eq!(slot_of(&schedule, 0), Some(0));
    assert_eq!(
        reason_of(&schedule, 1),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
    assert_eq!(
        reason_of(&schedule, 2),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );

    // Reversed priority, reversed outcome: the two meetings that do not clash win.
    one_slot.requests.reverse();
    let schedule = run(&one_slot);
    assert_eq!(slot_of(&schedule, 0), Some(0));
    assert_eq!(slot_of(&schedule, 1), Some(0));
    assert_eq!(
        reason_of(&schedule, 2),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
}

#[test]
fn contradictory_booked_meetings_are_refused() {
    let booked = |slot, company, buyer, table| BookedMeeting {
        slot,
        company,
        buyer,
        table: Some(table),
        interpreter: None,
    };
    let mut input = fair(2, 2);
    input.booked = vec![booked(0, "aoki", "xu", 0), booked(0, "baba", "yang", 0)];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::DoubleBooked {
            first: 0,
            second: 1,
            slot: 0,
            resource: "table"
        })
    );
    input.booked = vec![booked(2, "aoki", "xu", 0)];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::BookedOutOfRange { index: 0 })
    );
    input.booked = vec![booked(0, "aoki", "xu", 2)];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::BookedOutOfRange { index: 0 })
    );
    input.booked = Vec::new();
    input.buyer_unavailable = vec![("xu", 5)];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::UnavailableOutOfRange { slot: 5 })
    );
}

#[test]
fn an_empty_fair_schedules_nothing_and_says_why() {
    let mut no_tables = fair(3, 0);
    no_tables.requests = vec![meet("aoki", "xu")];
    assert_eq!(
        reason_of(&run(&no_tables), 0),
        Some(UnscheduledReason::NoTable)
    );
    let mut no_slots = fair(0, 3);
    no_slots.requests = vec![meet("aoki", "xu")];
    assert_eq!(
        reason_of(&run(&no_slots), 0),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
}

mod generated;
mod online;
mod preference;
mod replan;
