//! Candidates: consent, who sees their personal data, and erasure that keeps the KPI exact.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{
    apply_by_desk, approved_sme, desk_candidate, hire, job_fair, kpi, published_job,
    self_registered_candidate,
};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp, PASSWORD};

api_test! {
    async fn candidates_give_consent_and_register_themselves_once(backend) {
        let app = TestApp::new(backend).await;
        let user = app.new_user(Role::Candidate);
        let refused = app
            .create_candidate(&user, &json!({"full_name": "Nguyen Van A", "nationality": "VN", "consent": false}))
            .await
            .problem(422);
        assert_eq!(error_fields(&refused), vec!["consent"]);
        let invalid = app
            .create_candidate(&user, &json!({"full_name": "Nguyen Van A", "nationality": "Vietnam",
                          "languages": [{"code": "vietnamese", "level": "native"}], "consent": true}))
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["nationality", "languages[0]"]);
        let created = app
            .create_candidate(&user, &json!({"full_name": "Nguyen Van A", "nationality": "VN", "consent": true}))
            .await
            .expect(201);
        assert_eq!(created["user_id"], user.id.to_string());
        assert!(created["consent_given_at"].is_string());
        app.create_candidate(&user, &json!({"full_name": "Second", "nationality": "VN", "consent": true}))
            .await
            .problem(409);
        for role in [Role::Sme, Role::Buyer, Role::Reviewer] {
            app.create_candidate(&app.user(role), &json!({"full_name": "X", "nationality": "VN", "consent": true}))
                .await
                .problem(403);
        }
        let id = created["id"].as_str().unwrap();
        let changed = app
            .update_candidate(&user, id, &json!({"university": "Vietnam National University", "graduation_year": 2024}))
            .await
            .expect(200);
        assert_eq!(changed["university"], "Vietnam National University");
        let listed = app.list_candidates(&app.user(Role::Desk), "").await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.list_candidates(&user, "").await.problem(403);
    }
}

api_test! {
    async fn candidate_data_is_seen_only_by_the_candidate_the_desk_and_companies_applied_to(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Siti Rahma").await;
        app.apply_for_job(&candidate_user, &job)
            .await
            .expect(201);

        // The candidate and the desk see everything, contact details included.
        for user in [&candidate_user, &app.user(Role::Desk), &app.user(Role::Admin)] {
            let full = app.get_candidate(user, &candidate).await.expect(200);
            assert_eq!(full["full_name"], "Siti Rahma");
            assert_eq!(full["email"], "self@example.test");
            assert_eq!(full["applications"].as_array().unwrap().len(), 1);
        }
        // The company applied to sees what the application needs, no contact details.
        let summary = app.get_candidate(&sme, &candidate).await.expect(200);
        assert_eq!(summary["full_name"], "Siti Rahma");
        assert_eq!(summary["nationality"], "ID");
        assert!(summary.get("email").is_none() && summary.get("phone").is_none());
        assert!(summary.get("visa_status").is_none());
        app.update_candidate(&sme, &candidate, &json!({"full_name": "X"})).await.problem(403);

        // Everyone else: nothing, not even existence.
        let stranger = approved_sme(&app).await;
        let other_candidate = app.new_user(Role::Candidate);
        for user in [&stranger, &app.user(Role::Reviewer), &app.user(Role::Buyer), &other_candidate] {
            app.get_candidate(user, &candidate).await.problem(404);
            app.update_candidate(user, &candidate, &json!({"full_name": "X"})).await.problem(404);
            app.erase_candidate(user, &candidate).await.problem(404);
        }
        app.get_candidate(ANONYMOUS, &candidate).await.problem(401);
        app.list_candidates(&app.user(Role::Reviewer), "").await.problem(403);
        app.list_candidates(ANONYMOUS, "").await.problem(401);

        // Applications are scoped: reviewers and buyers get none, a stranger company an empty list.
        app.list_applications(&app.user(Role::Reviewer), "").await.problem(403);
        app.list_applications(&app.user(Role::Buyer), "").await.problem(403);
        app.list_applications(ANONYMOUS, "").await.problem(401);
        let none = app.list_applications(&stranger, "").await.expect(200);
        assert!(none["items"].as_array().unwrap().is_empty());
        let own = app.list_applications(&sme, "").await.expect(200);
        assert_eq!(own["items"][0]["candidate"]["full_name"], "Siti Rahma");
        let mine = app.list_applications(&candidate_user, "").await.expect(200);
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);

        // The reviewer reads the KPI, in aggregate.
        kpi(&app, 2021).await;
        // The audit log never holds the candidate's personal data.
        let audit = app
            .audit_log(&app.user(Role::Reviewer), &format!("entity=candidate&entity_id={candidate}"))
            .await
            .expect(200);
        assert!(!audit.to_string().contains("Siti"), "{audit}");
        assert!(!audit.to_string().contains("self@example.test"), "{audit}");
    }
}

