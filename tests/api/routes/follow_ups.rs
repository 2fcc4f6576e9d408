//! The follow-up queue and the support log, route by route and role by role.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{exhibitor, held_meeting, tokyo_fair};
use crate::common::TestApp;

api_test!(
    async fn who_may_read_and_write_the_queue_and_the_support_log(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let company = sme.company_id.unwrap();
        let entry = json!({"occurred_on": "2026-11-02", "channel": "online", "topic": "market_entry",
                           "notes": "Export plan for Vietnam", "internal": false});
        // Expected status per role: admin, desk, reviewer, the company's sme, another sme,
        // buyer, candidate, anonymous.
        let roles = [Some(Role::Admin), Some(Role::Desk), Some(Role::Reviewer), Some(Role::Sme), None, Some(Role::Buyer), Some(Role::Candidate)];
        let other_sme = app.new_user(Role::Sme);
        let matrix: [(&str, &str, Option<&serde_json::Value>, [u16; 8]); 3] = [
            ("GET", "/api/v1/follow-ups", None, [200, 200, 403, 403, 403, 403, 403, 401]),
            ("POST", "support-log", Some(&entry), [201, 201, 403, 403, 403, 403, 403, 401]),
            ("GET", "support-log", None, [200, 200, 200, 200, 404, 403, 403, 401]),
        ];
        for (method, path, body, expected) in matrix {
            let path = if path == "support-log" { format!("/api/v1/companies/{company}/support-log") } else { path.to_owned() };
            let method = actix_web::http::Method::from_bytes(method.as_bytes()).unwrap();
            let mut got = Vec::new();
            for role in roles {
                let caller = match role {
                    Some(role) => app.user(role),
                    None => other_sme.clone(),
                };
                let mut request = app.request(method.clone(), &path).by(&caller);
                if let Some(body) = body {
                    request = request.json(body);
                }
                got.push(request.send().await.status.as_u16());
            }
            let mut anonymous = app.request(method.clone(), &path);
            if let Some(body) = body {
                anonymous = anonymous.json(body);
            }
            got.push(anonymous.send().await.status.as_u16());
            assert_eq!(got, expected, "{method} {path}");
        }
        // An unknown company's log is not found.
        app.get_support_log(&app.user(Role::Desk), uuid::Uuid::now_v7(), "").await.problem(404);
        app.record_support(&app.user(Role::Desk), uuid::Uuid::now_v7(), &entry).await.problem(404);
    }
);

api_test!(
    async fn disagreeing_reports_wait_in_the_queue_until_the_desk_confirms_one(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
        app.report_outcome(&sme, &meeting, &json!({"status": "prospect"})).await.expect(201);
        let disagreeing = app.report_outcome(&buyer, &meeting, &json!({"status": "lost", "closed_on": "2021-06-01"})).await.expect(201);
        let queue = app.list_follow_ups(&desk, "").await.expect(200);
        let items: Vec<_> = queue["items"].as_array().unwrap().iter().filter(|i| i["reason"] == "reports_disagree").collect();
        assert_eq!(items.len(), 1, "{queue}");
        assert_eq!(items[0]["meeting_id"], meeting.as_str());
        let item = items[0]["id"].as_str().unwrap().to_owned();
        // Closing by hand needs a note; the desk confirms instead.
        app.update_follow_up(&desk, &item, &json!({"status": "done"})).await.problem(422);
        let buyer_report = disagreeing["reports"].as_array().unwrap().iter().find(|r| r["side"] == "buyer").unwrap()["id"].clone();
        app.confirm_report(&desk, &meeting, &json!({"report_id": buyer_report})).await.expect(200);
        let done = app.list_follow_ups(&desk, "status=done").await.expect(200);
        let closed = done["items"].as_array().unwrap().iter().find(|i| i["id"] == item.as_str()).expect("closed");
        assert_eq!(closed["resolution"], "confirmed");
        // The +3 months survey of a meeting of 2021 is long overdue: closed by hand with a note.
        let open = app.list_follow_ups(&desk, "").await.expect(200);
        let survey = open["items"].as_array().unwrap().iter().find(|i| i["reason"] == "survey_unanswered").expect("an overdue survey")["id"].as_str().unwrap().to_owned();
        let closed = app.update_follow_up(&desk, &survey, &json!({"status": "done", "note": "The buyer left the company"})).await.expect(200);
        assert_eq!((closed["status"].as_str(), closed["resolution"].as_str()), (Some("done"), Some("done")));
        assert_eq!(closed["note"], "The buyer left the company");
    }
);
