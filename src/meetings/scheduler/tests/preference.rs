//! The preference run on generated small fairs: every rule of the fair kept, no pair with a
//! `no_thanks` placed, and every mutual `must` placed whenever an exact search says they
//! all fit together.

use super::*;
use crate::meetings::scheduler::preference::{schedule_by_preference, Candidate};

/// A few lines of deterministic noise (splitmix64).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

type Small = ScheduleInput<usize, usize, usize>;

const MUTUAL_MUST: u32 = 6;

/// A small fair with wished-for pairs: values drawn from the wish table, some ruled out by
/// a `no_thanks`, some absences, sometimes limits.
fn small_fair(seed: u64) -> (Small, Vec<Candidate<usize, usize, usize>>) {
    let mut dice = Dice(seed);
    let (companies, buyers) = (3 + dice.below(3), 3 + dice.below(4));
    let slots = 2 + dice.below(3);
    let tables = 1 + dice.below(3);
    let mut base = ScheduleInput {
        slot_count: slots,
        table_count: tables,
        interpreters: Vec::new(),
        requests: Vec::new(),
        booked: Vec::new(),
        movable: Vec::new(),
        company_unavailable: Vec::new(),
        buyer_unavailable: Vec::new(),
        limits: Limits {
            max_meetings_per_company: (dice.below(3) == 0).then(|| 1 + dice.below(2) as u32),
            max_meetings_per_buyer: (dice.below(3) == 0).then(|| 1 + dice.below(2) as u32),
        },
    };
    for company in 0..companies {
        if dice.below(4) == 0 {
            base.company_unavailable.push((company, dice.below(slots)));
        }
    }
    for buyer in 0..buyers {
        if dice.below(4) == 0 {
            base.buyer_unavailable.push((buyer, dice.below(slots)));
        }
    }
    let values = [
        None,
        Some(0),
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(MUTUAL_MUST),
    ];
    let mut candidates = Vec::new();
    for company in 0..companies {
        for buyer in 0..buyers {
            if dice.below(2) == 0 {
                candidates.push(Candidate {
                    meeting: PendingMeeting {
                        company,
                        buyer,
                        language: None,
                    },
                    value: values[dice.below(values.len())],
                });
            }
        }
    }
    (base, candidates)
}

/// Whether all `pairs` fit into the fair together: a complete search over slot and table
/// choices (tables are interchangeable, so a slot's load is what counts).
fn all_fit(base: &Small, pairs: &[(usize, usize)]) -> bool {
    let limit = |l: Option<u32>| l.map_or(usize::MAX, |n| n as usize);
    let mut per_company: BTreeMap<usize, usize> = BTreeMap::new();
    let mut per_buyer: BTreeMap<usize, usize> = BTreeMap::new();
    for &(c, b) in pairs {
        *per_company.entry(c).or_default() += 1;
        *per_buyer.entry(b).or_default() += 1;
    }
    if per_company
        .values()
        .any(|&n| n > limit(base.limits.max_meetings_per_company))
        || per_buyer
            .values()
            .any(|&n| n > limit(base.limits.max_meetings_per_buyer))
    {
        return false;
    }
    fn place(
        base: &Small,
        pairs: &[(usize, usize)],
        taken: &mut Vec<(usize, usize, usize)>,
    ) -> bool {
        let Some(&(c, b)) = pairs.get(taken.len()) else {
            return true;
        };
        for slot in 0..base.slot_count {
            let load = taken.iter().filter(|t| t.2 == slot).count();
            let clash = taken.iter().any(|t| t.2 == slot && (t.0 == c || t.1 == b));
            let away = base.company_unavailable.contains(&(c, slot))
                || base.buyer_unavailable.contains(&(b, slot));
            if load < base.table_count && !clash && !away {
                taken.push((c, b, slot));
                if place(base, pairs, taken) {
                    return true;
                }
                taken.pop();
            }
        }
        false
    }
    place(base, pairs, &mut Vec::new())
}

#[test]
fn generated_fairs_by_preference_keep_the_rules_skip_no_thanks_and_place_mutual_musts() {
    let mut checked_exactly = 0;
    for seed in 0..400 {
        let (base, candidates) = small_fair(seed);
        let plan = schedule_by_preference(&base, &candidates).unwrap();
        assert_invariants(&offered(&base, &candidates, &plan), &plan.schedule);
        for (candidate, _) in plan.placed() {
            assert!(
                candidates[candidate].value.is_some(),
                "seed {seed}: a no_thanks pair placed"
            );
        }
        for &ruled_out in &plan.ruled_out {
            assert_eq!(candidates[ruled_out].value, None);
        }
        let musts: Vec<(usize, usize)> = candidates
            .iter()
            .filter(|c| c.value == Some(MUTUAL_MUST))
            .map(|c| (c.meeting.company, c.meeting.buyer))
            .collect();
        if all_fit(&base, &musts) {
            checked_exactly += 1;
            let placed_musts = plan
                .placed()
                .filter(|(c, _)| candidates[*c].value == Some(MUTUAL_MUST))
                .count();
            assert_eq!(
                placed_musts,
                musts.len(),
                "seed {seed}: a mutual must that fits was left out"
            );
        }
    }
    assert!(
        checked_exactly > 200,
        "too few fairs where the musts fit: {checked_exactly}"
    );
}

#[test]
fn the_same_wishes_give_the_same_timetable() {
    let (base, candidates) = small_fair(7);
    let first = schedule_by_preference(&base, &candidates).unwrap();
    let again = schedule_by_preference(&base, &candidates).unwrap();
    assert_eq!(first, again);
}

#[test]
fn a_mutual_must_takes_the_last_place_before_a_request_without_wishes() {
    // One slot, one table; the request came first but has no wishes.
    let base: Small = ScheduleInput {
        slot_count: 1,
        table_count: 1,
        interpreters: Vec::new(),
        requests: Vec::new(),
        booked: Vec::new(),
        movable: Vec::new(),
        company_unavailable: Vec::new(),
        buyer_unavailable: Vec::new(),
        limits: Limits::default(),
    };
    let pair = |company, buyer, value| Candidate {
        meeting: PendingMeeting {
            company,
            buyer,
            language: None,
        },
        value,
    };
    let candidates = [
        pair(0, 0, Some(0)),
        pair(1, 1, Some(MUTUAL_MUST)),
        pair(2, 2, None),
    ];
    let plan = schedule_by_preference(&base, &candidates).unwrap();
    let placed: Vec<usize> = plan.placed().map(|(c, _)| c).collect();
    assert_eq!(placed, [1]);
    assert_eq!(plan.ruled_out, [2]);
    assert_eq!(plan.schedule.unscheduled.len(), 1);
    assert_eq!(plan.order[plan.schedule.unscheduled[0].request], 0);
}
