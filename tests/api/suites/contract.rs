//! The OpenAPI document as a frontend developer reads it, from the document alone: every
//! reference resolves, every operation says in one line what it does and then how, who may
//! call it (anonymous callers too, where signing in is optional), what every answer can be
//! (500 and 503 included) and which headers come with it; downloads are files, pages refer
//! to their items. `.ci/openapi-lint` runs Redocly's linter over the committed copy.

use serde_json::Value;

use crate::api_test;
use crate::common::TestApp;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn document() -> Value {
    serde_json::to_value(sagamihara_match::openapi()).unwrap()
}

/// Every operation, as (`GET /path`, operation).
fn operations(document: &Value) -> Vec<(String, &Value)> {
    let mut all = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                all.push((format!("{} {path}", method.to_uppercase()), operation));
            }
        }
    }
    assert!(all.len() > 80, "the document lists the API's operations");
    all
}

/// What a local `$ref` (`#/a/b~1c`) points to, if anything.
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

/// Every `$ref` under `value`, with where it stands (a JSON pointer).
fn references<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => found.push((at.clone(), reference)),
                    _ => {
                        let key = key.replace('~', "~0").replace('/', "~1");
                        references(child, format!("{at}/{key}"), found);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                references(child, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// A response, or the shared one it refers to.
fn response<'a>(document: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(reference) => resolve(document, reference).unwrap(),
        None => response,
    }
}

#[test]
fn every_reference_in_the_document_resolves() {
    let document = document();
    let mut found = Vec::new();
    references(&document, String::new(), &mut found);
    assert!(found.len() > 100, "the document uses references");
    let unresolved: Vec<String> = found
        .iter()
        .filter(|(_, reference)| resolve(&document, reference).is_none())
        .map(|(at, reference)| format!("{reference} (at {at})"))
        .collect();
    assert!(
        unresolved.is_empty(),
        "references to nothing; register the schema in `ApiDoc`'s components:\n{}",
        unresolved.join("\n")
    );
}

#[test]
fn every_operation_has_a_one_line_summary_and_a_description() {
    let document = document();
    let mut unreadable = Vec::new();
    for (name, operation) in operations(&document) {
        let summary = operation["summary"].as_str().unwrap_or_default();
        let description = operation["description"].as_str().unwrap_or_default();
        let one_line = !summary.is_empty() && !summary.contains('\n') && summary.len() <= 80;
        if !one_line || description.trim().is_empty() {
            unreadable.push(format!(
                "{name}: summary {summary:?}, description {description:?}"
            ));
        }
    }
    assert!(unreadable.is_empty(), "{}", unreadable.join("\n"));
}

#[test]
fn every_operation_says_who_may_call_it() {
    let document = document();
    let anonymous_or_signed_in = serde_json::json!([{}, { "bearer": [] }]);
    let optional_sign_in = [
        "GET /api/v1/capabilities",
        "GET /api/v1/capabilities/{id}",
        "GET /api/v1/companies",
        "GET /api/v1/companies/{id}",
        "GET /api/v1/jobs",
        "GET /api/v1/jobs/{id}",
    ];
    for (name, operation) in operations(&document) {
        let security = &operation["security"];
        assert!(
            security.as_array().is_some_and(|s| !s.is_empty()),
            "{name} declares no security; public routes say `security(())`"
        );
        if optional_sign_in.contains(&name.as_str()) {
            assert_eq!(security, &anonymous_or_signed_in, "{name}");
        }
        let takes_a_token = security
            .as_array()
            .unwrap()
            .iter()
            .any(|requirement| requirement.get("bearer").is_some());
        if takes_a_token {
            let refused = operation["responses"].get("401");
            assert!(
                refused.is_some(),
                "{name} takes a token but documents no 401"
            );
        }
    }
}

#[test]
fn every_answer_documents_500_503_and_its_shared_headers() {
    let document = document();
    let headers = &document["components"]["headers"];
    assert_eq!(headers["RequestId"]["required"], true);
    assert_eq!(headers["RetryAfter"]["schema"]["type"], "integer");
    for (name, operation) in operations(&document) {
        let responses = operation["responses"].as_object().unwrap();
        for status in ["500", "503"] {
            assert!(
                responses.contains_key(status),
                "{name} documents no {status}"
            );
        }
        for (status, answer) in responses {
            let answer = response(&document, answer);
            let headers = &answer["headers"];
            assert_eq!(
                headers["x-request-id"]["$ref"], "#/components/headers/RequestId",
                "{name} {status}"
            );
            let retry_after = headers["Retry-After"]["$ref"].as_str();
            let retried = matches!(status.as_str(), "429" | "503");
            assert_eq!(
                retry_after,
                retried.then_some("#/components/headers/RetryAfter"),
                "{name} {status}: Retry-After on 429 and 503 only"
            );
            if answer["content"].get("application/problem+json").is_some() {
                for (header, component) in
                    [("Content-Language", "ContentLanguage"), ("Vary", "Vary")]
                {
                    assert_eq!(
                        headers[header]["$ref"],
                        format!("#/components/headers/{component}"),
                        "{name} {status}: a problem says its language"
                    );
                }
            }
        }
        let parameters = operation["parameters"].as_array().unwrap();
        let language = parameters.iter().find(|p| p["name"] == "Accept-Language");
        assert_eq!(
            language.map(|p| (&p["in"], &p["required"])),
            Some((&Value::from("header"), &Value::from(false))),
            "{name} takes an optional Accept-Language"
        );
    }
    assert_eq!(
        headers["ContentLanguage"]["schema"]["enum"],
        serde_json::json!(["en", "ja"])
    );
}

