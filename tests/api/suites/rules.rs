//! The document's rules are the service's: what the document's numbers call valid is
//! accepted and one step past them is refused, read from the document itself (so a number
//! changed on one side only fails here); a whole number written `10.0` is the integer JSON
//! Schema says it is; paging takes what its parameters document; an optional body may be
//! sent as the `null` the document offers. `tests/rules_in_document.rs` checks that every
//! validator rule has its number in the document.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{add_capability, approved_sme, capability};
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;

fn document() -> Value {
    serde_json::to_value(sagamihara_match::openapi()).unwrap()
}

fn property<'a>(document: &'a Value, schema: &str, field: &str) -> &'a Value {
    let property = &document["components"]["schemas"][schema]["properties"][field];
    assert!(property.is_object(), "{schema}.{field} is in the document");
    property
}

fn number(value: &Value, keyword: &str) -> i64 {
    value[keyword]
        .as_i64()
        .unwrap_or_else(|| panic!("{keyword} in {value}"))
}

api_test!(
    async fn the_documented_lengths_and_ranges_are_the_accepted_ones(backend) {
        let app = TestApp::new(backend).await;
        let document = document();
        let sme = approved_sme(&app).await;
        let created = add_capability(&app, &sme, capability("旋盤加工", "Turning", "machining", &[])).await;
        let id = created["id"].as_str().unwrap();
        let patch = |body: Value| {
            let (app, sme) = (&app, &sme);
            async move { app.update_capability(sme, id, &body).await }
        };

        let title = property(&document, "CapabilityChanges", "title_en");
        let max = number(title, "maxLength") as usize;
        patch(json!({"title_en": "x".repeat(max)})).await.expect(200);
        patch(json!({"title_en": "x".repeat(max + 1)})).await.problem(422);
        // Characters, not bytes: the longest title in Japanese is accepted too.
        patch(json!({"title_ja": "精".repeat(max)})).await.expect(200);

        let lead = property(&document, "NewCapability", "lead_time_days");
        let (min, max) = (number(lead, "minimum"), number(lead, "maximum"));
        for (value, status) in [(min, 200), (max, 200), (min - 1, 422), (max + 1, 422)] {
            let answer = patch(json!({"lead_time_days": value})).await;
            assert_eq!(answer.status.as_u16(), status, "lead_time_days {value}: {}", answer.text());
        }

        let tags = property(&document, "CapabilityChanges", "tags");
        let most = number(tags, "maxItems") as usize;
        let tag = &document["components"]["schemas"]["ShortText50"];
        let longest = "t".repeat(number(tag, "maxLength") as usize);
        let many: Vec<String> = (0..most).map(|i| format!("tag{i}")).collect();
        patch(json!({"tags": many})).await.expect(200);
        let too_many: Vec<String> = (0..=most).map(|i| format!("tag{i}")).collect();
        patch(json!({"tags": too_many})).await.problem(422);
        patch(json!({"tags": [longest.clone()]})).await.expect(200);
        patch(json!({"tags": [format!("{longest}t")]})).await.problem(422);
        // The pattern refuses a blank entry, and so does the service.
        patch(json!({"tags": ["  "]})).await.problem(422);

        let countries = document["components"]["schemas"]["CountryCode"]["enum"].as_array().unwrap();
        assert!(countries.contains(&json!("TH")) && !countries.contains(&json!("XX")));
        app.update_company(&sme, sme.company_id.unwrap(), &json!({"export_countries": ["TH", "VN"]}))
            .await
            .expect(200);
        app.update_company(&sme, sme.company_id.unwrap(), &json!({"export_countries": ["XX"]}))
            .await
            .problem(422);
    }
);

api_test!(
    async fn a_whole_number_written_with_a_point_is_an_integer(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let mut body = capability("板金加工", "Sheet metal", "stamping", &[]);
        body["lead_time_days"] = json!(14.0);
        body["min_lot"] = json!(1e2);
        let created = add_capability(&app, &sme, body).await;
        assert_eq!(created["lead_time_days"], json!(14));
        assert_eq!(created["min_lot"], json!(100));
        let id = created["id"].as_str().unwrap();
        let fraction = app.update_capability(&sme, id, &json!({"lead_time_days": 14.5})).await;
        assert_eq!(fraction.problem(422)["errors"][0]["field"], "lead_time_days");
        // Duplicate keys are still refused when the body holds such a number.
        let duplicate = r#"{"lead_time_days": 3.0, "lead_time_days": 4}"#;
        let answer = app
            .patch(&format!("/api/v1/capabilities/{id}"))
            .by(&sme)
            .body("application/json", duplicate)
            .send()
            .await;
        assert_eq!(answer.problem(422)["errors"][0]["field"], "lead_time_days");
    }
);

api_test!(
    async fn paging_takes_what_its_parameters_document(backend) {
        let app = TestApp::new(backend).await;
        let document = document();
        let parameters = document["paths"]["/api/v1/capabilities"]["get"]["parameters"].as_array().unwrap();
        let limit = parameters.iter().find(|p| p["name"] == "limit").unwrap();
        assert_eq!(
            (&limit["schema"]["minimum"], &limit["schema"]["maximum"], &limit["schema"]["default"]),
            (&json!(1), &json!(100), &json!(20))
        );
        let sme = approved_sme(&app).await;
        for n in 0..3 {
            add_capability(&app, &sme, capability(&format!("加工{n}"), &format!("Work {n}"), "machining", &[])).await;
        }
        app.search_capabilities(ANONYMOUS, "limit=100").await.expect(200);
        app.search_capabilities(ANONYMOUS, "limit=101").await.problem(422);
        app.list_users(&app.user(Role::Admin), "limit=101").await.problem(422);

        let first = app.search_capabilities(ANONYMOUS, "limit=2").await.expect(200);
        let cursor = first["next_cursor"].as_str().unwrap();
        let next = app.search_capabilities(ANONYMOUS, &format!("limit=2&cursor={cursor}")).await.expect(200);
        assert_eq!(next["items"].as_array().unwrap().len(), 1);
        // A cursor of the documented form that the catalogue never handed out ("nope") names
        // no place in it: an empty last page, not a 422.
        let unknown = app.search_capabilities(ANONYMOUS, "cursor=bm9wZQ").await.expect(200);
        assert_eq!((&unknown["items"], &unknown["next_cursor"]), (&json!([]), &Value::Null));
        // Outside the documented form, a cursor is refused.
        for bad in ["cursor=%21%21", "cursor=A", &format!("cursor={}", "A".repeat(516))] {
            app.search_capabilities(ANONYMOUS, bad).await.problem(422);
        }
        // Other lists read any cursor of the form as a place in their order.
        app.list_users(&app.user(Role::Admin), "cursor=AAA").await.expect(200);
        app.list_companies(ANONYMOUS, "cursor=zzzz").await.expect(200);
    }
);

api_test!(
    async fn an_optional_body_may_be_sent_as_null(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.new_user(Role::Sme);
        let answer = app
            .post(&format!("/api/v1/companies/{}/approve", sme.company_id.unwrap()))
            .by(&app.user(Role::Desk))
            .body("application/json", "null")
            .send()
            .await;
        assert_eq!(answer.expect(200)["status"], "approved");
    }
);
