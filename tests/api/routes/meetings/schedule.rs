//! Placing a meeting: `PUT /meetings/{id}/schedule`, its clashes and races.

use futures_util::future::join_all;
use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, slots, tables, trade_fair, verified_buyer,
};
use crate::common::TestApp;

api_test!(
    async fn scheduling_refuses_clashes_and_blocked_slots_naming_them(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let other_sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        let interpreter = app
            .add_interpreter(&desk, &event, &json!({"name": "Suda", "languages": ["th", "ja"]}))
            .await
            .expect(201)["id"]
            .clone();
        let slots = slots(&app, &event).await;
        let tables = tables(&app, &event).await;
        let (slot, table) = (slots[0]["id"].clone(), tables[0].clone());
        let first = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.schedule_meeting(&desk, &first, &json!({"slot_id": slot, "table_id": table, "interpreter_id": interpreter}))
            .await
            .expect(200);
        let same_company = accepted_meeting(&app, &event, &sme, &other_buyer).await;
        let problem = app
            .schedule_meeting(&desk, &same_company, &json!({"slot_id": slot, "table_id": tables[1]}))
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["company"]));
        let same_buyer = accepted_meeting(&app, &event, &other_sme, &buyer).await;
        let problem = app
            .schedule_meeting(&desk, &same_buyer, &json!({"slot_id": slot, "table_id": table, "interpreter_id": interpreter}))
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["buyer", "table", "interpreter"]));
        let unrelated = accepted_meeting(&app, &event, &other_sme, &other_buyer).await;
        let problem = app
            .schedule_meeting(&desk, &unrelated, &json!({"slot_id": slot, "table_id": table}))
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["table"]));
        // The other company blocks the second slot; the desk cannot put it there.
        app.set_availability(&other_sme, &event, &json!({"company_id": other_sme.company_id.unwrap(), "blocked_slot_ids": [slots[1]["id"]]}))
            .await
            .expect(200);
        let problem = app
            .schedule_meeting(&desk, &unrelated, &json!({"slot_id": slots[1]["id"], "table_id": tables[1]}))
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["company unavailable"]));
        app.schedule_meeting(&desk, &unrelated, &json!({"slot_id": slots[2]["id"], "table_id": tables[1]}))
            .await
            .expect(200);
        // Cancelling frees the slot for someone else.
        app.cancel_meeting(&buyer, &first).await.expect(200);
        app.schedule_meeting(&desk, &same_company, &json!({"slot_id": slot, "table_id": table}))
            .await
            .expect(200);
        let blocked = app
            .get_availability(&other_sme, &event, &format!("company_id={}", other_sme.company_id.unwrap()))
            .await
            .expect(200);
        assert_eq!(blocked["blocked_slot_ids"], json!([slots[1]["id"]]));
        app.get_availability(&sme, &event, &format!("company_id={}", other_sme.company_id.unwrap()))
            .await
            .problem(404);
        let problem = app
            .schedule_meeting(&other_sme, &unrelated, &json!({"slot_id": slots[3]["id"], "table_id": tables[2]}))
            .await
            .problem(403);
        assert!(problem["detail"].as_str().unwrap().contains("desk"));
    }
);

api_test!(
    async fn fifty_concurrent_bookings_of_one_company_and_slot_let_exactly_one_through(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({"name": "Rush"})).await;
        let desk = app.user(Role::Desk);
        let labels: Vec<String> = (0..50).map(|n| format!("T{n:02}")).collect();
        app.create_tables(&desk, &event, &json!({"labels": labels})).await.expect(201);
        let sme = exhibitor(&app, &event).await;
        let mut meetings = Vec::new();
        for _ in 0..50 {
            let buyer = verified_buyer(&app).await;
            meetings.push(accepted_meeting(&app, &event, &sme, &buyer).await);
        }
        let slot = slots(&app, &event).await[4]["id"].clone();
        let tables = tables(&app, &event).await;
        let attempts = meetings.iter().zip(tables.iter().skip(3)).map(|(meeting, table)| {
            app.schedule_meeting(&desk, meeting, &json!({"slot_id": slot, "table_id": table})).send()
        });
        let responses = join_all(attempts).await;
        let won = responses.iter().filter(|r| r.status.as_u16() == 200).count();
        let clashed = responses.iter().filter(|r| r.status.as_u16() == 409).count();
        assert_eq!((won, clashed), (1, 49), "{:?}", responses.iter().map(|r| r.status.as_u16()).collect::<Vec<_>>());
        for response in responses.iter().filter(|r| r.status.as_u16() == 409) {
            assert_eq!(response.problem(409)["clashes"], json!(["company"]));
        }
        let scheduled = app
            .list_meetings(&desk, &format!("event_id={event}&status=scheduled"))
            .await
            .expect(200);
        assert_eq!(scheduled["items"].as_array().unwrap().len(), 1);
    }
);
