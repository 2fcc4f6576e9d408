//! Who may use the yearly report's routes: every route × every caller. Admins open, publish
//! and correct; reviewers read drafts and sign their own opinion; the published versions are
//! everyone's.

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{TestApp, TestUser};

api_test! {
    async fn admins_publish_reviewers_sign_and_everyone_reads_what_is_published(backend) {
        let app = TestApp::new(backend).await;
        app.open_report(&app.user(Role::Admin), 2025).await.expect(201);
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("sme", Some(app.user(Role::Sme))),
            ("buyer", Some(app.user(Role::Buyer))),
            ("candidate", Some(app.user(Role::Candidate))),
            ("expert", Some(app.user(Role::Expert))),
            ("desk", Some(app.user(Role::Desk))),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("admin", Some(app.user(Role::Admin))),
        ];
        let opinion = json!({"language": "ja", "text": "妥当です。"});
        let correction = json!({"what_changed": "売上高", "why": "後日の成約"});
        let routes: Vec<(Method, &str, Option<Value>, [u16; 8])> = vec![
            //                                                                   anon sme  buyr cand expt desk rev  admin
            (Method::POST, "/api/v1/reports/2026", None, [401, 403, 403, 403, 403, 403, 403, 201]),
            (Method::GET, "/api/v1/reports/2025", None, [401, 403, 403, 403, 403, 403, 200, 200]),
            (Method::PUT, "/api/v1/reports/2025/opinions/me", Some(opinion), [401, 403, 403, 403, 403, 403, 200, 403]),
            (Method::POST, "/api/v1/reports/2025/publish", None, [401, 403, 403, 403, 403, 403, 403, 201]),
            (Method::POST, "/api/v1/reports/2025/corrections", Some(correction), [401, 403, 403, 403, 403, 403, 403, 201]),
            (Method::GET, "/api/v1/public/reports/2025", None, [200; 8]),
            (Method::GET, "/api/v1/public/reports/2025/versions/2", None, [200; 8]),
            (Method::GET, "/api/v1/public/reports/2025.csv", None, [200; 8]),
            (Method::GET, "/api/v1/public/reports/2025.html?lang=en", None, [200; 8]),
            // A year that is only drafted is nobody's to read publicly.
            (Method::GET, "/api/v1/public/reports/2026", None, [404; 8]),
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
        let audit: Value = app.get("/api/v1/audit?entity=report").by(&app.user(Role::Reviewer)).send().await.expect(200);
        let actions: Vec<_> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["open", "open", "publish", "correct"]);
        let audit: Value = app.get("/api/v1/audit?entity=report_opinion").by(&app.user(Role::Admin)).send().await.expect(200);
        assert_eq!(audit["items"].as_array().unwrap().len(), 1, "the reviewer's signature");
    }
}
