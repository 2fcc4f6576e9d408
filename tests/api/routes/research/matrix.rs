//! Who may use the research and consortium routes: every route × every caller, the expert
//! among them.

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::{brief_body, draft, published};
use crate::api_test;
use crate::common::fixtures::approved_sme;
use crate::common::{TestApp, TestUser};

api_test! {
    async fn research_and_consortium_routes_answer_each_caller_as_its_role_allows(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let company = approved_sme(&app).await;
        let expert = app.user(Role::Expert);
        let company_id = company.company_id.unwrap();
        let callers: Vec<(&str, Option<TestUser>)> = vec![
            ("anonymous", None),
            ("company", Some(company.clone())),
            ("other_company", Some(approved_sme(&app).await)),
            ("buyer", Some(app.user(Role::Buyer))),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("candidate", Some(app.user(Role::Candidate))),
            ("expert", Some(expert.clone())),
            ("desk", Some(desk.clone())),
            ("admin", Some(app.user(Role::Admin))),
        ];
        let public = published(&app, &brief_body(&["ai"], &[], "public")).await;
        let members = published(&app, &brief_body(&["ai"], &[], "members")).await;
        let expert_draft = draft(&app, &expert, &brief_body(&["ai"], &[], "public")).await;
        let desk_draft = draft(&app, &desk, &brief_body(&["ai"], &[], "public")).await;
        let member = app.post("/api/v1/consortium/members").by(&desk).json(&json!({"name_ja": "相模原大学", "name_en": "Sagamihara University", "kind": "university"})).send().await.expect(201);
        let member = member["id"].as_str().unwrap().to_owned();
        let contact = app.post(&format!("/api/v1/consortium/members/{member}/contacts")).by(&desk).json(&json!({"name": "山田 花子", "email": "hanako@example.ac.jp"})).send().await.expect(201);
        let contact = contact["id"].as_str().unwrap().to_owned();
        let forum = app.post("/api/v1/events").by(&desk).json(&json!({"kind": "forum", "name": "AI forum", "city": "Sagamihara", "country": "JP", "venue": "Hall", "time_zone": "Asia/Tokyo", "starts_on": "2027-02-01", "ends_on": "2027-02-01"})).send().await.expect(201);
        let forum = forum["id"].as_str().unwrap().to_owned();

        let brief = Some(brief_body(&["ai"], &[], "public"));
        let change = Some(json!({"summary_en": "changed"}));
        let topics = Some(json!({"tags": ["ai"]}));
        let new_member = Some(json!({"name_ja": "相模原信用金庫", "name_en": "Sagamihara Shinkin", "kind": "financial_institution"}));
        let rename = Some(json!({"name_en": "Sagamihara University of Technology"}));
        let new_contact = Some(json!({"name": "佐藤", "email": "sato@example.jp"}));
        let links = Some(json!({"members": [{"member_id": member}]}));
        let routes: Vec<(Method, String, Option<Value>, [u16; 9])> = vec![
            //                                                                              anon comp othr buyr rev  cand expt desk admin
            (Method::GET, "/api/v1/briefs".into(), None,                                     [200, 200, 200, 200, 200, 200, 200, 200, 200]),
            (Method::POST, "/api/v1/briefs".into(), brief,                                   [401, 403, 403, 403, 403, 403, 201, 201, 201]),
            (Method::GET, format!("/api/v1/briefs/{public}"), None,                          [200, 200, 200, 200, 200, 200, 200, 200, 200]),
            (Method::GET, format!("/api/v1/briefs/{members}"), None,                         [404, 200, 200, 200, 200, 404, 200, 200, 200]),
            (Method::GET, format!("/api/v1/briefs/{expert_draft}"), None,                    [404, 404, 404, 404, 404, 404, 200, 200, 200]),
            (Method::GET, format!("/api/v1/briefs/{desk_draft}"), None,                      [404, 404, 404, 404, 404, 404, 404, 200, 200]),
            (Method::PATCH, format!("/api/v1/briefs/{expert_draft}"), change.clone(),        [401, 404, 404, 404, 404, 404, 200, 200, 200]),
            (Method::PATCH, format!("/api/v1/briefs/{desk_draft}"), change.clone(),          [401, 404, 404, 404, 404, 404, 404, 200, 200]),
            (Method::PATCH, format!("/api/v1/briefs/{public}"), change,                      [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            // The desk publishes; the admin then finds it published.
            (Method::POST, format!("/api/v1/briefs/{expert_draft}/publish"), None,           [401, 403, 403, 403, 403, 403, 403, 200, 409]),
            (Method::GET, format!("/api/v1/briefs/{public}/reach"), None,                    [401, 403, 403, 403, 200, 403, 403, 200, 200]),
            (Method::GET, "/api/v1/research/reach".into(), None,                             [401, 403, 403, 403, 200, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/companies/{company_id}/subscriptions"), None,     [401, 200, 404, 403, 403, 403, 403, 200, 200]),
            (Method::PUT, format!("/api/v1/companies/{company_id}/subscriptions"), topics,   [401, 200, 404, 403, 403, 403, 403, 200, 200]),
            (Method::GET, "/api/v1/consortium".into(), None,                                 [200, 200, 200, 200, 200, 200, 200, 200, 200]),
            (Method::GET, "/api/v1/consortium/members".into(), None,                         [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, "/api/v1/consortium/members".into(), new_member,                  [401, 403, 403, 403, 403, 403, 403, 201, 201]),
            (Method::GET, format!("/api/v1/consortium/members/{member}"), None,              [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            (Method::PATCH, format!("/api/v1/consortium/members/{member}"), rename,          [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            (Method::POST, format!("/api/v1/consortium/members/{member}/contacts"), new_contact, [401, 403, 403, 403, 403, 403, 403, 201, 201]),
            (Method::PATCH, format!("/api/v1/consortium/contacts/{contact}"), Some(json!({"title": "Professor"})), [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            (Method::PUT, format!("/api/v1/events/{forum}/consortium"), links,               [401, 403, 403, 403, 403, 403, 403, 200, 200]),
            (Method::GET, format!("/api/v1/events/{forum}/consortium"), None,                [200, 200, 200, 200, 200, 200, 200, 200, 200]),
            // The desk deletes; the admin then finds it gone. A member in a forum stays.
            (Method::DELETE, format!("/api/v1/consortium/contacts/{contact}"), None,         [401, 403, 403, 403, 403, 403, 403, 204, 404]),
            (Method::DELETE, format!("/api/v1/consortium/members/{member}"), None,           [401, 403, 403, 403, 403, 403, 403, 409, 409]),
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
