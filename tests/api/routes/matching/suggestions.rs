//! `GET /events/{id}/matches`: suggestions both ways, ranked, with their reasons.

use serde_json::{json, Value};

use crate::api_test;
use sagamihara_match::auth::Role;

use crate::common::fixtures::{
    add_capability, capability, exhibitor, held_meeting, tokyo_fair, trade_fair, verified_buyer,
};
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

/// The item for `counterpart` in a suggestions answer.
fn item_for(answer: &Value, counterpart: uuid::Uuid) -> Value {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["counterpart_id"] == json!(counterpart))
        .cloned()
        .unwrap_or_else(|| panic!("no suggestion for {counterpart}: {answer}"))
}

api_test!(
    async fn an_earlier_meeting_and_its_outcome_are_a_reason_both_ways(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        // At an earlier fair the company met two buyers: one deal won, one with no outcome yet.
        let (tokyo, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &tokyo).await;
        let (won, buyer) = held_meeting(&app, &tokyo, &sme, &slots[0], &tables[0]).await;
        app.record_negotiation(&sme, &won, &json!({"status": "won", "amount_minor": 1_000_000, "currency": "JPY", "closed_on": "2021-06-01"}))
            .await
            .expect(200);
        let (_, open) = held_meeting(&app, &tokyo, &sme, &slots[1], &tables[0]).await;
        let fresh = verified_buyer(&app).await;

        let event = trade_fair(&app, json!({})).await;
        app.add_exhibitor(&desk, &event, &json!({"company_id": sme.company_id.unwrap()})).await.expect(201);
        for b in [&buyer, &open, &fresh] {
            app.register_for_event(b, &event).await.expect(201);
        }

        let for_company = app.list_matches(&sme, &event, "").await.expect(200);
        let earlier = |item: &Value| reasons(item).into_iter().filter(|(code, _)| code == "earlier_meeting").collect::<Vec<_>>();
        assert_eq!(earlier(&item_for(&for_company, buyer.buyer_id.unwrap())), [("earlier_meeting".to_owned(), 3)], "{for_company}");
        assert_eq!(earlier(&item_for(&for_company, open.buyer_id.unwrap())), [("earlier_meeting".to_owned(), 1)], "{for_company}");
        assert_eq!(item_for(&for_company, buyer.buyer_id.unwrap())["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "earlier_meeting").unwrap()["detail"], "won");
        // A buyer the company never met has no such reason.
        let never = for_company["items"].as_array().unwrap().iter().find(|i| i["counterpart_id"] == json!(fresh.buyer_id.unwrap())).cloned();
        assert!(never.as_ref().is_none_or(|i| earlier(i).is_empty()), "{for_company}");

        // The buyer sees the same earlier meeting from its side.
        let for_buyer = app.list_matches(&buyer, &event, "").await.expect(200);
        assert_eq!(earlier(&item_for(&for_buyer, sme.company_id.unwrap())), [("earlier_meeting".to_owned(), 3)], "{for_buyer}");
    }
);
