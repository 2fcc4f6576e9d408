//! A capability from draft to published to archived: create, `PATCH` and `DELETE`.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{add_capability, approved_sme, capability, search};
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;

api_test!(
    async fn the_capability_lifecycle_only_moves_forward(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let mut body = capability("プレス加工", "Press work", "stamping", &[]);
        body["status"] = json!("draft");
        let draft = add_capability(&app, &sme, body).await;
        let id = draft["id"].as_str().unwrap();
        app.get_capability(ANONYMOUS, id).await.problem(404);
        app.get_capability(&sme, id).await.expect(200);
        let own_drafts = app
            .search_capabilities(&sme, &format!("status=draft&company_id={}", sme.company_id.unwrap()))
            .await
            .expect(200);
        assert_eq!(own_drafts["items"].as_array().unwrap().len(), 1);
        app.search_capabilities(ANONYMOUS, "status=draft").await.problem(403);
        // The desk finds drafts by their text as well; the public catalogue does not.
        let desk = app.user(Role::Desk);
        let desk_titles = |query: &'static str| {
            let (app, desk) = (&app, &desk);
            async move {
                let page = app.search_capabilities(desk, query).await.expect(200);
                page["items"].as_array().unwrap().iter().map(|c| c["title_en"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(desk_titles("status=draft&q=press").await, ["Press work"]);
        assert!(desk_titles("status=published&q=press").await.is_empty());
        assert!(search(&app, "q=press").await.is_empty());

        app.update_capability(&sme, id, &json!({"status": "published"})).await.expect(200);
        app.get_capability(ANONYMOUS, id).await.expect(200);
        assert!(desk_titles("status=draft&q=press").await.is_empty());
        assert_eq!(desk_titles("status=published&q=press").await, ["Press work"]);
        assert_eq!(search(&app, "q=press").await, ["Press work"]);
        let problem = app
            .update_capability(&sme, id, &json!({"status": "draft"}))
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("published"));
        app.archive_capability(&sme, id).await.expect(204);
        // Archived: kept (the desk and the company still read it) but out of the catalogue.
        app.get_capability(ANONYMOUS, id).await.problem(404);
        let archived = app.get_capability(&sme, id).await.expect(200);
        assert_eq!(archived["status"], "archived");
        assert!(search(&app, "q=press").await.is_empty());
        app.update_capability(&sme, id, &json!({"title_en": "Again"})).await.problem(409);
        app.archive_capability(&sme, id).await.expect(204);
    }
);
