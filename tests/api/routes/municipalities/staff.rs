//! `POST /users` with a municipality: staff scoped to one, created by host-wide admins
//! only, carried by their access tokens (host-wide tokens look as they always did).

use base64::Engine;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::partner;
use crate::common::TestApp;

/// The claims of an access token, as anyone holding it can read them.
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

api_test!(
    async fn a_host_admin_creates_a_desk_scoped_to_a_partner_and_its_token_carries_the_scope(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let yokohama = partner(&app, "141003", "横浜市", "Yokohama").await;
        let created = app
            .create_user(&admin, &json!({"email": "desk@yokohama.example", "password": "harbour-2026-desk",
                                         "display_name": "Yokohama desk", "role": "desk",
                                         "municipality_id": yokohama}))
            .await
            .expect(201);
        assert_eq!(created["municipality_id"], yokohama.to_string());
        let session = app.login("desk@yokohama.example", "harbour-2026-desk").await.expect(200);
        let token = session["access_token"].as_str().unwrap();
        assert_eq!(claims(token)["municipality_id"], yokohama.to_string());
        let me = app.get_me(token).await.expect(200);
        assert_eq!(me["municipality_id"], yokohama.to_string());

        // A host-wide account's token has no such claim, as tokens had before.
        let host = app
            .create_user(&admin, &json!({"email": "desk@sagamihara.example", "password": "sagami-2026-desk",
                                         "display_name": "Host desk", "role": "desk"}))
            .await
            .expect(201);
        assert_eq!(host["municipality_id"], Value::Null);
        let session = app.login("desk@sagamihara.example", "sagami-2026-desk").await.expect(200);
        let host_claims = claims(session["access_token"].as_str().unwrap());
        assert!(host_claims.get("municipality_id").is_none(), "{host_claims}");
    }
);

api_test!(
    async fn only_admins_desks_and_reviewers_are_scoped_and_only_to_a_municipality_that_exists(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let yokohama = partner(&app, "141003", "横浜市", "Yokohama").await;
        let body = |email: &str, role: &str, municipality: Value| {
            json!({"email": email, "password": "harbour-2026-staff", "display_name": "Staff",
                   "role": role, "municipality_id": municipality})
        };
        let expert = app
            .create_user(&admin, &body("expert@yokohama.example", "expert", json!(yokohama)))
            .await
            .problem(422);
        assert_eq!(expert["errors"][0]["field"], "municipality_id");
        let unknown = app
            .create_user(&admin, &body("desk@nowhere.example", "desk", json!(uuid::Uuid::now_v7())))
            .await
            .problem(422);
        assert_eq!(unknown["errors"][0]["message"], "no municipality with this id");
        let mut scoped = Vec::new();
        for role in ["admin", "desk", "reviewer"] {
            let created = app
                .create_user(&admin, &body(&format!("{role}@yokohama.example"), role, json!(yokohama)))
                .await
                .expect(201);
            assert_eq!(created["municipality_id"], yokohama.to_string());
            scoped.push(created["id"].as_str().unwrap().to_owned());
        }
        // A scoped account moves among the scoped roles only.
        let problem = app.update_user(&admin, &scoped[1], &json!({"role": "expert"})).await.problem(422);
        assert_eq!(problem["errors"][0]["field"], "role");
        let moved = app.update_user(&admin, &scoped[1], &json!({"role": "reviewer"})).await.expect(200);
        assert_eq!((moved["role"].as_str(), moved["municipality_id"].as_str()), (Some("reviewer"), Some(yokohama.to_string().as_str())));
        // Nothing was created by the refused requests.
        app.login("expert@yokohama.example", "harbour-2026-staff").await.problem(401);
    }
);

api_test!(
    async fn a_scoped_admin_manages_no_accounts(backend) {
        let app = TestApp::new(backend).await;
        let yokohama = partner(&app, "141003", "横浜市", "Yokohama").await;
        let scoped_admin = app.new_user_in(Role::Admin, Some(yokohama));
        let problem = app
            .create_user(&scoped_admin, &json!({"email": "desk2@yokohama.example", "password": "harbour-2026-desk",
                                                "display_name": "Desk", "role": "desk", "municipality_id": yokohama}))
            .await
            .problem(403);
        assert_eq!(problem["detail"], "only the host municipality's host-wide admins may do this");
        app.list_users(&scoped_admin, "").await.problem(403);
        let desk = app.user(Role::Desk);
        app.update_user(&scoped_admin, desk.id, &json!({"display_name": "Renamed"})).await.problem(403);
    }
);
