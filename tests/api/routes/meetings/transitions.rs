//! A meeting's lifecycle: accept, withdraw, held, cancel, each move recorded.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{
    exhibitor, requested_meeting, slots, tables, trade_fair, verified_buyer,
};
use crate::common::TestApp;

api_test!(
    async fn a_request_goes_through_its_lifecycle_with_every_move_recorded(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let desk = app.user(Role::Desk);
        let meeting = requested_meeting(&app, &buyer, &event, &sme).await;
        assert_eq!(meeting["status"], "requested");
        let id = meeting["id"].as_str().unwrap();
        // The buyer cannot accept its own request; another company cannot even see it.
        app.accept_meeting(&buyer, id).await.problem(403);
        let stranger = app.new_user(Role::Sme);
        app.accept_meeting(&stranger, id).await.problem(404);
        app.get_meeting(&stranger, id).await.problem(404);
        // A request cannot skip acceptance.
        let problem = app.mark_meeting_held(&desk, id).await.problem(409);
        assert_eq!(problem["current_status"], "requested");

        let accepted = app
            .accept_meeting(&sme, id)
            .json(&json!({"note": "Happy to meet"}))
            .await
            .expect(200);
        assert_eq!(accepted["status"], "accepted");
        let problem = app.withdraw_meeting(&buyer, id).await.problem(409);
        assert_eq!(problem["current_status"], "accepted");

        let slot = slots(&app, &event).await[0]["id"].clone();
        let table = tables(&app, &event).await[0].clone();
        let scheduled = app
            .schedule_meeting(&desk, id, &json!({"slot_id": slot, "table_id": table}))
            .await
            .expect(200);
        assert_eq!(scheduled["status"], "scheduled");
        assert_eq!(scheduled["placement"]["table"], "A1");
        assert_eq!(scheduled["placement"]["starts_at"], "2026-12-01T03:00:00Z");
        app.mark_meeting_held(&sme, id).await.problem(403);
        let held = app.mark_meeting_held(&desk, id).await.expect(200);
        assert_eq!(held["status"], "held");
        let history: Vec<(Value, Value, Value)> = held["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["from_status"].clone(), t["to_status"].clone(), t["actor_id"].clone()))
            .collect();
        assert_eq!(
            history,
            [
                (Value::Null, json!("requested"), json!(buyer.id.to_string())),
                (json!("requested"), json!("accepted"), json!(sme.id.to_string())),
                (json!("accepted"), json!("scheduled"), json!(desk.id.to_string())),
                (json!("scheduled"), json!("held"), json!(desk.id.to_string())),
            ]
        );
        assert_eq!(held["history"][1]["note"], "Happy to meet");
        let problem = app.cancel_meeting(&buyer, id).await.problem(409);
        assert_eq!(problem["current_status"], "held");
    }
);