api_test! {
    async fn a_job_fair_candidate_is_hired_counted_and_erased_without_changing_the_count(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let admin = app.user(Role::Admin);
        // A company publishes a posting.
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "engineer_specialist_humanities").await;
        // A candidate registered by the desk at a job fair applies from it.
        let fair = job_fair(&app).await;
        let candidate = desk_candidate(&app, "Pham Minh Chau", "VN").await;
        app.register_for_event(&desk, &fair)
            .json(&json!({"candidate_id": candidate}))
            .await
            .expect(201);
        let application = apply_by_desk(&app, &job, &candidate, json!({"job_fair_event_id": fair})).await;
        assert_eq!(application["job_fair_event_id"], fair);
        let id = application["id"].as_str().unwrap().to_owned();
        // The company moves it to hired; the KPI counts it in FY2021.
        hire(&app, &sme, &id, "2022-03-31").await;
        assert_eq!(kpi(&app, 2021).await["foreign_talent"]["actual"], 1);
        assert_eq!(kpi(&app, 2022).await["foreign_talent"]["actual"], 0);

        // Only the candidate itself or an admin erases: the desk and the company may not.
        app.erase_candidate(&desk, &candidate).await.problem(403);
        app.erase_candidate(&sme, &candidate).await.problem(404);
        let erased = app.erase_candidate(&admin, &candidate).await.expect(200);
        assert_eq!(erased["full_name"], "erased");
        for field in ["email", "phone", "university", "field_of_study", "visa_status", "graduation_year"] {
            assert_eq!(erased[field], Value::Null, "{field}");
        }
        assert_eq!(erased["nationality"], "VN");
        assert!(erased["erased_at"].is_string());

        // The name is gone everywhere.
        for user in [&desk, &sme] {
            let shown = app.get_candidate(user, &candidate).await.expect(200);
            assert!(!shown.to_string().contains("Pham"), "{shown}");
        }
        let listed = app.list_applications(&sme, "").await.expect(200);
        assert_eq!(listed["items"][0]["candidate"]["full_name"], "erased");
        assert!(!listed.to_string().contains("Pham"));
        let audit = app.audit_log(&admin, "limit=100").await.expect(200);
        assert!(!audit.to_string().contains("Pham"), "{audit}");
        assert!(!audit.to_string().contains("candidate@example.test"));
        let erase_entry = app
            .audit_log(&admin, &format!("entity=candidate&entity_id={candidate}"))
            .await
            .expect(200);
        assert!(erase_entry["items"].as_array().unwrap().iter().any(|e| e["action"] == "erase"));
        // The erased record cannot be edited back, and the count is unchanged.
        app.update_candidate(&desk, &candidate, &json!({"full_name": "Pham"})).await.problem(409);
        let report = kpi(&app, 2021).await;
        assert_eq!(report["foreign_talent"]["actual"], 1);
        assert_eq!(report["foreign_talent"]["by_nationality"], json!([{"key": "VN", "count": 1}]));
        let public = app.public_kpi("fiscal_year=2021").await.expect(200);
        assert_eq!(public["foreign_talent_hired"], 1);
    }
}

api_test! {
    async fn an_erased_candidate_account_is_disabled(backend) {
        let app = TestApp::new(backend).await;
        let (user, candidate) = self_registered_candidate(&app, "Erase Me").await;
        let erased = app.erase_candidate(&user, &candidate).await.expect(200);
        assert_eq!(erased["full_name"], "erased");
        assert_eq!(erased["languages"], json!([]));
        app.login(&user.email, PASSWORD)
            .await
            .problem(401);
    }
}
