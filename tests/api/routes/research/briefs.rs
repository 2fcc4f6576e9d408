//! Writing, publishing and reading briefs: who sees drafts and `members` briefs, what the
//! rendered HTML keeps, and subscriptions.

use sagamihara_match::auth::Role;
use serde_json::json;

use super::{brief_body, draft, published};
use crate::api_test;
use crate::common::fixtures::approved_sme;
use crate::common::TestApp;

api_test! {
    async fn the_desk_writes_changes_and_publishes_a_brief_once(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let created = app.post("/api/v1/briefs").by(&desk).json(&brief_body(&["ai", "robotics", "ai"], &["electronics"], "public")).send().await.expect(201);
        assert_eq!(created["status"], "draft");
        assert_eq!(created["published_at"], serde_json::Value::Null);
        assert_eq!(created["tags"], json!(["ai", "robotics"]), "each tag once, in the vocabulary's order");
        assert_eq!(created["author_id"], desk.id.to_string());
        assert!(created["body_html_en"].as_str().unwrap().contains("<strong>inspection</strong>"));
        let id = created["id"].as_str().unwrap();
        let path = format!("/api/v1/briefs/{id}");

        let changed = app.patch(&path).by(&desk).json(&json!({"title_en": "AI on Shenzhen's lines", "region": null, "tags": ["iot"]})).send().await.expect(200);
        assert_eq!(changed["title_en"], "AI on Shenzhen's lines");
        assert_eq!(changed["title_ja"], "深圳の製造業におけるAI活用", "what was not sent stays");
        assert_eq!(changed["region"], serde_json::Value::Null);
        assert_eq!(changed["tags"], json!(["iot"]));

        // Nobody but the desk and the author sees a draft.
        app.get(&path).send().await.problem(404);
        app.get(&path).by(&approved_sme(&app).await).send().await.problem(404);

        let out = app.post(&format!("{path}/publish")).by(&desk).send().await.expect(200);
        assert_eq!(out["status"], "published");
        assert!(out["published_at"].is_string());
        app.post(&format!("{path}/publish")).by(&desk).send().await.problem(409);
        assert_eq!(app.get(&path).send().await.expect(200)["title_en"], "AI on Shenzhen's lines");

        let audit = app.get(&format!("/api/v1/audit?entity=brief&entity_id={id}")).by(&app.user(Role::Admin)).send().await.expect(200);
        let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["create", "update", "publish"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

api_test! {
    async fn bad_briefs_are_refused_and_change_nothing(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let mut body = brief_body(&["ai"], &[], "public");
        body["country"] = json!("China");
        app.post("/api/v1/briefs").by(&desk).json(&body).send().await.problem(422);
        let mut body = brief_body(&["quantum_gravity"], &[], "public");
        body["country"] = json!("CN");
        app.post("/api/v1/briefs").by(&desk).json(&body).send().await.problem(422);
        app.post("/api/v1/briefs").by(&desk).json(&json!({"title_ja": "x"})).send().await.problem(422);
        let page = app.get("/api/v1/briefs").by(&desk).send().await.expect(200);
        assert_eq!(page["items"].as_array().unwrap().len(), 0);
    }
}

api_test! {
    async fn scripts_and_javascript_links_never_reach_a_reader(backend) {
        let app = TestApp::new(backend).await;
        let mut body = brief_body(&["ai"], &[], "public");
        body["body_en"] = json!("Read <script>alert('x')</script> [this](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">or this</a> and [the study](https://example.org/study).");
        let id = published(&app, &body).await;
        let brief = app.get(&format!("/api/v1/briefs/{id}")).send().await.expect(200);
        let html = brief["body_html_en"].as_str().unwrap();
        for banned in ["<script", "javascript:", "onclick", "alert("] {
            assert!(!html.contains(banned), "{banned} in {html}");
        }
        assert!(html.contains("href=\"https://example.org/study\""), "{html}");
        assert!(brief["body_en"].as_str().unwrap().contains("<script>"), "the Markdown is kept as written");
    }
}

api_test! {
    async fn drafts_are_their_authors_and_members_briefs_need_signing_in(backend) {
        let app = TestApp::new(backend).await;
        let expert = app.user(Role::Expert);
        let other_expert = app.new_user(Role::Expert);
        let own_draft = draft(&app, &expert, &brief_body(&["ai"], &[], "public")).await;
        let members_only = published(&app, &brief_body(&["ai"], &[], "members")).await;
        let public = published(&app, &brief_body(&["ai"], &[], "public")).await;
        let sme = approved_sme(&app).await;
        let listed = |page: serde_json::Value| -> Vec<String> {
            page["items"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap().to_owned()).collect()
        };
        let cases = [
            ("anonymous", None, vec![public.clone()]),
            ("candidate", Some(app.user(Role::Candidate)), vec![public.clone()]),
            ("sme", Some(sme.clone()), vec![public.clone(), members_only.clone()]),
            ("buyer", Some(app.user(Role::Buyer)), vec![public.clone(), members_only.clone()]),
            ("reviewer", Some(app.user(Role::Reviewer)), vec![public.clone(), members_only.clone()]),
            ("other expert", Some(other_expert), vec![public.clone(), members_only.clone()]),
            ("author", Some(expert.clone()), vec![public.clone(), members_only.clone(), own_draft.clone()]),
            ("desk", Some(app.user(Role::Desk)), vec![public.clone(), members_only.clone(), own_draft.clone()]),
        ];
        for (name, user, expected) in cases {
            let mut request = app.get("/api/v1/briefs");
            if let Some(user) = &user {
                request = request.by(user);
            }
            let got = listed(request.send().await.expect(200));
            assert_eq!(got, expected, "{name}: newest first, only what it may read");
            for id in [&own_draft, &members_only, &public] {
                let mut request = app.get(&format!("/api/v1/briefs/{id}"));
                if let Some(user) = &user {
                    request = request.by(user);
                }
                let status = request.send().await.status.as_u16();
                assert_eq!(status, if expected.contains(id) { 200 } else { 404 }, "{name} reading {id}");
            }
        }
        let by_tag = app.get("/api/v1/briefs?tag=robotics").send().await.expect(200);
        assert!(listed(by_tag).is_empty());
        let by_tag = app.get("/api/v1/briefs?tag=ai").send().await.expect(200);
        assert_eq!(listed(by_tag), vec![public.clone()]);
    }
}

api_test! {
    async fn an_expert_writes_and_changes_its_draft_but_the_desk_publishes_it(backend) {
        let app = TestApp::new(backend).await;
        let expert = app.user(Role::Expert);
        let id = draft(&app, &expert, &brief_body(&["semiconductors"], &[], "members")).await;
        let path = format!("/api/v1/briefs/{id}");
        app.patch(&path).by(&expert).json(&json!({"summary_en": "Taiwan's fabs, revisited"})).send().await.expect(200);
        app.patch(&path).by(&app.new_user(Role::Expert)).json(&json!({"summary_en": "x"})).send().await.problem(404);
        app.post(&format!("{path}/publish")).by(&expert).send().await.problem(403);
        app.post(&format!("{path}/publish")).by(&app.user(Role::Desk)).send().await.expect(200);
        // Published, it is the desk's: its author reads it but changes it no more.
        let refused = app.patch(&path).by(&expert).json(&json!({"summary_en": "y"})).send().await.problem(403);
        assert!(refused["detail"].as_str().unwrap().contains("draft"), "{refused}");
        let brief = app.get(&path).by(&expert).send().await.expect(200);
        assert_eq!(brief["summary_en"], "Taiwan's fabs, revisited");
        // Nobody else writes briefs.
        for role in [Role::Sme, Role::Buyer, Role::Reviewer, Role::Candidate] {
            app.post("/api/v1/briefs").by(&app.user(role)).json(&brief_body(&["ai"], &[], "public")).send().await.problem(403);
        }
    }
}

api_test! {
    async fn a_company_chooses_what_it_follows_and_nobody_else_sees_it(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        let path = format!("/api/v1/companies/{company}/subscriptions");
        let none = app.get(&path).by(&sme).send().await.expect(200);
        assert_eq!(none, json!({"company_id": company, "tags": [], "categories": []}));
        let set = app.put(&path).by(&sme).json(&json!({"tags": ["robotics", "ai", "ai"], "categories": ["machining"]})).send().await.expect(200);
        assert_eq!(set["tags"], json!(["ai", "robotics"]));
        assert_eq!(set["categories"], json!(["machining"]));
        assert_eq!(app.get(&path).by(&app.user(Role::Desk)).send().await.expect(200), set);
        app.put(&path).by(&sme).json(&json!({"tags": ["warp_drive"]})).send().await.problem(422);
        assert_eq!(app.get(&path).by(&sme).send().await.expect(200), set, "a refused change changes nothing");
        app.get(&path).by(&approved_sme(&app).await).send().await.problem(404);
        app.get(&path).by(&app.user(Role::Buyer)).send().await.problem(403);
        app.get(&path).by(&app.user(Role::Expert)).send().await.problem(403);
        app.get(&path).send().await.problem(401);
    }
}
