//! Scanning check-in codes at the desk: once per participant, only this fair's codes, and
//! offline batches where the earliest scan wins.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sagamihara_match::auth::Role;
use serde_json::json;

use super::code_of;
use crate::api_test;
use crate::common::fixtures::{exhibitor, trade_fair, verified_buyer};
use crate::common::TestApp;

fn time(value: &serde_json::Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

api_test! {
    async fn scanning_a_code_twice_records_one_arrival_and_answers_the_first(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let company = sme.company_id.unwrap();
        let code = code_of(&app, &desk, &event, company).await;

        let first = app.check_in(&desk, &event, &code).await.expect(201);
        assert_eq!(first["participant_id"], company.to_string());
        assert_eq!(first["kind"], "company");
        assert_eq!(first["scanned_at"], serde_json::Value::Null);
        let again = app.check_in(&app.user(Role::Admin), &event, &code).await.expect(200);
        assert_eq!(again["checked_in_at"], first["checked_in_at"]);

        let listed = app.list_participants(&desk, &event, "").await.expect(200);
        let items = listed["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["checked_in_at"], first["checked_in_at"]);
        // The participant itself does not check in.
        app.check_in(&sme, &event, &code).await.problem(403);
    }
}

api_test! {
    async fn a_code_of_another_fair_or_a_forged_one_checks_nobody_in(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let other_fair = trade_fair(&app, json!({"name": "Another fair"})).await;
        let sme = exhibitor(&app, &event).await;
        let company = sme.company_id.unwrap();
        app.add_exhibitor(&desk, &other_fair, &json!({"company_id": company})).await.expect(201);
        let here = code_of(&app, &desk, &event, company).await;
        let there = code_of(&app, &desk, &other_fair, company).await;
        assert_ne!(here, there, "a code is bound to its fair");

        app.check_in(&desk, &event, &there).await.problem(404);
        // One character changed, or a code the service never made.
        let last = if here.ends_with('A') { "B" } else { "A" };
        let forged = format!("{}{last}", &here[..here.len() - 1]);
        app.check_in(&desk, &event, &forged).await.problem(404);
        app.check_in(&desk, &event, &"A".repeat(64)).await.problem(404);
        // Not even the code's alphabet: refused as the document's pattern says, not looked up.
        let refused = app.check_in(&desk, &event, "not a code").await.problem(422);
        assert_eq!(refused["errors"][0]["field"], "token");
        let listed = app.list_participants(&desk, &event, "").await.expect(200);
        assert_eq!(listed["items"][0]["checked_in_at"], serde_json::Value::Null);
        // The right code still works.
        app.check_in(&desk, &event, &here).await.expect(201);
    }
}

api_test! {
    async fn offline_scans_are_recorded_with_their_device_times_and_the_earliest_wins(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        app.register_for_event(&buyer, &event).await.expect(201);
        let company_code = code_of(&app, &desk, &event, sme.company_id.unwrap()).await;
        let buyer_code = code_of(&app, &desk, &event, buyer.buyer_id.unwrap()).await;
        let now = Utc::now().duration_trunc(TimeDelta::seconds(1)).unwrap();
        let ago = |minutes: i64| (now - TimeDelta::minutes(minutes)).to_rfc3339();

        let answer = app
            .check_in_batch(&desk, &event, &json!([
                {"token": buyer_code, "scanned_at": ago(10)},
                {"token": buyer_code, "scanned_at": ago(20)},
                {"token": "A".repeat(64), "scanned_at": ago(15)},
                {"token": company_code, "scanned_at": ago(5)},
            ]))
            .await
            .expect(200);
        let results = answer["results"].as_array().unwrap();
        let outcomes: Vec<&str> = results.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, ["checked_in", "moved_earlier", "unknown_code", "checked_in"]);
        assert_eq!(results[2]["check_in"], serde_json::Value::Null);
        assert_eq!(time(&results[1]["check_in"]["checked_in_at"]), now - TimeDelta::minutes(20));
        assert_eq!(time(&results[3]["check_in"]["checked_in_at"]), now - TimeDelta::minutes(5));

        // A later batch with a later scan changes nothing; an online scan answers the first.
        let later = app
            .check_in_batch(&desk, &event, &json!([{"token": buyer_code, "scanned_at": ago(15)}]))
            .await
            .expect(200);
        assert_eq!(later["results"][0]["outcome"], "already_checked_in");
        let online = app.check_in(&desk, &event, &buyer_code).await.expect(200);
        assert_eq!(time(&online["checked_in_at"]), now - TimeDelta::minutes(20));
        assert_eq!(time(&online["scanned_at"]), now - TimeDelta::minutes(20));

        // A device clock running fast counts as now, not as the future.
        let other = exhibitor(&app, &event).await;
        let other_code = code_of(&app, &desk, &event, other.company_id.unwrap()).await;
        let ahead = app
            .check_in_batch(&desk, &event, &json!([{"token": other_code, "scanned_at": (Utc::now() + TimeDelta::hours(2)).to_rfc3339()}]))
            .await
            .expect(200);
        assert!(time(&ahead["results"][0]["check_in"]["checked_in_at"]) <= Utc::now());

        // A batch is 1 to 400 scans.
        app.check_in_batch(&desk, &event, &json!([])).await.problem(422);
        let too_many: Vec<_> = (0..401).map(|_| json!({"token": "A", "scanned_at": ago(1)})).collect();
        app.check_in_batch(&desk, &event, &json!(too_many)).await.problem(422);
    }
}
