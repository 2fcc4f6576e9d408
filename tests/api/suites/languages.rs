//! Errors in the caller's language: `Accept-Language` picks Japanese or English (the
//! default) for a problem's `title`, `detail` and every field `message`, and the answer says
//! which (`Content-Language`) and that it depends on the header (`Vary`). Each account keeps
//! its own language for the messages the service will send it.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{logged_in, sme_registration};
use crate::common::verbs::ANONYMOUS;
use crate::common::{TestApp, TestResponse, PASSWORD};

/// The problem of `response`, after checking it is marked as written in `language`.
#[track_caller]
fn problem_in(response: &TestResponse, status: u16, language: &str) -> Value {
    let problem = response.problem(status);
    assert_eq!(response.header("content-language"), Some(language));
    let vary: Vec<String> = response
        .headers
        .get_all("vary")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
    assert!(
        vary.iter().any(|v| v == "accept-language"),
        "Vary names Accept-Language: {vary:?}"
    );
    problem
}

fn said(problem: &Value) -> (&str, &str) {
    (
        problem["title"].as_str().unwrap_or_default(),
        problem["detail"].as_str().unwrap_or_default(),
    )
}

fn field_messages(problem: &Value) -> Vec<(&str, &str)> {
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default(),
                e["message"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

api_test!(
    async fn a_422_names_its_fields_in_japanese_when_asked_and_in_english_otherwise(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let body = json!({"display_name": ""});
        let response = app
            .update_me(&sme, &body)
            .header("accept-language", "ja")
            .await;
        let problem = problem_in(&response, 422, "ja");
        assert_eq!(
            said(&problem),
            ("入力内容に誤りがあります", "入力内容に誤りがあります。各項目のエラーをご確認ください")
        );
        assert_eq!(field_messages(&problem), [("display_name", "1〜100文字で入力してください")]);

        let problem = problem_in(&app.update_me(&sme, &body).await, 422, "en");
        assert_eq!(said(&problem), ("Unprocessable Entity", "the request has invalid fields"));
        assert_eq!(
            field_messages(&problem),
            [("display_name", "must be between 1 and 100 characters")]
        );
        // Nothing changed either way.
        let me = app.get_me(&sme).await.expect(200);
        assert_eq!(me["display_name"], format!("Test {}", Role::Sme.as_str()));
    }
);

api_test!(
    async fn a_401_and_a_403_answer_in_the_language_asked_for(backend) {
        let app = TestApp::new(backend).await;
        let response = app.get_me(ANONYMOUS).header("accept-language", "ja-JP").await;
        let problem = problem_in(&response, 401, "ja");
        assert_eq!(said(&problem), ("認証が必要です", "有効なアクセストークンが必要です"));
        let problem = problem_in(&app.get_me(ANONYMOUS).await, 401, "en");
        assert_eq!(said(&problem), ("Unauthorized", "a valid access token is required"));

        let sme = app.user(Role::Sme);
        let wrong = json!({"current_password": "not the password", "new_password": "a brand new one"});
        let response = app
            .change_password(&sme, &wrong)
            .header("accept-language", "en;q=0.3, ja;q=0.9")
            .await;
        let problem = problem_in(&response, 403, "ja");
        assert_eq!(said(&problem), ("権限がありません", "現在のパスワードが正しくありません"));
        let response = app
            .change_password(&sme, &wrong)
            .header("accept-language", "fr-FR, de;q=0.9")
            .await;
        let problem = problem_in(&response, 403, "en");
        assert_eq!(said(&problem), ("Forbidden", "the current password is wrong"));
    }
);

api_test!(
    async fn a_404_and_a_405_answer_in_the_language_asked_for(backend) {
        let app = TestApp::new(backend).await;
        let response = app
            .get("/api/v1/no-such-thing")
            .header("accept-language", "ja")
            .await;
        let problem = problem_in(&response, 404, "ja");
        assert_eq!(
            said(&problem),
            ("見つかりません", "指定されたデータは存在しないか、閲覧する権限がありません")
        );
        let problem = problem_in(&app.get("/api/v1/no-such-thing").await, 404, "en");
        assert_eq!(
            said(&problem),
            ("Not Found", "the resource does not exist or is not visible to you")
        );

        let response = app.delete("/api/v1/me").header("accept-language", "ja").await;
        let problem = problem_in(&response, 405, "ja");
        assert_eq!(problem["detail"], "このパスで使用できるメソッドは GET, HEAD, PATCH のみです");
    }
);

api_test!(
    async fn a_409_answers_in_the_language_asked_for(backend) {
        let app = TestApp::new(backend).await;
        let body = sme_registration("tanaka@example.jp");
        app.register(&body).await.expect(201);
        let response = app.register(&body).header("accept-language", "ja").await;
        let problem = problem_in(&response, 409, "ja");
        assert_eq!(
            said(&problem),
            ("現在の状態では実行できません", "このメールアドレスは既に登録されています")
        );
        let problem = problem_in(&app.register(&body).await, 409, "en");
        assert_eq!(said(&problem), ("Conflict", "this e-mail is already registered"));
    }
);

api_test!(
    async fn sme_accounts_and_staff_start_in_japanese_buyers_and_candidates_in_english(backend) {
        let app = TestApp::new(backend).await;
        for (role, locale) in [
            (Role::Sme, "ja"),
            (Role::Desk, "ja"),
            (Role::Admin, "ja"),
            (Role::Buyer, "en"),
            (Role::Candidate, "en"),
        ] {
            let me = app.get_me(&app.user(role)).await.expect(200);
            assert_eq!(me["locale"], locale, "{role:?}");
        }
        // Registration sets it from the account type, whatever language the request is in.
        app.register(&sme_registration("sato@example.jp"))
            .header("accept-language", "en")
            .await
            .expect(201);
        let session = logged_in(&app, "sato@example.jp", "precision-2026").await;
        assert_eq!(session["user"]["locale"], "ja");
        let candidate = json!({"email": "nguyen@example.com", "password": PASSWORD,
                               "display_name": "Nguyen Van A", "account_type": "candidate"});
        app.register(&candidate).await.expect(201);
        let session = logged_in(&app, "nguyen@example.com", PASSWORD).await;
        let token = session["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.get_me(&token).await.expect(200)["locale"], "en");
    }
);

api_test!(
    async fn an_account_changes_its_language_and_a_wrong_one_is_refused_in_its_callers(backend) {
        let app = TestApp::new(backend).await;
        let buyer = app.user(Role::Buyer);
        let me = app
            .update_me(&buyer, &json!({"locale": "ja"}))
            .await
            .expect(200);
        assert_eq!(me["locale"], "ja");
        assert_eq!(app.get_me(&buyer).await.expect(200)["locale"], "ja");

        let response = app
            .update_me(&buyer, &json!({"locale": "fr", "display_name": "Somchai"}))
            .header("accept-language", "ja")
            .await;
        let problem = problem_in(&response, 422, "ja");
        let fields = field_messages(&problem);
        assert_eq!(fields.len(), 1, "{problem}");
        assert_eq!(fields[0].0, "locale");
        assert!(fields[0].1.starts_with("値が正しくありません: "), "{}", fields[0].1);
        assert!(fields[0].1.contains("`fr`"), "serde's detail stays quoted: {}", fields[0].1);
        let me = app.get_me(&buyer).await.expect(200);
        assert_eq!((me["locale"].as_str(), me["display_name"].as_str()), (Some("ja"), Some("Test buyer")));

        let me = app
            .update_me(&buyer, &json!({"locale": "en"}))
            .await
            .expect(200);
        assert_eq!(me["locale"], "en");
    }
);
