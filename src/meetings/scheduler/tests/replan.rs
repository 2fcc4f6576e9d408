//! Re-planning: meetings already scheduled that the run may move. They start where they
//! are, move only to make room, are never dropped, keep their table when they stay, and
//! every rule of the fair holds for them as for the requests.

use super::*;

/// The input with the movable meetings as requests after the others, and the answer with
/// their places as assignments, so that every rule is checked over both. Also checks that
/// each movable meeting is answered exactly once, in order.
pub(super) fn merged<C: Copy + Ord, B: Copy + Ord, L: Ord + Clone>(
    input: &ScheduleInput<C, B, L>,
    schedule: &Schedule,
) -> (ScheduleInput<C, B, L>, Schedule) {
    let first = input.requests.len();
    let answered: Vec<usize> = schedule.movable.iter().map(|a| a.request).collect();
    assert_eq!(
        answered,
        (0..input.movable.len()).collect::<Vec<_>>(),
        "a movable meeting dropped"
    );
    let mut all = input.clone();
    all.requests
        .extend(input.movable.iter().map(|m| m.meeting.clone()));
    all.movable.clear();
    let mut answer = schedule.clone();
    answer
        .assignments
        .extend(schedule.movable.iter().map(|a| Assignment {
            request: first + a.request,
            ..*a
        }));
    answer.movable.clear();
    (all, answer)
}

fn kept(
    meeting: PendingMeeting<&'static str, &'static str, &'static str>,
    slot: usize,
    table: usize,
) -> MovableMeeting<&'static str, &'static str, &'static str> {
    MovableMeeting {
        meeting,
        slot,
        table,
        interpreter: None,
    }
}

#[test]
fn a_movable_meeting_moves_to_make_room_and_is_never_dropped() {
    // One table, two slots; Aoki–Xu sits in slot 0, the only one Baba can come to.
    let mut input = fair(2, 1);
    input.movable = vec![kept(meet("aoki", "xu"), 0, 0)];
    input.requests = vec![meet("baba", "xu")];
    input.company_unavailable = vec![("baba", 1)];
    let moved = run(&input);
    assert_eq!(slot_of(&moved, 0), Some(0));
    assert_eq!(moved.movable[0].slot, 1);
    // Booked instead, it stays and Baba cannot come in.
    let mut fixed = input.clone();
    fixed.movable.clear();
    fixed.booked = vec![BookedMeeting {
        slot: 0,
        company: "aoki",
        buyer: "xu",
        table: Some(0),
        interpreter: None,
    }];
    assert_eq!(
        reason_of(&run(&fixed), 0),
        Some(UnscheduledReason::NoCommonFreeSlot)
    );
    // Where it cannot move, the request is left out, not the movable meeting.
    input.buyer_unavailable = vec![("xu", 1)];
    let stuck = run(&input);
    assert_eq!(stuck.movable[0].slot, 0);
    assert_eq!(slot_of(&stuck, 0), None);
}

#[test]
fn a_movable_meeting_that_stays_keeps_its_table_and_interpreter() {
    let mut input = fair(2, 3);
    input.interpreters = vec![speaking(&["th"]), speaking(&["th"])];
    input.movable = vec![
        kept(meet("aoki", "xu"), 1, 2),
        MovableMeeting {
            interpreter: Some(1),
            ..kept(interpreted("baba", "yang", "th"), 1, 1)
        },
    ];
    input.requests = vec![meet("chiba", "zhou"), meet("aoki", "zhou")];
    let schedule = run(&input);
    assert_eq!(
        schedule.movable[0],
        Assignment {
            request: 0,
            slot: 1,
            table: 2,
            interpreter: None
        }
    );
    assert_eq!(
        schedule.movable[1],
        Assignment {
            request: 1,
            slot: 1,
            table: 1,
            interpreter: Some(1)
        }
    );
}

#[test]
fn a_movable_meeting_that_contradicts_the_fair_is_refused() {
    let mut input = fair(1, 1);
    input.movable = vec![
        kept(meet("aoki", "xu"), 0, 0),
        kept(meet("baba", "yang"), 0, 0),
    ];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::MovableNotPlaceable { index: 1 })
    );
    input.movable = vec![kept(interpreted("aoki", "xu", "th"), 0, 0)];
    assert_eq!(
        schedule(&input),
        Err(ScheduleError::MovableNotPlaceable { index: 0 })
    );
}

/// Generated fairs scheduled once, then re-planned with every other placed meeting movable
/// (the rest booked) and the requests that came later: every rule kept over all of them, no movable
/// meeting lost, the same answer twice, and never fewer requests placed than with the same
/// meetings booked where they are.
#[test]
fn replanning_generated_fairs_keeps_every_rule_and_every_meeting() {
    let (mut moved, mut gained) = (0, 0);
    for seed in 1..=6 {
        // Two thirds of the requests came first; the rest arrive after the first run.
        let whole = generated::fair_for_replan(seed);
        let mut input = whole.clone();
        input.requests.truncate(whole.requests.len() * 2 / 3);
        let first = run(&input);
        let mut replan = input.clone();
        replan.requests = first
            .unscheduled
            .iter()
            .map(|u| input.requests[u.request].clone())
            .chain(whole.requests[input.requests.len()..].iter().cloned())
            .collect();
        let (movable, booked): (Vec<_>, Vec<_>) = first
            .assignments
            .iter()
            .enumerate()
            .partition(|(n, _)| n % 2 == 0);
        replan.movable = movable
            .iter()
            .map(|(_, a)| MovableMeeting {
                meeting: input.requests[a.request].clone(),
                slot: a.slot,
                table: a.table,
                interpreter: a.interpreter,
            })
            .collect();
        replan.booked = booked
            .iter()
            .map(|(_, a)| BookedMeeting {
                slot: a.slot,
                company: input.requests[a.request].company,
                buyer: input.requests[a.request].buyer,
                table: Some(a.table),
                interpreter: a.interpreter,
            })
            .collect();
        let answer = run(&replan);
        assert_eq!(answer, run(&replan), "seed {seed}: deterministic");
        let mut fixed = replan.clone();
        fixed
            .booked
            .extend(replan.movable.iter().map(|m| BookedMeeting {
                slot: m.slot,
                company: m.meeting.company,
                buyer: m.meeting.buyer,
                table: Some(m.table),
                interpreter: m.interpreter,
            }));
        fixed.movable.clear();
        let without = run(&fixed);
        assert!(
            answer.scheduled_count() >= without.scheduled_count(),
            "seed {seed}: {} with re-plan, {} without",
            answer.scheduled_count(),
            without.scheduled_count()
        );
        gained += answer.scheduled_count() - without.scheduled_count();
        moved += answer
            .movable
            .iter()
            .zip(&replan.movable)
            .filter(|(a, m)| a.slot != m.slot)
            .count();
    }
    // The re-plan did something: meetings moved and requests got in that could not before.
    assert!(moved > 0 && gained > 0, "moved {moved}, gained {gained}");
}
