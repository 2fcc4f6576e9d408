//! The scheduler's tests: hand-built fairs for each rule, the invariants every answer keeps,
//! and generated fairs compared with an upper bound.

use std::collections::BTreeSet;
use std::time::Instant;

use super::*;

type Input = ScheduleInput<&'static str, &'static str, &'static str>;

fn fair(slot_count: usize, table_count: usize) -> Input {
    ScheduleInput {
        slot_count,
        table_count,
        interpreters: Vec::new(),
        requests: Vec::new(),
        booked: Vec::new(),
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
fn run<C: Copy + Ord + std::fmt::Debug, B: Copy + Ord + std::fmt::Debug, L: Ord>(
    input: &ScheduleInput<C, B, L>,
) -> Schedule {
    let schedule = schedule(input).unwrap();
    assert_invariants(input, &schedule);
    schedule
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
        assert!(tables.insert((meeting.slot, meeting.table)));
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
        table: 0,
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
            table: 0,
            interpreter: None,
        },
        BookedMeeting {
            slot: 1,
            company: "baba",
            buyer: "yang",
            table: 1,
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
        table,
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

/// splitmix64: a few lines of deterministic noise for generated fairs.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.next() % 100 < chance
    }
}

struct Shape {
    companies: usize,
    buyers: usize,
    slots: usize,
    tables: usize,
    interpreters: usize,
    requests: usize,
    languages: usize,
    /// Share of buyers who need an interpreter, in percent.
    interpreted_percent: u64,
    /// How strongly requests crowd on the first companies: a company is the smallest of
    /// this many uniform draws.
    popularity: usize,
    /// Share of companies and of buyers who miss some slots, in percent, and at most how
    /// many slots each misses (less than `slots`).
    absent_percent: u64,
    absent_slots: usize,
    limits: Limits,
}

type Generated = ScheduleInput<usize, usize, usize>;

/// A fair that looks like a real one: some companies are far more popular than others,
/// one buyer in five needs an interpreter, some participants come late or leave early.
fn generated_fair(seed: u64, shape: &Shape) -> Generated {
    let mut noise = Noise(seed);
    let buyer_language: Vec<Option<usize>> = (0..shape.buyers)
        .map(|_| {
            noise
                .percent(shape.interpreted_percent)
                .then(|| noise.below(shape.languages))
        })
        .collect();
    let interpreters = (0..shape.interpreters)
        .map(|k| {
            let mut languages = vec![k % shape.languages];
            if noise.percent(30) {
                languages.push(noise.below(shape.languages));
            }
            Interpreter { languages }
        })
        .collect();
    let mut pairs = BTreeSet::new();
    let mut requests = Vec::new();
    while requests.len() < shape.requests && pairs.len() < shape.companies * shape.buyers {
        // The smaller of two draws: low-numbered companies are the popular ones.
        let company = (0..shape.popularity)
            .map(|_| noise.below(shape.companies))
            .min()
            .unwrap_or(0);
        let buyer = noise.below(shape.buyers);
        if pairs.insert((company, buyer)) {
            requests.push(PendingMeeting {
                company,
                buyer,
                language: buyer_language[buyer],
            });
        }
    }
    // Companies miss a run of slots (a factory visit); buyers arrive late or leave early.
    let mut company_unavailable = Vec::new();
    for company in 0..shape.companies {
        if noise.percent(shape.absent_percent) {
            let start = noise.below(shape.slots);
            let length = 1 + noise.below(shape.absent_slots);
            let end = (start + length).min(shape.slots);
            company_unavailable.extend((start..end).map(|slot| (company, slot)));
        }
    }
    let mut buyer_unavailable = Vec::new();
    for buyer in 0..shape.buyers {
        if noise.percent(shape.absent_percent) {
            let missed = 1 + noise.below(shape.absent_slots);
            let slots = if noise.percent(50) {
                0..missed
            } else {
                shape.slots - missed..shape.slots
            };
            buyer_unavailable.extend(slots.map(|slot| (buyer, slot)));
        }
    }
    ScheduleInput {
        slot_count: shape.slots,
        table_count: shape.tables,
        interpreters,
        requests,
        booked: Vec::new(),
        company_unavailable,
        buyer_unavailable,
        limits: shape.limits,
    }
}

/// What no schedule can beat, whatever the priorities: the least of
/// - the number of requests and the number of free tables;
/// - interpreted meetings: at most what the interpreters can serve (by Hall's theorem,
///   for every set of languages, the demand outside it plus the free slots of the
///   interpreters who speak a language in it; few languages, so every set is tried);
///   the others: at most their number;
/// - per company, at most the least of its limit, its free slots and its requests, and
///   of all companies together at most the interpreted meetings above: each company
///   fills its room with meetings without interpreter first. The same per buyer.
fn upper_bound(input: &Generated) -> usize {
    let slots = input.slot_count;
    let mut demand: BTreeMap<usize, usize> = BTreeMap::new();
    for language in input.requests.iter().filter_map(|r| r.language) {
        *demand.entry(language).or_default() += 1;
    }
    let languages: Vec<usize> = demand.keys().copied().collect();
    let mut interpreter_room = vec![slots; input.interpreters.len()];
    for k in input.booked.iter().filter_map(|m| m.interpreter) {
        interpreter_room[k] -= 1;
    }
    let interpreted = (0..1usize << languages.len())
        .map(|set| {
            let inside = |i: usize| set & (1 << i) != 0;
            let outside: usize = (0..languages.len())
                .filter(|&i| !inside(i))
                .map(|i| demand[&languages[i]])
                .sum();
            let served: usize = input
                .interpreters
                .iter()
                .zip(&interpreter_room)
                .filter(|(k, _)| {
                    (0..languages.len()).any(|i| inside(i) && k.languages.contains(&languages[i]))
                })
                .map(|(_, room)| room)
                .sum();
            outside + served
        })
        .min()
        .unwrap_or(0);
    let plain = input
        .requests
        .iter()
        .filter(|r| r.language.is_none())
        .count();

    // Slots each request could use on its own: both sides available and not booked.
    let mut company_taken: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut buyer_taken: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &(company, slot) in &input.company_unavailable {
        company_taken.entry(company).or_default().insert(slot);
    }
    for &(buyer, slot) in &input.buyer_unavailable {
        buyer_taken.entry(buyer).or_default().insert(slot);
    }
    for meeting in &input.booked {
        company_taken
            .entry(meeting.company)
            .or_default()
            .insert(meeting.slot);
        buyer_taken
            .entry(meeting.buyer)
            .or_default()
            .insert(meeting.slot);
    }
    let options: Vec<Vec<usize>> = input
        .requests
        .iter()
        .map(|r| {
            (0..slots)
                .filter(|s| {
                    !company_taken.get(&r.company).is_some_and(|t| t.contains(s))
                        && !buyer_taken.get(&r.buyer).is_some_and(|t| t.contains(s))
                })
                .collect()
        })
        .collect();
    // Per company (or buyer): at most its limit, and at most as many of its requests as
    // can have distinct slots (a bipartite matching), the plain ones counted first.
    let side = |key: &dyn Fn(&PendingMeeting<usize, usize, usize>) -> usize,
                booked_key: &dyn Fn(&BookedMeeting<usize, usize>) -> usize,
                max: Option<u32>| {
        let mut requests: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (index, request) in input.requests.iter().enumerate() {
            requests.entry(key(request)).or_default().push(index);
        }
        let max = max.map_or(usize::MAX, |m| m as usize);
        let (mut plain_total, mut interpreted_total) = (0, 0);
        for (k, indexes) in &requests {
            let booked = input.booked.iter().filter(|m| booked_key(m) == *k).count();
            let room = max.saturating_sub(booked);
            let plain_options: Vec<&[usize]> = indexes
                .iter()
                .filter(|&&r| input.requests[r].language.is_none())
                .map(|&r| options[r].as_slice())
                .collect();
            let all_options: Vec<&[usize]> =
                indexes.iter().map(|&r| options[r].as_slice()).collect();
            let plain_placed = room.min(distinct_slots(&plain_options, slots));
            let all_placed = room.min(distinct_slots(&all_options, slots));
            plain_total += plain_placed;
            interpreted_total += all_placed - plain_placed;
        }
        plain_total + interpreted_total.min(interpreted)
    };
    let companies = side(
        &|r| r.company,
        &|m| m.company,
        input.limits.max_meetings_per_company,
    );
    let buyers = side(
        &|r| r.buyer,
        &|m| m.buyer,
        input.limits.max_meetings_per_buyer,
    );
    let tables = slots * input.table_count - input.booked.len();
    [
        input.requests.len(),
        tables,
        plain + interpreted,
        companies,
        buyers,
    ]
    .into_iter()
    .min()
    .unwrap_or(0)
}

/// How many of the requests, each with the slots it may use, can have a slot each:
/// a maximum bipartite matching by augmenting paths.
fn distinct_slots(options: &[&[usize]], slots: usize) -> usize {
    fn augment(
        request: usize,
        options: &[&[usize]],
        holder: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for &slot in options[request] {
            if !seen[slot] {
                seen[slot] = true;
                if holder[slot].is_none_or(|other| augment(other, options, holder, seen)) {
                    holder[slot] = Some(request);
                    return true;
                }
            }
        }
        false
    }
    let mut holder = vec![None; slots];
    (0..options.len())
        .filter(|&request| augment(request, options, &mut holder, &mut vec![false; slots]))
        .count()
}

fn medium_shape() -> Shape {
    Shape {
        companies: 30,
        buyers: 80,
        slots: 12,
        tables: 12,
        interpreters: 4,
        requests: 260,
        languages: 3,
        interpreted_percent: 20,
        popularity: 2,
        absent_percent: 15,
        absent_slots: 8,
        limits: Limits {
            max_meetings_per_company: Some(10),
            max_meetings_per_buyer: Some(6),
        },
    }
}

#[test]
fn generated_fairs_keep_every_rule_and_beat_first_fit() {
    for seed in 1..=8 {
        let input = generated_fair(seed, &medium_shape());
        let schedule = run(&input);
        let placed = schedule.scheduled_count();
        assert!(placed >= first_fit(&input), "seed {seed}");
        assert!(placed <= upper_bound(&input), "seed {seed}");
    }
}

#[test]
fn rerunning_after_a_cancellation_fills_the_freed_place() {
    let mut input = fair(1, 1);
    input.requests = vec![meet("aoki", "xu"), meet("baba", "yang")];
    let first = run(&input);
    assert_eq!(reason_of(&first, 1), Some(UnscheduledReason::NoTable));
    // Aoki-Xu is cancelled; the desk runs the scheduler again over what is still open.
    input.requests = vec![meet("baba", "yang")];
    let second = run(&input);
    assert_eq!(slot_of(&second, 0), Some(0));
}

#[test]
fn rerunning_over_a_generated_fair_respects_what_stays_booked() {
    let input = generated_fair(42, &medium_shape());
    let first = run(&input);
    // Every third meeting is cancelled; the rest become booked and the requests that
    // were left out get another chance.
    let mut rerun = input.clone();
    rerun.booked = first
        .assignments
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 3 != 0)
        .map(|(_, a)| BookedMeeting {
            slot: a.slot,
            company: input.requests[a.request].company,
            buyer: input.requests[a.request].buyer,
            table: a.table,
            interpreter: a.interpreter,
        })
        .collect();
    rerun.requests = first
        .unscheduled
        .iter()
        .map(|u| input.requests[u.request].clone())
        .collect();
    let second = run(&rerun);
    assert!(second.scheduled_count() > 0);
    assert!(second.scheduled_count() >= first_fit(&rerun));
}

