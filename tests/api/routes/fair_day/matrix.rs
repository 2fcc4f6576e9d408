//! Who may use the fair day's routes: every route × every caller, with the participants'
//! own and other parties' ids.

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::code_of;
use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, slots, tables, trade_fair, verified_buyer,
};
use crate::common::{TestApp, TestUser};

api_test! {
    async fn the_desk_runs_the_fair_day_and_a_participant_sees_only_its_own_badge(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let company = exhibitor(&app, &event).await;
        let other_company = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        app.register_for_event(&buyer, &event).await.expect(201);
        let company_id = company.company_id.unwrap();
        let buyer_id = buyer.buyer_id.unwrap();
        let code = code_of(&app, &desk, &event, company_id).await;
        let meeting = accepted_meeting(&app, &event, &company, &buyer).await;
        let slot = slots(&app, &event).await[0]["id"].as_str().unwrap().to_owned();
        let table = tables(&app, &event).await[0].clone();
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": table})).await.expect(200);
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("company", Some(company.clone())),
            ("other_company", Some(other_company)),
            ("buyer", Some(buyer.clone())),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("candidate", Some(app.user(Role::Candidate))),
            ("desk", Some(desk.clone())),
            ("admin", Some(app.user(Role::Admin))),
        ];
        let scan = Some(json!({"token": code}));
        let batch = Some(json!({"scans": [{"token": code, "scanned_at": "2026-12-01T03:00:00Z"}]}));
        let routes: Vec<(Method, String, Option<Value>, [u16; 8])> = vec![
            //                                                                  anon comp othr buyr rev  cand desk admin
            (Method::GET, format!("/api/v1/events/{event}/participants"), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/badges/{company_id}"), None, [401, 200, 404, 404, 403, 404, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/badges/{company_id}.svg"), None, [401, 200, 404, 404, 403, 404, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/badges/{buyer_id}"), None, [401, 404, 404, 200, 403, 404, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/badges/{buyer_id}.svg"), None, [401, 404, 404, 200, 403, 404, 200, 200]),
            // The desk records the arrival; the admin's scan finds it recorded.
            (Method::POST, format!("/api/v1/events/{event}/check-ins"), scan, [401, 403, 403, 403, 403, 403, 201, 200]),
            (Method::POST, format!("/api/v1/events/{event}/check-ins/batch"), batch, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/live"), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, format!("/api/v1/meetings/{meeting}/start"), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/events/{event}/standby?slot_id={slot}&company_id={company_id}"), None, [401, 200, 403, 403, 403, 403, 200, 200]),
        ];
        let mut failures = Vec::new();
        for (method, path, body, expected) in &routes {
            for ((caller, user), status) in callers.iter().zip(expected) {
                let mut request = app.request(method.clone(), path);
                if let Some(user) = user {
                    request = request.by(user);
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                let got = request.send().await.status.as_u16();
                if got != *status {
                    failures.push(format!("{method} {path} as {caller}: expected {status}, got {got}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
