//! Applications and their lifecycle: `POST /jobs/{id}/applications`, `PATCH /applications/{id}`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    approved_sme, desk_candidate, move_application, published_job, self_registered_candidate,
};
use crate::common::{error_fields, TestApp, TestUser};

api_test! {
    async fn applications_follow_their_lifecycle(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let job = published_job(&app, &sme, "specified_skilled_worker").await;
        let (candidate_user, candidate) = self_registered_candidate(&app, "Budi Santoso").await;
        let application = app
            .apply_for_job(&candidate_user, &job)
            .await
            .expect(201);
        assert_eq!(application["status"], "applied");
        let id = application["id"].as_str().unwrap().to_owned();

        // One open application per posting and candidate.
        app.apply_for_job(&candidate_user, &job)
            .await
            .problem(409);
        // A candidate applies only for itself.
        app.apply_for_job(&candidate_user, &job)
            .json(&json!({"candidate_id": desk_candidate(&app, "Other", "VN").await}))
            .await
            .problem(403);
        app.apply_for_job(&sme, &job)
            .json(&json!({"candidate_id": candidate}))
            .await
            .problem(403);

        // The candidate cannot move its application forward; the company cannot withdraw it.
        app.update_application(&candidate_user, &id, &json!({"status": "interviewing"})).await.problem(403);
        app.update_application(&sme, &id, &json!({"status": "withdrawn"})).await.problem(403);
        app.update_application(&approved_sme(&app).await, &id, &json!({"status": "interviewing"})).await.problem(404);
        // Steps are not skipped.
        let skipped = app.update_application(&sme, &id, &json!({"status": "hired", "hired_on": "2021-06-01"})).await.problem(409);
        assert_eq!(skipped["current_status"], "applied");
        move_application(&app, &sme, &id, json!({"status": "interviewing"})).await;
        move_application(&app, &sme, &id, json!({"status": "offered"})).await;
        // A hire needs its day, not in the future.
        let missing = app.update_application(&sme, &id, &json!({"status": "hired"})).await.problem(422);
        assert_eq!(error_fields(&missing), vec!["hired_on"]);
        app.update_application(&sme, &id, &json!({"status": "hired", "hired_on": "2999-01-01"})).await.problem(422);
        app.update_application(&sme, &id, &json!({"status": "offered", "hired_on": "2021-01-01"})).await.problem(422);
        hire_last_step(&app, &sme, &id).await;
        let done = app.update_application(&candidate_user, &id, &json!({"status": "withdrawn"})).await.problem(409);
        assert_eq!(done["current_status"], "hired");

        // A withdrawn application frees the pair for a new one.
        let job2 = published_job(&app, &sme, "other").await;
        let first = app.apply_for_job(&candidate_user, &job2).await.expect(201);
        move_application(&app, &candidate_user, first["id"].as_str().unwrap(), json!({"status": "withdrawn"})).await;
        app.apply_for_job(&candidate_user, &job2).await.expect(201);

        // Every change is audited.
        let audit = app
            .audit_log(&app.user(Role::Admin), &format!("entity=application&entity_id={id}"))
            .await
            .expect(200);
        let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions.len(), 4, "{actions:?}");
        assert!(actions.contains(&"apply") && actions.contains(&"hired"), "{actions:?}");
    }
}

async fn hire_last_step(app: &TestApp, sme: &TestUser, id: &str) {
    let hired = move_application(
        app,
        sme,
        id,
        json!({"status": "hired", "hired_on": "2021-06-01"}),
    )
    .await;
    assert_eq!(hired["hired_on"], "2021-06-01");
}
