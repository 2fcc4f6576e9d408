//! `POST /auth/register` with `company.municipality_id`: a company belongs to the
//! municipality it registers with, the host's when it names none.

use sagamihara_match::auth::Role;
use sagamihara_match::municipalities::HOST_ID;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{partner, sme_registration};
use crate::common::TestApp;

api_test!(
    async fn a_company_registers_with_its_municipality_or_the_hosts(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sapporo = partner(&app, "011002", "札幌市", "Sapporo").await;
        let mut body = sme_registration("kita@sapporo.example");
        body["company"]["municipality_id"] = json!(sapporo);
        let session = app.register(&body).await.expect(201);
        let company = session["user"]["company_id"].as_str().unwrap().to_owned();
        let profile = app.get_company(&desk, &company).await.expect(200);
        assert_eq!(profile["municipality_id"], sapporo.to_string());

        let session = app.register(&sme_registration("minami@sagamihara.example")).await.expect(201);
        let company = session["user"]["company_id"].as_str().unwrap().to_owned();
        let profile = app.get_company(&desk, &company).await.expect(200);
        assert_eq!(profile["municipality_id"], HOST_ID);
    }
);

api_test!(
    async fn a_registration_naming_an_unknown_municipality_creates_nothing(backend) {
        let app = TestApp::new(backend).await;
        let mut body = sme_registration("lost@nowhere.example");
        body["company"]["municipality_id"] = json!(uuid::Uuid::now_v7());
        let problem = app.register(&body).await.problem(422);
        assert_eq!(problem["errors"][0]["field"], "company.municipality_id");
        app.login("lost@nowhere.example", "precision-2026").await.problem(401);
        let pending = app.list_companies(&app.user(Role::Desk), "status=pending").await.expect(200);
        assert!(pending["items"].as_array().unwrap().is_empty(), "{pending}");
    }
);