#[test]
fn downloads_are_files_under_their_media_types() {
    let document = document();
    let downloads = [
        ("/api/v1/events/{id}/meetings.csv", "text/csv"),
        (
            "/api/v1/events/{id}/meetings.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("/api/v1/events/{id}/agenda", "text/calendar"),
        ("/api/v1/public/kpi.csv", "text/csv"),
        ("/api/v1/public/reports/{fiscal_year}.csv", "text/csv"),
    ];
    for (path, media_type) in downloads {
        let schema =
            &document["paths"][path]["get"]["responses"]["200"]["content"][media_type]["schema"];
        assert_eq!(
            schema,
            &serde_json::json!({ "type": "string", "format": "binary" }),
            "{path} as {media_type}"
        );
    }
}

#[test]
fn pages_refer_to_their_items_and_always_send_next_cursor() {
    let document = document();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let pages: Vec<_> = schemas
        .iter()
        .filter(|(name, _)| name.starts_with("Page_"))
        .collect();
    assert!(pages.len() >= 10, "every list answers a page");
    for (name, page) in pages {
        let item = name.trim_start_matches("Page_");
        assert_eq!(
            page["properties"]["items"]["items"]["$ref"],
            format!("#/components/schemas/{item}"),
            "{name} refers to {item} rather than copying it"
        );
        assert!(
            page["required"]
                .as_array()
                .unwrap()
                .contains(&"next_cursor".into()),
            "{name}: next_cursor is always sent"
        );
        assert_eq!(
            page["properties"]["next_cursor"]["type"],
            serde_json::json!(["string", "null"]),
            "{name}: next_cursor is null on the last page"
        );
    }
}

#[test]
fn the_document_names_its_server_contact_and_licence() {
    let document = document();
    assert_eq!(document["servers"][0]["url"], "/");
    assert!(document["info"]["contact"]["email"].is_string());
    assert_eq!(document["info"]["license"]["identifier"], "MIT");
}

api_test!(
    async fn the_last_page_sends_next_cursor_as_null(backend) {
        let app = TestApp::new(backend).await;
        let page = app.get("/api/v1/events").send().await.expect(200);
        assert_eq!(page["items"], serde_json::json!([]));
        let next_cursor = page.as_object().unwrap().get("next_cursor");
        assert_eq!(next_cursor, Some(&Value::Null), "sent, as null: {page}");
    }
);

#[test]
fn the_main_flows_show_an_example_request_and_answer() {
    let document = document();
    let example = |path: &str, method: &str, part: &str| -> Value {
        let operation = &document["paths"][path][method];
        let content = match part {
            "request" => &operation["requestBody"]["content"],
            status => &operation["responses"][status]["content"],
        };
        content["application/json"]["example"].clone()
    };
    let flows = [
        ("/api/v1/auth/register", "post", Some("request"), "201"),
        ("/api/v1/auth/login", "post", Some("request"), "200"),
        ("/api/v1/capabilities", "get", None, "200"),
        ("/api/v1/meetings", "post", Some("request"), "201"),
        (
            "/api/v1/meetings/{id}/negotiation",
            "put",
            Some("request"),
            "200",
        ),
        ("/api/v1/kpi", "get", None, "200"),
    ];
    for (path, method, request, status) in flows {
        if let Some(request) = request {
            assert!(
                example(path, method, request).is_object(),
                "{method} {path}: no request example"
            );
        }
        assert!(
            example(path, method, status).is_object(),
            "{method} {path}: no {status} example"
        );
    }
    // The examples are checked against their schemas by `.ci/openapi-lint`
    // (Redocly's no-invalid-media-type-examples); here, that they say what the flow is.
    assert_eq!(
        example("/api/v1/auth/register", "post", "request")["account_type"],
        "sme"
    );
    assert!(
        example("/api/v1/capabilities", "get", "200")["items"][0]["title_ja"]
            .as_str()
            .is_some_and(|title| title.contains("精密"))
    );
}
