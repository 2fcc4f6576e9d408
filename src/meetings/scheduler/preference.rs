//! Scheduling by preference: pairs are offered to the [scheduler](super) by the value of
//! both sides' wishes (`matching::wishes::value`: mutual `must` first, then `must` + `want`,
//! a one-sided `must`, `want` + `want`, a one-sided `want`, requests without wishes), and a
//! pair where either side said `no_thanks` is never offered. The scheduler's strict
//! priority then guarantees that no lower-valued pair ever takes the place of a
//! higher-valued one, and its chain search moves placed pairs to make room for the next.
//! Ties keep the caller's order (oldest request first), so the run is deterministic.

use super::{schedule, PendingMeeting, Schedule, ScheduleError, ScheduleInput};

/// A pair the preference run may place, with the value of its wishes (`None`: a side said
/// `no_thanks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<C, B, L> {
    pub meeting: PendingMeeting<C, B, L>,
    pub value: Option<u32>,
}

/// The preference run's answer: `order[i]` is the candidate the scheduler saw as request
/// `i`; candidates ruled out by a `no_thanks` are listed apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencePlan {
    pub order: Vec<usize>,
    pub schedule: Schedule,
    pub ruled_out: Vec<usize>,
}

impl PreferencePlan {
    /// The candidate index of each placed request, with its assignment.
    pub fn placed(&self) -> impl Iterator<Item = (usize, &super::Assignment)> {
        self.schedule
            .assignments
            .iter()
            .map(|a| (self.order[a.request], a))
    }
}

/// Candidate indices in the order they are offered: highest value first, ties in the
/// given order; ruled-out candidates apart.
pub fn priority(values: &[Option<u32>]) -> (Vec<usize>, Vec<usize>) {
    let mut offered: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
    // Stable: equal values keep the caller's order.
    offered.sort_by_key(|&i| std::cmp::Reverse(values[i]));
    let ruled_out = (0..values.len()).filter(|&i| values[i].is_none()).collect();
    (offered, ruled_out)
}

/// Places `candidates` into the fair `base` describes (its own `requests` are ignored) by
/// the value of their wishes.
pub fn schedule_by_preference<C: Copy + Ord, B: Copy + Ord, L: Ord + Clone>(
    base: &ScheduleInput<C, B, L>,
    candidates: &[Candidate<C, B, L>],
) -> Result<PreferencePlan, ScheduleError> {
    let values: Vec<Option<u32>> = candidates.iter().map(|c| c.value).collect();
    let (order, ruled_out) = priority(&values);
    let input = ScheduleInput {
        slot_count: base.slot_count,
        table_count: base.table_count,
        interpreters: base.interpreters.clone(),
        requests: order
            .iter()
            .map(|&i| candidates[i].meeting.clone())
            .collect(),
        booked: base.booked.clone(),
        movable: base.movable.clone(),
        company_unavailable: base.company_unavailable.clone(),
        buyer_unavailable: base.buyer_unavailable.clone(),
        limits: base.limits,
    };
    Ok(PreferencePlan {
        schedule: schedule(&input)?,
        order,
        ruled_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_values_come_first_and_ties_keep_their_order() {
        let (order, ruled_out) = priority(&[Some(0), Some(6), None, Some(2), Some(6), Some(0)]);
        assert_eq!(order, [1, 4, 3, 0, 5]);
        assert_eq!(ruled_out, [2]);
    }
}
