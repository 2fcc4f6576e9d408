//! Who may do what in the catalogue: every route × every role, with other owners' ids.

use actix_web::http::Method;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::verbs::ANONYMOUS;
use crate::common::{TestApp, TestUser};

/// The callers of the matrix, in the order cells are tried.
const CALLERS: [&str; 8] = [
    "anonymous",
    "sme_own",
    "sme_other",
    "buyer",
    "buyer_other",
    "reviewer",
    "desk",
    "admin",
];

struct World {
    users: Vec<(&'static str, Option<TestUser>)>,
    company: String,
    pending_company: String,
    published: String,
    draft: String,
    buyer: String,
    unverified_buyer: String,
}

async fn world(app: &TestApp) -> World {
    let desk = app.user(Role::Desk);
    let sme_own = app.new_user(Role::Sme);
    let sme_other = app.new_user(Role::Sme);
    let pending = app.new_user(Role::Sme);
    for sme in [&sme_own, &sme_other] {
        app.approve_company(&desk, sme.company_id.unwrap())
            .await
            .expect(200);
    }
    let company = sme_own.company_id.unwrap().to_string();
    let new_capability = |status: &str| json!({"title_ja": "切削", "title_en": "Cutting", "category": "machining", "status": status});
    let published = app
        .create_capability(&sme_own, &company, &new_capability("published"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = app
        .create_capability(&sme_own, &company, &new_capability("draft"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let buyer = app.new_user(Role::Buyer);
    let buyer_other = app.new_user(Role::Buyer);
    let unverified = app.new_user(Role::Buyer);
    World {
        company,
        pending_company: pending.company_id.unwrap().to_string(),
        published,
        draft,
        buyer: buyer.buyer_id.unwrap().to_string(),
        unverified_buyer: unverified.buyer_id.unwrap().to_string(),
        users: vec![
            ("anonymous", None),
            ("sme_own", Some(sme_own)),
            ("sme_other", Some(sme_other)),
            ("buyer", Some(buyer)),
            ("buyer_other", Some(buyer_other)),
            ("reviewer", Some(app.user(Role::Reviewer))),
            ("desk", Some(desk)),
            ("admin", Some(app.user(Role::Admin))),
        ],
    }
}

/// One route and the status each caller gets, in [`CALLERS`] order.
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    expected: [u16; 8],
}

fn row(method: Method, path: String, body: Option<Value>, expected: [u16; 8]) -> Row {
    Row {
        method,
        path,
        body,
        expected,
    }
}

api_test!(
    async fn every_catalogue_route_answers_each_role_as_documented(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let profile = Some(json!({"description_en": "updated"}));
        let capability = Some(json!({"title_ja": "溶接", "title_en": "Welding", "category": "welding"}));
        //                                                      anon sme  sme_o buyer buy_o rev  desk admin
        let rows = vec![
            row(Method::GET, "/api/v1/companies".into(), None, [200, 200, 200, 200, 200, 200, 200, 200]),
            row(Method::GET, format!("/api/v1/companies/{}", w.company), None, [200, 200, 200, 200, 200, 200, 200, 200]),
            row(Method::GET, format!("/api/v1/companies/{}", w.pending_company), None, [404, 404, 404, 404, 404, 404, 200, 200]),
            row(Method::PATCH, format!("/api/v1/companies/{}", w.company), profile.clone(), [401, 200, 403, 403, 403, 403, 200, 200]),
            row(Method::PATCH, format!("/api/v1/companies/{}", w.pending_company), profile.clone(), [401, 404, 404, 404, 404, 404, 200, 200]),
            // Authorised callers reach the state check: the company is already approved.
            row(Method::POST, format!("/api/v1/companies/{}/approve", w.company), None, [401, 403, 403, 403, 403, 403, 409, 409]),
            // ...and the missing reason.
            row(Method::POST, format!("/api/v1/companies/{}/suspend", w.company), Some(json!({})), [401, 403, 403, 403, 403, 403, 422, 422]),
            row(Method::POST, format!("/api/v1/companies/{}/capabilities", w.company), capability.clone(), [401, 201, 403, 403, 403, 403, 201, 201]),
            row(Method::POST, format!("/api/v1/companies/{}/capabilities", w.pending_company), capability, [401, 404, 404, 404, 404, 404, 201, 201]),
            row(Method::GET, "/api/v1/capabilities".into(), None, [200, 200, 200, 200, 200, 200, 200, 200]),
            row(Method::GET, format!("/api/v1/capabilities?status=draft&company_id={}", w.company), None, [403, 200, 403, 403, 403, 403, 200, 200]),
            row(Method::GET, format!("/api/v1/capabilities/{}", w.published), None, [200, 200, 200, 200, 200, 200, 200, 200]),
            row(Method::GET, format!("/api/v1/capabilities/{}", w.draft), None, [404, 200, 404, 404, 404, 404, 200, 200]),
            row(Method::PATCH, format!("/api/v1/capabilities/{}", w.published), profile.clone(), [401, 200, 403, 403, 403, 403, 200, 200]),
            row(Method::PATCH, format!("/api/v1/capabilities/{}", w.draft), profile.clone(), [401, 200, 404, 404, 404, 404, 200, 200]),
            row(Method::GET, "/api/v1/buyers".into(), None, [401, 403, 403, 403, 403, 403, 200, 200]),
            row(Method::GET, format!("/api/v1/buyers/{}", w.buyer), None, [401, 404, 404, 200, 404, 404, 200, 200]),
            row(Method::PATCH, format!("/api/v1/buyers/{}", w.buyer), Some(json!({"industry": "automotive"})), [401, 404, 404, 200, 404, 404, 200, 200]),
            row(Method::GET, format!("/api/v1/buyers/{}/recommendations", w.buyer), None, [401, 404, 404, 200, 404, 404, 200, 200]),
            // The desk verifies first; the admin then finds it verified.
            row(Method::POST, format!("/api/v1/buyers/{}/verify", w.unverified_buyer), None, [401, 403, 403, 403, 403, 403, 200, 409]),
        ];
        let mut cells = 0;
        let mut failures = Vec::new();
        for r in &rows {
            for (index, (caller, user)) in w.users.iter().enumerate() {
                assert_eq!(*caller, CALLERS[index]);
                let mut request = app.request(r.method.clone(), &r.path);
                if let Some(user) = user {
                    request = request.by(user);
                }
                if let Some(body) = &r.body {
                    request = request.json(body);
                }
                let response = request.send().await;
                cells += 1;
                if response.status.as_u16() != r.expected[index] {
                    failures.push(format!(
                        "{} {} as {caller}: expected {}, got {} {}",
                        r.method, r.path, r.expected[index], response.status.as_u16(), response.text()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{} of {cells} cells differ:\n{}", failures.len(), failures.join("\n"));

        // Archiving, per caller, on a capability of its own so earlier cells change nothing.
        let owner = w.users[1].1.clone().unwrap();
        for (index, (caller, user)) in w.users.iter().enumerate() {
            let id = app
                .create_capability(&owner, &w.company, &json!({"title_ja": "組立", "title_en": "Assembly", "category": "assembly", "status": "published"}))
                .await
                .expect(201)["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let mut request = app.delete(&format!("/api/v1/capabilities/{id}"));
            if let Some(user) = user {
                request = request.by(user);
            }
            let expected = [401, 204, 403, 403, 403, 403, 204, 204][index];
            assert_eq!(request.send().await.status.as_u16(), expected, "DELETE as {caller}");
            let still_public = app.get_capability(ANONYMOUS, &id).await.status.as_u16();
            assert_eq!(still_public, if expected == 204 { 404 } else { 200 }, "after DELETE as {caller}");
        }
    }
);

api_test!(
    async fn sme_cannot_edit_another_companys_capability(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let other = w.users[2].1.clone().unwrap();
        app.update_capability(&other, &w.published, &json!({"title_en": "Hijacked"}))
            .await
            .problem(403);
        let unchanged = app.get_capability(ANONYMOUS, &w.published).await.expect(200);
        assert_eq!(unchanged["title_en"], "Cutting");
    }
);

api_test!(
    async fn sme_cannot_approve_its_own_company(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let company = sme.company_id.unwrap();
        app.approve_company(&sme, company).await.problem(403);
        let own = app.get_company(&sme, company).await.expect(200);
        assert_eq!(own["status"], "pending");
    }
);

api_test!(
    async fn buyer_cannot_read_another_buyer(backend) {
        let app = TestApp::new(backend).await;
        let w = world(&app).await;
        let other = w.users[4].1.clone().unwrap();
        let problem = app.get_buyer(&other, &w.buyer).await.problem(404);
        assert!(!problem.to_string().contains(&w.buyer));
    }
);
