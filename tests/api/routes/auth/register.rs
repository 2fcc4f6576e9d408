//! Registration: `POST /auth/register` for each account type.

use serde_json::json;

use crate::api_test;
use crate::common::fixtures::sme_registration;
use crate::common::{error_fields, TestApp};

api_test!(
    async fn sme_registers_with_a_pending_company_and_is_signed_in(backend) {
        let app = TestApp::new(backend).await;
        let session = app
            .register(&sme_registration("  Tanaka@Example.JP "))
            .await
            .expect(201);
        assert_eq!(session["token_type"], "Bearer");
        assert_eq!(session["expires_in"], 900);
        assert_eq!(session["user"]["email"], "tanaka@example.jp");
        assert_eq!(session["user"]["role"], "sme");
        assert!(session["user"]["company_id"].is_string());
        assert!(session.get("password_hash").is_none() && session["user"].get("password_hash").is_none());

        let me = app
            .get_me(session["access_token"].as_str().unwrap())
            .await
            .expect(200);
        assert_eq!(me["id"], session["user"]["id"]);
        assert_eq!(me["company_id"], session["user"]["company_id"]);
    }
);

api_test!(
    async fn buyer_registration_needs_an_iso_country(backend) {
        let app = TestApp::new(backend).await;
        let mut body = json!({
            "email": "buyer@example.co.th",
            "password": "bangkok-buyer-1",
            "display_name": "Somchai",
            "account_type": "buyer",
            "buyer": {"name": "Siam Parts Co.", "country": "XX"}
        });
        let problem = app.register(&body).await.problem(422);
        assert_eq!(error_fields(&problem), ["buyer.country"]);

        body["buyer"]["country"] = json!("th");
        app.register(&body).await.problem(422);

        body["buyer"]["country"] = json!("TH");
        let session = app.register(&body).await.expect(201);
        assert_eq!(session["user"]["role"], "buyer");
        assert!(session["user"]["buyer_id"].is_string());
        assert!(session["user"]["company_id"].is_null());
    }
);

api_test!(
    async fn candidate_registers_without_an_organisation(backend) {
        let app = TestApp::new(backend).await;
        let body = json!({
            "email": "nguyen@example.vn",
            "password": "global-iturn-1",
            "display_name": "Nguyen Van A",
            "account_type": "candidate"
        });
        let session = app.register(&body).await.expect(201);
        assert_eq!(session["user"]["role"], "candidate");

        let mut with_company = body.clone();
        with_company["email"] = json!("other@example.vn");
        with_company["company"] = json!({"name_ja": "x", "name_en": "x", "industry": "x"});
        app.register(&with_company).await.problem(422);
    }
);

api_test!(
    async fn registration_validates_every_field(backend) {
        let app = TestApp::new(backend).await;
        let problem = app
            .register(&json!({
                "email": "someone@example.jp",
                "password": "short",
                "display_name": "",
                "account_type": "sme",
                "company": {"name_ja": "", "name_en": "Works", "industry": "metal"}
            }))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["company.name_ja", "display_name", "password"]);

        let mut no_company = sme_registration("a@example.jp");
        no_company.as_object_mut().unwrap().remove("company");
        let problem = app.register(&no_company).await.problem(422);
        assert_eq!(error_fields(&problem), ["company"]);

        let bad_email = sme_registration("not-an-email");
        let problem = app.register(&bad_email).await.problem(422);
        assert_eq!(error_fields(&problem), ["email"]);

        let unknown_type = json!({"email": "b@example.jp", "password": "long enough pw", "display_name": "B", "account_type": "admin"});
        let problem = app.register(&unknown_type).await.problem(422);
        assert_eq!(error_fields(&problem), ["account_type"]);
    }
);

api_test!(
    async fn passwords_must_be_10_to_128_characters(backend) {
        let app = TestApp::new(backend).await;
        for (password, status) in [
            ("123456789".to_owned(), 422),
            ("x".repeat(129), 422),
            ("1234567890".to_owned(), 201),
            ("精".repeat(128), 201),
        ] {
            let mut body = sme_registration(&format!("p{}@example.jp", password.chars().count()));
            body["password"] = json!(password);
            app.register(&body).await.expect(status);
        }
    }
);

api_test!(
    async fn an_email_registers_once_whatever_its_case(backend) {
        let app = TestApp::new(backend).await;
        app.register(&sme_registration("sato@example.jp"))
            .await
            .expect(201);
        let problem = app
            .register(&sme_registration("SATO@example.jp"))
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("already registered"));
    }
);
