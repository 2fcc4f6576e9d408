//! Company profiles: `PATCH /companies/{id}` and the desk's suspension.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{add_capability, approved_sme, capability, search};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp};

api_test!(
    async fn profile_writes_are_validated_and_status_is_not_writable(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let company = sme.company_id.unwrap();
        let problem = app
            .update_company(&sme, company, &json!({
                "website": "javascript:alert(1)", "employees": -1, "founded_year": 3000,
                "export_countries": ["XX"], "languages": ["japanese"]
            }))
            .await
            .problem(422);
        assert_eq!(
            error_fields(&problem),
            ["employees", "founded_year", "website", "export_countries[0]", "languages[0]"]
        );
        let problem = app
            .update_company(&sme, company, &json!({"name_ja": "", "industry": ""}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["industry", "name_ja"]);
        for field in ["status", "id", "status_reason"] {
            let problem = app
                .update_company(&sme, company, &json!({ field: "approved" }))
                .await
                .problem(422);
            assert_eq!(error_fields(&problem), [field]);
        }
        let problem = app
            .create_capability(&sme, company, &json!({"title_ja": "x", "title_en": "x", "category": "lasers", "company_id": company}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem).len(), 1);
        let problem = app
            .create_capability(&sme, company, &json!({"title_ja": "x", "title_en": "x", "category": "other", "min_lot": 0, "lead_time_days": -3}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["lead_time_days", "min_lot"]);
        let problem = app
            .create_capability(&sme, company, &json!({"title_ja": "x", "title_en": "x", "category": "other", "tags": ["", "x".repeat(51)]}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["tags[0]", "tags[1]"]);
        let still = app.get_company(&sme, company).await.expect(200);
        assert_eq!(still["status"], "pending");
        assert_eq!(still["website"], Value::Null);
    }
);

api_test!(
    async fn suspension_needs_a_reason_and_hides_the_company(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        add_capability(&app, &sme, capability("鋳造", "Sand casting", "casting", &[])).await;
        let desk = app.user(Role::Desk);
        let problem = app.suspend_company(&desk, company, &json!({})).await.problem(422);
        assert_eq!(error_fields(&problem), ["reason"]);
        let suspended = app
            .suspend_company(&desk, company, &json!({"reason": "export control review"}))
            .await
            .expect(200);
        assert_eq!(suspended["status"], "suspended");
        assert_eq!(suspended["status_reason"], "export control review");
        assert!(search(&app, "q=casting").await.is_empty());
        app.get_company(ANONYMOUS, company).await.problem(404);
        let own = app.get_company(&sme, company).await.expect(200);
        assert_eq!(own["status_reason"], "export control review");
        app.suspend_company(&desk, company, &json!({"reason": "again"}))
            .await
            .problem(409);
        let listed = app.list_companies(&desk, "status=suspended").await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.list_companies(ANONYMOUS, "status=suspended").await.problem(403);
        let public = app.list_companies(ANONYMOUS, "").await.expect(200);
        assert!(public["items"].as_array().unwrap().is_empty());
    }
);
