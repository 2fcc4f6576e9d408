//! The admin's staff accounts: `/users`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp, PASSWORD};

api_test!(
    async fn only_admins_manage_users(backend) {
        let app = TestApp::new(backend).await;
        for role in [Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate] {
            let user = app.user(role);
            app.list_users(&user, "").await.problem(403);
            app.create_user(&user, &json!({"email": "x@example.jp", "password": PASSWORD, "display_name": "X", "role": "admin"}))
                .await
                .problem(403);
            app.update_user(&user, user.id, &json!({"role": "admin"}))
                .await
                .problem(403);
        }
        app.list_users(ANONYMOUS, "").await.problem(401);
        let me = app.get_me(&app.user(Role::Desk)).await.expect(200);
        assert_eq!(me["role"], "desk");
    }
);

api_test!(
    async fn an_admin_creates_staff_who_can_log_in(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let created = app
            .create_user(&admin, &json!({"email": "Desk.Officer@city.sagamihara.example", "password": "desk password 1", "display_name": "Desk Officer", "role": "desk"}))
            .await
            .expect(201);
        assert_eq!(created["email"], "desk.officer@city.sagamihara.example");
        assert_eq!(created["role"], "desk");
        app.login("desk.officer@city.sagamihara.example", "desk password 1")
            .await
            .expect(200);
        // Companies, buyers and candidates register themselves.
        let problem = app
            .create_user(&admin, &json!({"email": "s@example.jp", "password": PASSWORD, "display_name": "S", "role": "sme"}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["role"]);
        app.create_user(&admin, &json!({"email": "desk.officer@city.sagamihara.example", "password": PASSWORD, "display_name": "Again", "role": "reviewer"}))
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
            .update_user(&admin, reviewer.id, &json!({"role": "desk"}))
            .await
            .expect(200);
        assert_eq!(changed["role"], "desk");
        app.update_user(&admin, sme.id, &json!({"role": "admin"}))
            .await
            .problem(422);
        app.update_user(&admin, admin.id, &json!({"disabled": true}))
            .await
            .problem(409);
        app.update_user(&admin, uuid::Uuid::now_v7(), &json!({"display_name": "Ghost"}))
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
            let query = match &cursor {
                Some(c) => format!("limit=2&cursor={c}"),
                None => "limit=2".to_owned(),
            };
            let page = app.list_users(&admin, &query).await.expect(200);
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2);
            seen.extend(items.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, expected);

        let reviewers = app.list_users(&admin, "role=reviewer").await.expect(200);
        assert_eq!(reviewers["items"].as_array().unwrap().len(), 4);

        let widest = app.list_users(&admin, "limit=100").await.expect(200);
        assert_eq!(widest["items"].as_array().unwrap().len(), 5);
        for bad in ["limit=0", "limit=-5", "limit=101", "limit=ten", "cursor=%%%", "role=emperor"] {
            app.list_users(&admin, bad).await.problem(422);
        }
    }
);
