//! `POST /municipalities`: the host's host-wide admins add partners; the code's check
//! digit is checked, and a code is added once.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::partner;
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;

api_test!(
    async fn a_host_admin_adds_a_partner_once_and_it_is_audited(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let body = json!({"code": "141003", "name_ja": "横浜市", "name_en": "Yokohama"});
        let added = app.create_municipality(&admin, &body).await.expect(201);
        assert_eq!(added["code"], "141003");
        assert_eq!(added["name_en"], "Yokohama");
        assert_eq!(added["is_host"], false);
        let again = app
            .create_municipality(&admin, &json!({"code": "141003", "name_ja": "横浜", "name_en": "Yokohama City"}))
            .await
            .problem(409);
        assert_eq!(again["detail"], "a municipality with this code exists already");
        let log = app
            .audit_log(&admin, &format!("entity=municipality&entity_id={}", added["id"].as_str().unwrap()))
            .await
            .expect(200);
        assert_eq!(log["items"][0]["action"], "create");
        assert_eq!(log["items"][0]["after"]["code"], "141003");
        assert_eq!(app.list_municipalities().await.expect(200).as_array().unwrap().len(), 2);
    }
);

api_test!(
    async fn a_code_whose_last_digit_is_not_its_check_digit_is_refused(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        for (code, message) in [
            ("141004", "the last digit is not the check digit of the first five"),
            ("130000", "the last digit is not the check digit of the first five"),
            ("14100", "must be the six digits of the local government code"),
            ("14100x", "must be the six digits of the local government code"),
        ] {
            let problem = app
                .create_municipality(&admin, &json!({"code": code, "name_ja": "市", "name_en": "City"}))
                .await
                .problem(422);
            assert_eq!(problem["errors"][0]["field"], "code", "{code}");
            assert_eq!(problem["errors"][0]["message"], message, "{code}");
        }
        assert_eq!(app.list_municipalities().await.expect(200).as_array().unwrap().len(), 1);
    }
);

api_test!(
    async fn only_host_wide_admins_add_partners(backend) {
        let app = TestApp::new(backend).await;
        let yokohama = partner(&app, "141003", "横浜市", "Yokohama").await;
        let body = json!({"code": "141305", "name_ja": "川崎市", "name_en": "Kawasaki"});
        let scoped_admin = app.new_user_in(Role::Admin, Some(yokohama));
        let problem = app.create_municipality(&scoped_admin, &body).await.problem(403);
        assert_eq!(problem["detail"], "only the host municipality's host-wide admins may do this");
        for role in [Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer, Role::Candidate, Role::Expert] {
            app.create_municipality(&app.user(role), &body).await.problem(403);
        }
        app.create_municipality(ANONYMOUS, &body).await.problem(401);
        assert_eq!(app.list_municipalities().await.expect(200).as_array().unwrap().len(), 2);
    }
);
