//! Publishing freezes a report as a version with the SHA-256 of its canonical JSON; the
//! database refuses to change or delete it; a correction is the next version.

use base64::Engine;
use diesel::RunQueryDsl;
use sagamihara_match::auth::Role;
use serde_json::{json, Value};
use sha2::Digest;

use super::{cost, published, sha256_hex};
use crate::api_test;
use crate::common::{verbs::ANONYMOUS, TestApp};

api_test! {
    async fn publishing_freezes_version_1_with_the_sha256_of_the_json_it_serves(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let publication = published(&app, 2025).await;
        assert_eq!(publication["version"], 1);
        let sha = publication["sha256"].as_str().unwrap().to_owned();
        assert_eq!(sha.len(), 64);
        assert!(publication["what_changed"].is_null() && publication["why"].is_null());
        let bytes = app.public_report_version(ANONYMOUS, 2025, 1).await;
        assert_eq!(bytes.status.as_u16(), 200);
        assert_eq!(sha256_hex(&bytes.body), sha, "the digest is of exactly the bytes served");
        // Canonical: no whitespace between tokens, and re-encoding the parsed keys in
        // sorted order gives the same bytes.
        let parsed: Value = serde_json::from_slice(&bytes.body).unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap().as_bytes(), &bytes.body[..]);
        assert_eq!(parsed, publication["content"]);
        assert_eq!((parsed["fiscal_year"].as_i64(), parsed["version"].as_i64()), (Some(2025), Some(1)));
        let digest = sha2::Sha256::digest(&bytes.body);
        let digest = format!("sha-256=:{}:", base64::engine::general_purpose::STANDARD.encode(digest));
        assert_eq!(bytes.header("repr-digest"), Some(digest.as_str()));

        let again = app.publish_report(&admin, 2025).await.problem(409);
        assert!(again["detail"].as_str().unwrap().contains("correction"), "{again}");
        let public: Value = app.public_report(ANONYMOUS, 2025).await.expect(200);
        assert_eq!(public["latest"]["sha256"], sha.as_str());
        assert_eq!(public["history"].as_array().unwrap().len(), 1, "the refused publication made nothing");
    }
}

api_test! {
    async fn a_year_without_a_draft_is_not_published_nor_corrected(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        app.publish_report(&admin, 2025).await.problem(404);
        app.open_report(&admin, 2025).await.expect(201);
        app.open_report(&admin, 2025).await.problem(409);
        let correction = json!({"what_changed": "売上高", "why": "後日の成約"});
        app.correct_report(&admin, 2025, &correction).await.problem(409);
        app.open_report(&admin, 1999).await.problem(422);
    }
}

api_test! {
    async fn the_database_refuses_to_change_or_delete_a_published_version(backend) {
        let app = TestApp::new(backend).await;
        let reviewer = app.user(Role::Reviewer);
        let admin = app.user(Role::Admin);
        app.open_report(&admin, 2025).await.expect(201);
        app.sign_opinion(&reviewer, 2025, &json!({"language": "ja", "text": "概ね妥当です。"})).await.expect(200);
        let publication = app.publish_report(&admin, 2025).await.expect(201);
        let before = app.public_report_version(ANONYMOUS, 2025, 1).await.body;
        let mut conn = app.state.pool.get().unwrap();
        let refused = diesel::sql_query("UPDATE published_reports SET content = '{}' WHERE fiscal_year = 2025")
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("never changes"), "{refused}");
        let refused = diesel::sql_query("UPDATE published_reports SET sha256 = sha256 WHERE fiscal_year = 2025")
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("never changes"), "{refused}");
        let refused = diesel::sql_query("DELETE FROM published_reports WHERE fiscal_year = 2025")
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("never deleted"), "{refused}");
        // The opinion published with version 1 is frozen with it.
        let refused = diesel::sql_query("UPDATE report_opinions SET body = 'changed' WHERE fiscal_year = 2025")
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("frozen"), "{refused}");
        let refused = diesel::sql_query("DELETE FROM report_opinions WHERE fiscal_year = 2025")
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("frozen"), "{refused}");
        drop(conn);
        let after = app.public_report_version(ANONYMOUS, 2025, 1).await;
        assert_eq!(after.body, before);
        assert_eq!(sha256_hex(&after.body), publication["sha256"].as_str().unwrap());
    }
}

api_test! {
    async fn a_correction_is_version_2_and_both_versions_stay_readable(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let first = published(&app, 2025).await;
        assert_eq!(first["content"]["kpi"]["self_financing"]["programme_costs_yen"], 0);
        cost(&app, "2025-06-01", 1_000_000).await;
        for empty in [json!({"what_changed": "", "why": "後日の計上"}), json!({"what_changed": "事業費", "why": ""}), json!({"what_changed": "事業費"})] {
            app.correct_report(&admin, 2025, &empty).await.problem(422);
        }
        let correction = json!({"what_changed": "事業費に会場費を計上", "why": "請求書が公開後に届いたため"});
        let second = app.correct_report(&admin, 2025, &correction).await.expect(201);
        assert_eq!(second["version"], 2);
        assert_eq!(second["what_changed"], "事業費に会場費を計上");
        assert_eq!(second["content"]["correction"], correction);
        assert_eq!(second["content"]["kpi"]["self_financing"]["programme_costs_yen"], 1_000_000);
        assert_ne!(second["sha256"], first["sha256"]);

        let old = app.public_report_version(ANONYMOUS, 2025, 1).await;
        assert_eq!(sha256_hex(&old.body), first["sha256"].as_str().unwrap(), "version 1 is as it was");
        let new = app.public_report_version(ANONYMOUS, 2025, 2).await;
        assert_eq!(sha256_hex(&new.body), second["sha256"].as_str().unwrap());
        app.public_report_version(ANONYMOUS, 2025, 3).await.problem(404);

        let public: Value = app.public_report(ANONYMOUS, 2025).await.expect(200);
        assert_eq!(public["latest"]["version"], 2);
        let history: Vec<_> = public["history"].as_array().unwrap().iter()
            .map(|v| (v["version"].as_i64().unwrap(), v["sha256"].clone(), v["what_changed"].clone(), v["why"].clone()))
            .collect();
        assert_eq!(history, vec![
            (1, first["sha256"].clone(), Value::Null, Value::Null),
            (2, second["sha256"].clone(), json!("事業費に会場費を計上"), json!("請求書が公開後に届いたため")),
        ]);
        let draft: Value = app.get_report(&admin, 2025).await.expect(200);
        assert_eq!((draft["next_version"].as_i64(), draft["versions"].as_array().unwrap().len()), (Some(3), 2));
    }
}
