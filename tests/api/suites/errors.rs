//! Every error status the API uses, each with its problem+json body.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::{error_fields, TestApp};

api_test!(
    async fn malformed_json_is_400(backend) {
        let app = TestApp::new(backend).await;
        for body in [&b"{\"email\": "[..], b"not json", b"{\"email\": \"a@b.c\",}", b"", b"\xff\xfe{}"] {
            let problem = app
                .post("/api/v1/auth/login")
                .body("application/json", body.to_vec())
                .send()
                .await
                .problem(400);
            assert_eq!(problem["type"], "/problems/bad-request");
        }
    }
);

api_test!(
    async fn a_body_that_is_not_json_is_415(backend) {
        let app = TestApp::new(backend).await;
        app.post("/api/v1/auth/login")
            .body("text/plain", r#"{"email":"a@example.jp","password":"whatever pw"}"#)
            .send()
            .await
            .problem(415);
        app.post("/api/v1/auth/login")
            .body("application/x-www-form-urlencoded", "email=a&password=b")
            .send()
            .await
            .problem(415);
    }
);

api_test!(
    async fn bodies_over_64_kib_are_413(backend) {
        let app = TestApp::new(backend).await;
        let big = json!({"email": "a@example.jp", "password": "x".repeat(70 * 1024)}).to_string();
        let problem = app
            .post("/api/v1/auth/login")
            .body("application/json", big)
            .send()
            .await
            .problem(413);
        assert_eq!(problem["type"], "/problems/payload-too-large");
    }
);

api_test!(
    async fn unknown_fields_and_wrong_types_are_422_naming_the_field(backend) {
        let app = TestApp::new(backend).await;
        let problem = app
            .post("/api/v1/auth/login")
            .json(&json!({"email": "a@example.jp", "password": "long enough", "remember_me": true}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["remember_me"]);
        let problem = app
            .post("/api/v1/auth/login")
            .json(&json!({"email": 42, "password": "long enough"}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["email"]);
        let problem = app
            .post("/api/v1/auth/register")
            .json(&json!({"email": "a@example.jp", "password": "long enough", "display_name": "A",
                           "account_type": "buyer", "buyer": {"name": "B", "country": "TH", "tier": 1}}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["buyer.tier"]);
        let problem = app
            .post("/api/v1/auth/login")
            .body("application/json", r#"{"email":"a@example.jp","email":"b@example.jp","password":"long enough"}"#)
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["email"]);
    }
);

api_test!(
    async fn a_body_that_is_not_an_object_is_422(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        // serde would read `[null, null]` as a MeChanges with both fields left out.
        for body in ["[null, null]", "[]", "null", "42", "\"text\""] {
            let problem = app
                .patch("/api/v1/me")
                .by(&sme)
                .body("application/json", body)
                .send()
                .await
                .problem(422);
            assert_eq!(error_fields(&problem), ["body"], "{body}");
        }
    }
);

api_test!(
    async fn unknown_routes_and_ids_are_404_problems(backend) {
        let app = TestApp::new(backend).await;
        app.get("/api/v1/no-such-thing").send().await.problem(404);
        let admin = app.user(Role::Admin);
        app.patch("/api/v1/users/not-a-uuid")
            .by(&admin)
            .json(&json!({"display_name": "X"}))
            .send()
            .await
            .problem(404);
    }
);

api_test!(
    async fn authorisation_failures_are_401_and_403_problems(backend) {
        let app = TestApp::new(backend).await;
        let response = app.get("/api/v1/users").send().await;
        let problem = response.problem(401);
        assert_eq!(problem["type"], "/problems/unauthorized");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        let problem = app.get("/api/v1/users").by(&app.user(Role::Sme)).send().await.problem(403);
        assert_eq!(problem["type"], "/problems/forbidden");
    }
);

api_test!(
    async fn every_problem_carries_the_request_id(backend) {
        let app = TestApp::new(backend).await;
        let response = app.get("/api/v1/me").header("x-request-id", "support-ticket-42").send().await;
        let problem = response.problem(401);
        assert_eq!(problem["request_id"], "support-ticket-42");
        assert_eq!(response.header("x-request-id"), Some("support-ticket-42"));
    }
);

api_test!(
    async fn a_known_path_with_a_method_it_lacks_is_405_naming_the_methods_it_has(backend) {
        let app = TestApp::new(backend).await;
        let response = app.delete("/api/v1/me").send().await;
        let problem = response.problem(405);
        assert_eq!(problem["type"], "/problems/method-not-allowed");
        assert_eq!(response.header("allow"), Some("GET, HEAD, PATCH"));
        let company = "/api/v1/companies/01900000-0000-7000-8000-000000000000";
        let response = app.put(company).by(&app.user(Role::Desk)).send().await;
        response.problem(405);
        assert_eq!(response.header("allow"), Some("GET, HEAD, PATCH"));
        let response = app.request(actix_web::http::Method::TRACE, "/healthz").send().await;
        response.problem(405);
        assert_eq!(response.header("allow"), Some("GET, HEAD"));
        // A path that does not exist stays a 404, whatever the method; an empty id is no id.
        app.delete("/api/v1/me/elsewhere").send().await.problem(404);
        app.get("/api/v1/companies/a/b/c").send().await.problem(404);
        app.post("/api/v1/companies//capabilities").send().await.problem(404);
    }
);

#[test]
fn every_operation_documents_the_errors_its_inputs_can_cause() {
    let document = serde_json::to_value(sagamihara_match::openapi()).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let documented = |status: &str| operation["responses"].get(status).is_some();
            let name = format!("{} {path}", method.to_uppercase());
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(documented(status), "{name} does not document {status}");
                }
            }
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if parameters.iter().any(|p| p["in"] == "path") {
                assert!(documented("404"), "{name} does not document 404");
            }
            if parameters.iter().any(|p| p["in"] == "query") {
                assert!(documented("422"), "{name} does not document 422");
            }
            // A route that takes a token (alone or as the signed-in alternative) can answer
            // 401; `security: [{}]` declares a route that takes none.
            let takes_token = operation["security"]
                .as_array()
                .is_some_and(|alternatives| {
                    alternatives
                        .iter()
                        .any(|a| a.as_object().is_some_and(|a| !a.is_empty()))
                });
            if takes_token {
                assert!(documented("401"), "{name} does not document 401");
            }
        }
    }
}
