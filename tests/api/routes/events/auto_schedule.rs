//! The auto-scheduler: `POST /events/{id}/schedule`.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{accepted_meeting, exhibitor, slots, trade_fair, verified_buyer};
use crate::common::{TestApp, TestUser};

api_test!(
    async fn the_auto_scheduler_builds_a_clash_free_timetable_and_refills_after_a_cancellation(backend) {
        let app = TestApp::new(backend).await;
        // 18 slots x 3 tables; at most 4 meetings per buyer.
        let event = trade_fair(&app, json!({"max_meetings_per_buyer": 4})).await;
        let desk = app.user(Role::Desk);
        let companies: Vec<TestUser> = {
            let mut list = Vec::new();
            for _ in 0..4 {
                list.push(exhibitor(&app, &event).await);
            }
            list
        };
        let buyers: Vec<TestUser> = {
            let mut list = Vec::new();
            for _ in 0..5 {
                list.push(verified_buyer(&app).await);
            }
            list
        };
        // Every buyer asks every company except one: 5 x 4 - 5 = 15 requests; buyer 0 asks
        // all four, so its limit of 4 is reached exactly.
        let mut requested = Vec::new();
        for (b, buyer) in buyers.iter().enumerate() {
            for (c, company) in companies.iter().enumerate() {
                if b > 0 && c == b % 4 {
                    continue;
                }
                requested.push(accepted_meeting(&app, &event, company, buyer).await);
            }
        }
        // Company 0 cannot attend the first six slots.
        let slot_list = slots(&app, &event).await;
        let blocked: Vec<Value> = slot_list[..6].iter().map(|s| s["id"].clone()).collect();
        app.set_availability(&companies[0], &event, &json!({"company_id": companies[0].company_id.unwrap(), "blocked_slot_ids": blocked}))
            .await
            .expect(200);
        app.auto_schedule(&companies[0], &event).await.problem(403);
        let run = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!(run["considered"], requested.len());
        assert_eq!(run["scheduled"], requested.len(), "{run}");
        assert!(run["unscheduled"].as_array().unwrap().is_empty());

        let all = app.list_meetings(&desk, &format!("event_id={event}&limit=100")).await.expect(200);
        let items = all["items"].as_array().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for m in items {
            assert_eq!(m["status"], "scheduled");
            let slot = m["placement"]["slot_id"].as_str().unwrap().to_owned();
            for key in [m["company"]["id"].to_string(), m["buyer"]["id"].to_string(), m["placement"]["table_id"].to_string()] {
                assert!(seen.insert((slot.clone(), key.clone())), "double booking of {key} in {slot}");
            }
            if m["company"]["id"] == json!(companies[0].company_id.unwrap()) {
                assert!(!blocked.contains(&m["placement"]["slot_id"]), "a blocked slot was used");
            }
        }
        // A second run has nothing left to do.
        let again = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!((again["considered"].clone(), again["scheduled"].clone()), (json!(0), json!(0)));

        // A cancellation frees a place; a new accepted request takes it on the next run.
        let cancelled = items[0]["id"].as_str().unwrap();
        app.cancel_meeting(&desk, cancelled).await.expect(200);
        let late_buyer = verified_buyer(&app).await;
        let late = accepted_meeting(&app, &event, &companies[1], &late_buyer).await;
        let refill = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!(refill["scheduled"], 1);
        let placed = app.get_meeting(&desk, &late).await.expect(200);
        assert_eq!(placed["status"], "scheduled");
        assert_eq!(placed["history"].as_array().unwrap().last().unwrap()["note"], "auto-scheduler");
    }
);

api_test!(
    async fn the_auto_scheduler_says_why_a_request_was_left_out(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let company = exhibitor(&app, &event).await;
        let first = accepted_meeting(&app, &event, &company, &verified_buyer(&app).await).await;
        let second = accepted_meeting(&app, &event, &company, &verified_buyer(&app).await).await;
        // The desk tightens the limit after both requests were accepted.
        app.update_event(&desk, &event, &json!({"kind": "trade_fair", "name": "Sagamihara Business Meeting Bangkok", "city": "Bangkok",
                          "country": "TH", "venue": "BITEC Hall 98", "time_zone": "Asia/Bangkok",
                          "starts_on": "2026-12-01", "ends_on": "2026-12-01", "max_meetings_per_company": 1}))
            .await
            .expect(200);
        let run = app.auto_schedule(&desk, &event).await.expect(200);
        assert_eq!(run["scheduled"], 1);
        assert_eq!(run["unscheduled"], json!([{"meeting_id": second, "reason": "company_limit_reached"}]));
        assert_eq!(run["reasons"], json!({"company_limit_reached": 1}));
        let placed = app.get_meeting(&desk, &first).await.expect(200);
        assert_eq!(placed["status"], "scheduled", "the earlier request wins");
    }
);
