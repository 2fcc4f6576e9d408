//! Research briefs: writing, publishing, reading and reach; companies' subscriptions; and
//! who may use each route.

mod briefs;
mod matrix;
mod reach;

use serde_json::{json, Value};

use crate::common::{TestApp, TestUser};

/// A brief body with `tags`, `categories` and `visibility` and the rest filled in.
pub(crate) fn brief_body(tags: &[&str], categories: &[&str], visibility: &str) -> Value {
    json!({
        "title_ja": "深圳の製造業におけるAI活用",
        "title_en": "AI in Shenzhen's factories",
        "summary_ja": "深圳の中小製造業はAIによる検査を急速に導入している。",
        "summary_en": "Shenzhen's small manufacturers are adopting AI inspection fast.",
        "body_ja": "# 概要\n\n**検査工程**での導入が進む。",
        "body_en": "# Summary\n\nAdoption leads in **inspection**.",
        "country": "CN",
        "region": "Guangdong",
        "tags": tags,
        "categories": categories,
        "visibility": visibility,
    })
}

/// A draft written by `author`; its id.
pub(crate) async fn draft(app: &TestApp, author: &TestUser, body: &Value) -> String {
    let brief = app
        .post("/api/v1/briefs")
        .by(author)
        .json(body)
        .send()
        .await
        .expect(201);
    brief["id"].as_str().unwrap().to_owned()
}

/// A brief the desk wrote and published; its id.
pub(crate) async fn published(app: &TestApp, body: &Value) -> String {
    let desk = app.user(sagamihara_match::auth::Role::Desk);
    let id = draft(app, &desk, body).await;
    app.post(&format!("/api/v1/briefs/{id}/publish"))
        .by(&desk)
        .send()
        .await
        .expect(200);
    id
}