#[test]
fn the_same_fair_gets_the_same_schedule() {
    let input = generated_fair(7, &medium_shape());
    assert_eq!(run(&input), run(&input));
    // The keys' own order does not leak either: renaming companies in reverse order
    // gives the same places.
    let mut renamed = input.clone();
    for request in &mut renamed.requests {
        request.company = 1000 - request.company;
    }
    for (company, _) in &mut renamed.company_unavailable {
        *company = 1000 - *company;
    }
    assert_eq!(run(&input).assignments, run(&renamed).assignments);
}

/// The size the desk expects at a large fair, and harder variants of it. Run in release
/// and read the output: `cargo test --release --lib scheduler -- --ignored --nocapture`.
/// Timing is printed, never asserted: it depends on the machine.
#[test]
#[ignore = "a measurement, run by hand in release"]
fn large_fair_measurement() {
    let large = Shape {
        companies: 300,
        buyers: 1000,
        slots: 40,
        tables: 60,
        interpreters: 20,
        requests: 5000,
        languages: 5,
        interpreted_percent: 20,
        popularity: 2,
        absent_percent: 15,
        absent_slots: 8,
        limits: Limits {
            max_meetings_per_company: Some(30),
            max_meetings_per_buyer: Some(18),
        },
    };
    let no_limits = Limits::default();
    let variants = [
        ("60 tables (tables bind)", Shape { ..large }),
        (
            "200 tables, popular companies, no limits (slots per company bind)",
            Shape {
                tables: 200,
                interpreted_percent: 10,
                popularity: 4,
                limits: no_limits,
                ..large
            },
        ),
        (
            "200 tables, most participants miss up to 35 of 40 slots",
            Shape {
                tables: 200,
                interpreted_percent: 10,
                popularity: 3,
                absent_percent: 80,
                absent_slots: 35,
                limits: no_limits,
                ..large
            },
        ),
        (
            "200 tables, more interpreted requests than interpreter seats",
            Shape {
                tables: 200,
                popularity: 3,
                limits: Limits {
                    max_meetings_per_company: Some(40),
                    max_meetings_per_buyer: Some(18),
                },
                ..large
            },
        ),
    ];
    for (name, shape) in variants {
        let input = generated_fair(2026, &shape);
        let started = Instant::now();
        let schedule = schedule(&input).unwrap();
        let elapsed = started.elapsed();
        assert_invariants(&input, &schedule);
        let bound = upper_bound(&input);
        println!(
            "{name}: {} requests, placed {} of at most {bound} ({:.2} %) in {elapsed:?}; \
             first fit places {}; left out: {:?}",
            input.requests.len(),
            schedule.scheduled_count(),
            100.0 * schedule.scheduled_count() as f64 / bound as f64,
            first_fit(&input),
            schedule.reason_counts(),
        );
    }
}
