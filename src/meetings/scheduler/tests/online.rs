//! Online meetings already booked: they hold their company and buyer, not a table.

use super::*;

#[test]
fn a_booked_online_meeting_holds_its_participants_but_no_table() {
    // aoki meets xu online in slot 0: its table stays free, aoki and xu do not.
    let mut input = fair(2, 1);
    input.booked = vec![BookedMeeting {
        slot: 0,
        company: "aoki",
        buyer: "xu",
        table: None,
        interpreter: None,
    }];
    input.requests = vec![
        meet("aoki", "yang"),
        meet("baba", "xu"),
        meet("chiba", "zhao"),
    ];
    let plan = schedule(&input).expect("schedules");
    for a in &plan.assignments {
        let request = &input.requests[a.request];
        if request.company == "aoki" || request.buyer == "xu" {
            assert_ne!(a.slot, 0, "{request:?}");
        }
    }
    assert!(plan.assignments.iter().any(|a| a.slot == 0));
}
