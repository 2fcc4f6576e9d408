//! `GET /events/{id}/matches`: suggestions both ways, ranked, with their reasons.

use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{add_capability, capability, exhibitor, trade_fair, verified_buyer};
use crate::common::TestApp;

fn reasons(item: &Value) -> Vec<(String, i64)> {
    item["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_owned(),
                r["weight"].as_i64().unwrap(),
            )
        })
        .collect()
}

api_test!(
    async fn suggestions_rank_both_ways_and_give_every_reason_with_its_weight(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let machinist = exhibitor(&app, &event).await;
        let moulder = exhibitor(&app, &event).await;
        app.update_company(&machinist, machinist.company_id.unwrap(), &json!({"languages": ["ja", "en"], "export_countries": ["TH"]}))
            .await
            .expect(200);
        add_capability(&app, &machinist, capability("アルミ切削", "Aluminium machining", "machining", &["aluminium", "cnc"])).await;
        add_capability(&app, &moulder, capability("射出成形", "Injection moulding", "plastics", &["moulding"])).await;
        let buyer = verified_buyer(&app).await;
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"languages": ["th", "en"], "interests": {"categories": ["machining"], "tags": ["aluminium"]}}))
            .await
            .expect(200);
        let other = verified_buyer(&app).await;
        for b in [&buyer, &other] {
            app.register_for_event(b, &event).await.expect(201);
        }

        let for_buyer = app.list_matches(&buyer, &event, "").await.expect(200);
        let items = for_buyer["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "only the company with something in common: {for_buyer}");
        assert_eq!(items[0]["counterpart_id"], json!(machinist.company_id.unwrap()));
        assert_eq!(
            reasons(&items[0]),
            [("category_overlap".to_owned(), 3), ("tag_overlap".to_owned(), 2), ("common_language".to_owned(), 2), ("export_experience".to_owned(), 2)]
        );
        assert_eq!(items[0]["score"], 9);
        assert_eq!(items[0]["capabilities"][0]["title_en"], "Aluminium machining");
        // Deterministic.
        assert_eq!(app.list_matches(&buyer, &event, "").await.expect(200), for_buyer);

        let for_company = app.list_matches(&machinist, &event, "").await.expect(200);
        let ranked: Vec<_> = for_company["items"].as_array().unwrap().iter().map(|i| i["counterpart_id"].clone()).collect();
        // The other buyer has no interests but shares the default country: export experience.
        assert_eq!(ranked, [json!(buyer.buyer_id.unwrap()), json!(other.buyer_id.unwrap())], "{for_company}");
        assert_eq!(for_company["items"][0]["score"], 9);
        assert_eq!(for_company["items"][0]["country"], "TH");
    }
);
