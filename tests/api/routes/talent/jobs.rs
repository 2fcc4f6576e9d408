//! Job postings: `/companies/{id}/jobs` and `/jobs`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{approved_sme, published_job};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp};

api_test! {
    async fn postings_are_public_only_when_published_by_an_approved_company(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        let draft = app
            .create_job(&sme, company, &json!({"title_ja": "溶接工", "title_en": "Welder", "occupation": "welder",
                          "employment_type": "contract", "visa_category": "specified_skilled_worker"}))
            .await
            .expect(201);
        assert_eq!(draft["status"], "draft");
        assert_eq!(draft["jlpt_level"], "none");
        let draft_id = draft["id"].as_str().unwrap();
        app.get_job(ANONYMOUS, draft_id).await.problem(404);
        app.get_job(&sme, draft_id).await.expect(200);
        let published = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let public = app.list_jobs(ANONYMOUS, "").await.expect(200);
        let ids: Vec<&str> = public["items"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![published.as_str()]);
        let drafts = app
            .list_jobs(&sme, &format!("status=draft&company_id={company}"))
            .await
            .expect(200);
        assert_eq!(drafts["items"].as_array().unwrap().len(), 1);
        app.list_jobs(&app.new_user(Role::Sme), "status=draft").await.problem(403);

        // A pending company's published posting is not public.
        let pending = app.new_user(Role::Sme);
        let hidden = published_job(&app, &pending, "other").await;
        app.get_job(ANONYMOUS, &hidden).await.problem(404);

        // Another company cannot touch the posting; salary ranges and lifecycle are checked.
        app.update_job(&approved_sme(&app).await, &published, &json!({"title_en": "Mine now"}))
            .await
            .problem(403);
        let invalid = app
            .update_job(&sme, &published, &json!({"salary_min_yen": 5000000}))
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["salary_max_yen"]);
        let invalid = app
            .create_job(&sme, company, &json!({"title_ja": "x", "title_en": "x", "occupation": "x", "employment_type": "full_time",
                          "visa_category": "tourist", "languages": ["japanese"]}))
            .await
            .problem(422);
        assert_eq!(error_fields(&invalid), vec!["visa_category"]);
        let closed = app
            .update_job(&sme, &published, &json!({"status": "closed"}))
            .await
            .expect(200);
        assert_eq!(closed["status"], "closed");
        let conflict = app
            .update_job(&sme, &published, &json!({"status": "published"}))
            .await
            .problem(409);
        assert_eq!(conflict["current_status"], "closed");
    }
}
