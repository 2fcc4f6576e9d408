//! Reviewers write and sign their own opinions on the draft; they are published with it and
//! frozen with the version they were written for.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::sha256_hex;
use crate::api_test;
use crate::common::{verbs::ANONYMOUS, TestApp};

fn opinions_of(report: &Value) -> Vec<(String, String, String)> {
    report["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["reviewer_id"].as_str().unwrap().to_owned(),
                o["language"].as_str().unwrap().to_owned(),
                o["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

api_test! {
    async fn reviewers_sign_their_own_opinions_which_are_published_with_the_report(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let chair = app.user(Role::Reviewer);
        let member = app.new_user(Role::Reviewer);
        app.open_report(&admin, 2025).await.expect(201);
        let signed = app.sign_opinion(&chair, 2025, &json!({"language": "ja", "text": "成約率の伸びを評価します。"})).await.expect(200);
        assert_eq!(signed["reviewer_id"], chair.id.to_string());
        assert_eq!(signed["reviewer_name"], "Test reviewer");
        assert_eq!(signed["version"], 1);
        assert!(signed["signed_at"].is_string());
        // Another reviewer's opinion is their own: the chair's stays as the chair wrote it.
        app.sign_opinion(&member, 2025, &json!({"language": "en", "text": "Sales need a closer look."})).await.expect(200);
        let draft: Value = app.get_report(&chair, 2025).await.expect(200);
        assert_eq!(opinions_of(&draft["draft"]), vec![
            (chair.id.to_string(), "ja".into(), "成約率の伸びを評価します。".into()),
            (member.id.to_string(), "en".into(), "Sales need a closer look.".into()),
        ]);
        // Rewriting replaces one's own opinion, not adds one.
        let rewritten = app.sign_opinion(&chair, 2025, &json!({"language": "ja", "text": "成約率の伸びを高く評価します。"})).await.expect(200);
        assert_eq!(rewritten["id"], signed["id"]);
        let publication = app.publish_report(&admin, 2025).await.expect(201);
        assert_eq!(opinions_of(&publication["content"]), vec![
            (member.id.to_string(), "en".into(), "Sales need a closer look.".into()),
            (chair.id.to_string(), "ja".into(), "成約率の伸びを高く評価します。".into()),
        ]);
        // After publication a new opinion is for the correction to come; version 1 keeps its own.
        let next = app.sign_opinion(&member, 2025, &json!({"language": "en", "text": "Now satisfied."})).await.expect(200);
        assert_eq!(next["version"], 2);
        assert_ne!(next["id"], publication["content"]["opinions"][0]["id"]);
        let frozen = app.public_report_version(ANONYMOUS, 2025, 1).await;
        assert_eq!(sha256_hex(&frozen.body), publication["sha256"].as_str().unwrap());
        let draft: Value = app.get_report(&admin, 2025).await.expect(200);
        assert_eq!(opinions_of(&draft["draft"]), vec![
            (chair.id.to_string(), "ja".into(), "成約率の伸びを高く評価します。".into()),
            (member.id.to_string(), "en".into(), "Now satisfied.".into()),
        ], "the chair's opinion stands for version 2 until rewritten");
        let second = app.correct_report(&admin, 2025, &json!({"what_changed": "委員意見の更新", "why": "委員からの申し出"})).await.expect(201);
        assert_eq!(opinions_of(&second["content"]).len(), 2);
        assert_eq!(second["content"]["opinions"][1]["text"], "Now satisfied.");
    }
}

api_test! {
    async fn only_reviewers_sign_and_only_on_an_open_report(backend) {
        let app = TestApp::new(backend).await;
        let body = json!({"language": "ja", "text": "意見"});
        app.sign_opinion(&app.user(Role::Reviewer), 2025, &body).await.problem(404);
        app.open_report(&app.user(Role::Admin), 2025).await.expect(201);
        for role in [Role::Admin, Role::Desk, Role::Sme, Role::Expert] {
            app.sign_opinion(&app.user(role), 2025, &body).await.problem(403);
        }
        app.sign_opinion(&app.user(Role::Reviewer), 2025, &json!({"language": "ja", "text": ""})).await.problem(422);
        app.sign_opinion(&app.user(Role::Reviewer), 2025, &json!({"language": "fr", "text": "avis"})).await.problem(422);
        let draft: Value = app.get_report(&app.user(Role::Admin), 2025).await.expect(200);
        assert_eq!(draft["draft"]["opinions"], json!([]), "refused opinions left nothing");
    }
}
