//! Job-fair registrations and attendance.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    approved_sme, desk_candidate, job_fair, self_registered_candidate, trade_fair,
};
use crate::common::TestApp;

api_test! {
    async fn job_fair_registrations_and_attendance_reach_the_public_report(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let fair = job_fair(&app).await;
        let sme = approved_sme(&app).await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Tran Thi B").await;
        let buyer = app.new_user(Role::Buyer);
        let by_candidate = app.register_for_event(&candidate_user, &fair).await.expect(201);
        assert_eq!(by_candidate["candidate_id"], candidate);
        let by_company = app.register_for_event(&sme, &fair).await.expect(201);
        app.register_for_event(&buyer, &fair).await.expect(201);
        app.register_for_event(&sme, &fair).await.problem(409);
        let walk_in = desk_candidate(&app, "Walk-in", "VN").await;
        app.register_for_event(&desk, &fair).json(&json!({"candidate_id": walk_in})).await.expect(201);
        // Nobody registers someone else but the desk.
        app.register_for_event(&approved_sme(&app).await, &fair).json(&json!({"company_id": sme.company_id.unwrap()})).await.problem(403);
        app.list_registrations(&sme, &fair).await.problem(403);
        // Trade fairs take exhibitors and meeting requests, not registrations.
        let trade_fair = trade_fair(&app, json!({})).await;
        app.register_for_event(&sme, &trade_fair)
            .await
            .problem(409);
        let listed = app.list_registrations(&desk, &fair).await.expect(200);
        assert_eq!(listed.as_array().unwrap().len(), 4);

        let registration = by_company["id"].as_str().unwrap();
        let marked = app
            .mark_attendance(&desk, &fair, registration)
            .await
            .expect(200);
        assert_eq!(marked["attended"], true);
        app.mark_attendance(&sme, &fair, by_candidate["id"].as_str().unwrap())
            .await
            .problem(403);

        let public = app.public_kpi("fiscal_year=2021").await.expect(200);
        assert_eq!(
            public["event_attendance"],
            json!([{"event_name": "Global I-turn Job Fair Hanoi", "kind": "job_fair", "starts_on": "2021-10-15",
                    "registered": 4, "attended": 1}])
        );
        let attendance = app
            .company_attendance(&desk, sme.company_id.unwrap())
            .await
            .expect(200);
        assert_eq!(attendance[0]["attended"], true);
        app.company_attendance(&sme, sme.company_id.unwrap())
            .await
            .problem(403);
        // A candidate's registrations are part of its own data.
        let own = app.get_candidate(&candidate_user, &candidate).await.expect(200);
        assert_eq!(own["event_registrations"][0]["event_id"], fair);
    }
}
