//! Re-planning a fair's timetable (`POST /events/{id}/schedule` with `replan: true`): a
//! first-come run put a pair without wishes in the only slot a mutual `must` can meet;
//! without re-plan the preference run explains the `must` as not placed, with re-plan it
//! moves that meeting (which is told of the move) and places the `must`; a held meeting
//! never moves; the same fair re-planned again stays as it is.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, held_meeting, slots, tables, verified_buyer,
};
use crate::common::{TestApp, TestUser};

/// A trade fair far ahead (no slot has begun): two 20-minute slots, two tables, wishes open.
async fn future_fair(app: &TestApp) -> String {
    let desk = app.user(Role::Desk);
    let event = app
        .create_event(
            &desk,
            &json!({"kind": "trade_fair", "name": "Sagamihara Business Meeting Hanoi", "city": "Hanoi",
                    "country": "VN", "venue": "NECC", "time_zone": "Asia/Ho_Chi_Minh",
                    "starts_on": "2099-06-01", "ends_on": "2099-06-01", "slot_minutes": 20,
                    "preferences_close_at": "2099-05-01T00:00:00Z"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.create_slots(
        &desk,
        &event,
        &json!({"days": [{"date": "2099-06-01", "start": "10:00", "end": "10:40"}]}),
    )
    .await
    .expect(201);
    app.create_tables(&desk, &event, &json!({"labels": ["A1", "A2"]}))
        .await
        .expect(201);
    event
}

fn must(counterpart: uuid::Uuid) -> Value {
    json!({"preferences": [{"counterpart_id": counterpart, "level": "must"}]})
}

async fn block(app: &TestApp, by: &TestUser, event: &str, side: Value, slot: &Value) {
    let mut body = side;
    body["blocked_slot_ids"] = json!([slot["id"]]);
    app.set_availability(by, event, &body).await.expect(200);
}

/// Where each meeting of the fair is: id → (status, slot, table).
async fn timetable(app: &TestApp, event: &str) -> Vec<(String, Value, Value, Value)> {
    let all = app
        .list_meetings(
            &app.user(Role::Desk),
            &format!("event_id={event}&limit=100"),
        )
        .await
        .expect(200);
    let mut rows: Vec<_> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let id = m["id"].as_str().unwrap().to_owned();
            (
                id,
                m["status"].clone(),
                m["placement"]["slot_id"].clone(),
                m["placement"]["table_id"].clone(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

async fn moved_mails(app: &TestApp, meeting: &str) -> usize {
    let query = format!("kind=meeting.moved&subject_id={meeting}&limit=100");
    let listed = app
        .list_notifications(&app.user(Role::Admin), &query)
        .await
        .expect(200);
    listed["items"].as_array().unwrap().len()
}

api_test!(
    async fn a_replan_moves_what_has_not_begun_to_place_a_mutual_must_and_never_a_held_meeting(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = future_fair(&app).await;
        let slots = slots(&app, &event).await;
        let tables = tables(&app, &event).await;
        let [c0, c1, c2] = [exhibitor(&app, &event).await, exhibitor(&app, &event).await, exhibitor(&app, &event).await];
        let [b0, b2] = [verified_buyer(&app).await, verified_buyer(&app).await];
        for buyer in [&b0, &b2] {
            app.register_for_event(buyer, &event).await.expect(201);
        }

        // First come: company 1 and buyer 0 (no wishes) get the first slot.
        let low = accepted_meeting(&app, &event, &c1, &b0).await;
        let first = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!(first["scheduled"], 1, "{first}");
        let low_before = app.get_meeting(&desk, &low).await.expect(200);
        assert_eq!(low_before["placement"]["slot_id"], slots[0]["id"]);
        // Company 2 has held a meeting in the first slot at the second table.
        let (held, _) = held_meeting(&app, &event, &c2, slots[0]["id"].as_str().unwrap(), &tables[1]).await;

        // Two mutual musts, each of which can meet only in the first slot.
        app.put_preferences(&c0, &event, &must(b0.buyer_id.unwrap())).await.expect(200);
        app.put_preferences(&b0, &event, &must(c0.company_id.unwrap())).await.expect(200);
        app.put_preferences(&c2, &event, &must(b2.buyer_id.unwrap())).await.expect(200);
        app.put_preferences(&b2, &event, &must(c2.company_id.unwrap())).await.expect(200);
        block(&app, &c0, &event, json!({"company_id": c0.company_id.unwrap()}), &slots[1]).await;
        block(&app, &b2, &event, json!({"buyer_id": b2.buyer_id.unwrap()}), &slots[1]).await;
        let before = timetable(&app, &event).await;

        // Without re-plan the musts are explained, nothing moves.
        let kept = app.auto_schedule(&desk, &event).json(&json!({"mode": "preference"})).await.expect(200);
        assert_eq!(kept["scheduled"], 0, "{kept}");
        assert_eq!(kept["moved"], 0, "{kept}");
        let not_placed = kept["by_preference"]["not_placed"].as_array().unwrap();
        assert_eq!(not_placed.len(), 2, "{kept}");
        assert!(not_placed.iter().all(|p| p["origin"] == "mutual_must" && p["reason"] == "no_common_free_slot"), "{kept}");
        assert_eq!(timetable(&app, &event).await, before);
        assert_eq!(moved_mails(&app, &low).await, 0);

        // With re-plan the first-come meeting moves to the second slot and the must between
        // company 0 and buyer 0 takes its place; the held meeting stays, so company 2's must
        // is still explained.
        let run = app
            .auto_schedule(&desk, &event)
            .json(&json!({"mode": "preference", "replan": true}))
            .await
            .expect(200);
        assert_eq!(run["moved"], 1, "{run}");
        assert_eq!(run["moved_meeting_ids"], json!([low]), "{run}");
        let placed = run["by_preference"]["placed"].as_array().unwrap();
        assert_eq!(placed.len(), 1, "{run}");
        assert_eq!(placed[0]["company_id"], json!(c0.company_id.unwrap()));
        assert_eq!(placed[0]["buyer_id"], json!(b0.buyer_id.unwrap()));
        assert_eq!(placed[0]["origin"], "mutual_must");
        let left = run["by_preference"]["not_placed"].as_array().unwrap();
        assert_eq!(left.len(), 1, "{run}");
        assert_eq!(left[0]["company_id"], json!(c2.company_id.unwrap()));
        let low_after = app.get_meeting(&desk, &low).await.expect(200);
        assert_eq!(low_after["status"], "scheduled");
        assert_eq!(low_after["placement"]["slot_id"], slots[1]["id"]);
        let must_meeting = app.get_meeting(&desk, placed[0]["meeting_id"].as_str().unwrap()).await.expect(200);
        assert_eq!(must_meeting["placement"]["slot_id"], slots[0]["id"]);
        let held_after = app.get_meeting(&desk, &held).await.expect(200);
        assert_eq!(held_after["status"], "held");
        assert_eq!(held_after["placement"]["slot_id"], slots[0]["id"]);
        assert_eq!(held_after["placement"]["table_id"], json!(tables[1]));
        // The moved meeting's two sides are told; the held one hears nothing.
        assert_eq!(moved_mails(&app, &low).await, 2);
        assert_eq!(moved_mails(&app, &held).await, 0);

        // The same fair re-planned again: the same timetable, nothing moved, nobody told.
        let settled = timetable(&app, &event).await;
        let again = app
            .auto_schedule(&desk, &event)
            .json(&json!({"mode": "preference", "replan": true}))
            .await
            .expect(200);
        assert_eq!((again["moved"].clone(), again["scheduled"].clone()), (json!(0), json!(0)), "{again}");
        assert_eq!(timetable(&app, &event).await, settled);
        assert_eq!(moved_mails(&app, &low).await, 2);
    }
);

api_test!(
    async fn a_first_come_replan_moves_a_meeting_to_make_room_and_leaves_the_rest(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = future_fair(&app).await;
        let slots = slots(&app, &event).await;
        let [c0, c1] = [exhibitor(&app, &event).await, exhibitor(&app, &event).await];
        let b0 = verified_buyer(&app).await;
        let early = accepted_meeting(&app, &event, &c1, &b0).await;
        app.auto_schedule(&desk, &event).await.expect(200);
        // A later request can meet only in the first slot, where buyer 0 already is.
        let late = accepted_meeting(&app, &event, &c0, &b0).await;
        block(&app, &c0, &event, json!({"company_id": c0.company_id.unwrap()}), &slots[1]).await;
        let kept = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!((kept["scheduled"].clone(), kept["moved"].clone()), (json!(0), json!(0)), "{kept}");
        assert_eq!(kept["unscheduled"][0]["meeting_id"], json!(late));
        let run = app.auto_schedule(&desk, &event).json(&json!({"replan": true})).await.expect(200);
        assert_eq!(run["scheduled"], 1, "{run}");
        assert_eq!(run["moved_meeting_ids"], json!([early]), "{run}");
        let early_now = app.get_meeting(&desk, &early).await.expect(200);
        assert_eq!(early_now["placement"]["slot_id"], slots[1]["id"]);
        let late_now = app.get_meeting(&desk, &late).await.expect(200);
        assert_eq!(late_now["placement"]["slot_id"], slots[0]["id"]);
        assert_eq!(moved_mails(&app, &early).await, 2);
    }
);
