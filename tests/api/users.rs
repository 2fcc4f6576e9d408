//! `/me` and the admin's `/users`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::{error_fields, TestApp, PASSWORD};

api_test!(
    async fn me_needs_a_token(backend) {
        let app = TestApp::new(backend).await;
        app.get("/api/v1/me").send().await.problem(401);
    }
);

api_test!(
    async fn a_user_renames_themselves_but_cannot_take_anothers_email(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let buyer = app.user(Role::Buyer);
        let me = app
            .patch("/api/v1/me")
            .by(&sme)
            .json(&json!({"display_name": "  佐藤 花子 "}))
            .send()
            .await
            .expect(200);
        assert_eq!(me["display_name"], "佐藤 花子");
        app.patch("/api/v1/me")
            .by(&sme)
            .json(&json!({"email": buyer.email.to_uppercase()}))
            .send()
            .await
            .problem(409);
        // Role and company are not the caller's to change.
        let problem = app
            .patch("/api/v1/me")
            .by(&sme)
            .json(&json!({"role": "admin"}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["role"]);
        let me = app.get("/api/v1/me").by(&sme).send().await.expect(200);
        assert_eq!(me["role"], "sme");
        assert_eq!(me["email"], sme.email);
    }
);

api_test!(
    async fn only_admins_manage_users(backend) {
        let app = TestApp::new(backend).await;
        for role in [Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate] {
            let user = app.user(role);
            app.get("/api/v1/users").by(&user).send().await.problem(403);
            app.post("/api/v1/users")
                .by(&user)
                .json(&json!({"email": "x@example.jp", "password": PASSWORD, "display_name": "X", "role": "admin"}))
                .send()
                .await
                .problem(403);
            app.patch(&format!("/api/v1/users/{}", user.id))
                .by(&user)
                .json(&json!({"role": "admin"}))
                .send()
                .await
                .problem(403);
        }
        app.get("/api/v1/users").send().await.problem(401);
        let me = app.get("/api/v1/me").by(&app.user(Role::Desk)).send().await.expect(200);
        assert_eq!(me["role"], "desk");
    }
);

api_test!(
    async fn an_admin_creates_staff_who_can_log_in(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let created = app
            .post("/api/v1/users")
            .by(&admin)
            .json(&json!({"email": "Desk.Officer@city.sagamihara.example", "password": "desk password 1", "display_name": "Desk Officer", "role": "desk"}))
            .send()
            .await
            .expect(201);
        assert_eq!(created["email"], "desk.officer@city.sagamihara.example");
        assert_eq!(created["role"], "desk");
        app.post("/api/v1/auth/login")
            .json(&json!({"email": "desk.officer@city.sagamihara.example", "password": "desk password 1"}))
            .send()
            .await
            .expect(200);
        // Companies, buyers and candidates register themselves.
        let problem = app
            .post("/api/v1/users")
            .by(&admin)
            .json(&json!({"email": "s@example.jp", "password": PASSWORD, "display_name": "S", "role": "sme"}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["role"]);
        app.post("/api/v1/users")
            .by(&admin)
            .json(&json!({"email": "desk.officer@city.sagamihara.example", "password": PASSWORD, "display_name": "Again", "role": "reviewer"}))
            .send()
            .await
            .problem(409);
    }
);

api_test!(
    async fn an_admin_changes_staff_roles_but_not_their_own(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let reviewer = app.user(Role::Reviewer);
        let sme = app.user(Role::Sme);
        let changed = app
            .patch(&format!("/api/v1/users/{}", reviewer.id))
            .by(&admin)
            .json(&json!({"role": "desk"}))
            .send()
            .await
            .expect(200);
        assert_eq!(changed["role"], "desk");
        app.patch(&format!("/api/v1/users/{}", sme.id))
            .by(&admin)
            .json(&json!({"role": "admin"}))
            .send()
            .await
            .problem(422);
        app.patch(&format!("/api/v1/users/{}", admin.id))
            .by(&admin)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .problem(409);
        app.patch(&format!("/api/v1/users/{}", uuid::Uuid::now_v7()))
            .by(&admin)
            .json(&json!({"display_name": "Ghost"}))
            .send()
            .await
            .problem(404);
    }
);

api_test!(
    async fn the_user_list_pages_with_a_cursor(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let mut expected = vec![admin.id.to_string()];
        for _ in 0..4 {
            expected.push(app.new_user(Role::Reviewer).id.to_string());
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/users?limit=2&cursor={c}"),
                None => "/api/v1/users?limit=2".to_owned(),
            };
            let page = app.get(&path).by(&admin).send().await.expect(200);
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2);
            seen.extend(items.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, expected);

        let reviewers = app.get("/api/v1/users?role=reviewer").by(&admin).send().await.expect(200);
        assert_eq!(reviewers["items"].as_array().unwrap().len(), 4);

        let clamped = app.get("/api/v1/users?limit=1000").by(&admin).send().await.expect(200);
        assert_eq!(clamped["items"].as_array().unwrap().len(), 5);
        for bad in ["limit=0", "limit=-5", "limit=ten", "cursor=%%%", "role=emperor"] {
            app.get(&format!("/api/v1/users?{bad}")).by(&admin).send().await.problem(422);
        }
    }
);
