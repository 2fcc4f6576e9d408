//! On the fair day: meetings start (the desk's start, or both sides checked in during the
//! slot), a no-show frees its slot, and the company's standby list fills it.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::live::{at_table, fair_running_now};
use crate::api_test;
use crate::common::fixtures::{accepted_meeting, exhibitor, verified_buyer};
use crate::common::{TestApp, TestUser};

/// A meeting of `sme` with a new registered buyer, accepted but not placed.
async fn unplaced(app: &TestApp, event: &str, sme: &TestUser) -> (String, TestUser) {
    let buyer = verified_buyer(app).await;
    app.register_for_event(&buyer, event).await.expect(201);
    (accepted_meeting(app, event, sme, &buyer).await, buyer)
}

api_test! {
    async fn the_desk_starts_a_scheduled_meeting_once_and_the_board_stops_waiting(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slot, tables) = fair_running_now(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = unplaced(&app, &event, &sme).await;
        // Only a scheduled meeting starts; only the desk starts it.
        app.start_meeting(&desk, &meeting).await.problem(409);
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": tables[0]})).await.expect(200);
        for party in [&sme, &buyer] {
            app.start_meeting(party, &meeting).await.problem(403);
        }
        let board = app.live_board(&desk, &event, "").await.expect(200);
        let before = &at_table(&board, "A1")["meeting"];
        assert_eq!((before["started"].clone(), before["probable_no_show"].clone()), (json!(false), json!(true)));

        let started = app.start_meeting(&desk, &meeting).await.expect(200);
        let at = started["started_at"].clone();
        assert!(at.is_string(), "{started}");
        let again = app.start_meeting(&app.user(Role::Admin), &meeting).await.expect(200);
        assert_eq!(again["started_at"], at, "the first start stands");
        let view = app.get_meeting(&sme, &meeting).await.expect(200);
        assert_eq!(view["started_at"], at);

        let board = app.live_board(&desk, &event, "").await.expect(200);
        let after = &at_table(&board, "A1")["meeting"];
        assert_eq!((after["started"].clone(), after["started_at"].clone()), (json!(true), at));
        assert_eq!((after["late"].clone(), after["probable_no_show"].clone()), (json!(false), json!(false)));
        // Not a no-show by itself: still scheduled until the desk marks it.
        assert_eq!(after["status"], "scheduled");
        assert_eq!(Value::Null, at_table(&board, "A2")["meeting"]);
    }
}
