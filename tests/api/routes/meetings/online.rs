//! Online meetings: `PUT /meetings/{id}/schedule` with `mode: online` and a `join_url`
//! instead of a table; the link in the view, both agendas, the mails and the invitation.

use std::time::Duration;

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::common::fixtures::{
    accepted_meeting, exhibitor, slots, tables, trade_fair, verified_buyer,
};
use crate::common::smtp::{Received, SmtpSink};
use crate::common::TestApp;
use crate::{api_test, mail_test};

const LINK: &str = "https://meet.example.com/sagamihara-abc?pwd=xyz";

fn online(slot: &Value, link: &str) -> Value {
    json!({"slot_id": slot, "mode": "online", "join_url": link})
}

mail_test! {
    async fn an_online_meeting_carries_its_link_in_the_view_the_agendas_the_mails_and_the_invitation(backend) {
        let sink = SmtpSink::start();
        let app = TestApp::with_mail(backend, &sink).await;
        app.start_delivery();
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slots = slots(&app, &event).await;
        let view = app.schedule_meeting(&desk, &id, &online(&slots[0]["id"], LINK)).await.expect(200);
        assert_eq!(view["placement"]["mode"], "online");
        assert_eq!(view["placement"]["join_url"], LINK);
        assert_eq!(view["placement"]["table_id"], Value::Null);
        assert_eq!(view["placement"]["table"], Value::Null);
        let seen = app.get_meeting(&buyer, &id).await.expect(200);
        assert_eq!(seen["placement"]["join_url"], LINK);

        let company = format!("company_id={}", sme.company_id.unwrap());
        let buyers = format!("buyer_id={}", buyer.buyer_id.unwrap());
        for (who, query) in [(&sme, &company), (&buyer, &buyers)] {
            let agenda = app.agenda(who, &event, query).await.expect(200);
            assert_eq!(agenda["items"][0]["mode"], "online", "{agenda}");
            assert_eq!(agenda["items"][0]["join_url"], LINK, "{agenda}");
            assert_eq!(agenda["items"][0]["table"], Value::Null, "{agenda}");
            let calendar = app.agenda(who, &event, query).header("accept", "text/calendar").await;
            assert_eq!(calendar.status.as_u16(), 200);
            let ics = calendar.text();
            assert!(ics.contains("URL:https://meet.example.com/"), "{ics}");
            assert!(!ics.contains("table"), "{ics}");
        }

        let with_calendar = |m: &&Received| m.parts.contains_key("text/calendar");
        let mails = sink
            .wait_for(Duration::from_secs(5), "the invitation to both sides", |all| {
                [&sme, &buyer].iter().all(|u| all.iter().any(|m| m.to.contains(&u.email) && with_calendar(&m)))
            })
            .await;
        let to_sme = mails.iter().filter(|m| m.to.contains(&sme.email)).find(with_calendar).unwrap();
        assert!(to_sme.text().contains(&format!("オンライン: {LINK}")), "{}", to_sme.text());
        assert!(!to_sme.text().contains("テーブル"), "{}", to_sme.text());
        let to_buyer = mails.iter().filter(|m| m.to.contains(&buyer.email)).find(with_calendar).unwrap();
        assert!(to_buyer.text().contains(&format!("Online: {LINK}")), "{}", to_buyer.text());
        let ics = &to_buyer.parts["text/calendar"];
        let _parsed: icalendar::Calendar = ics.parse().expect("a valid iCalendar invitation");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("URL:{LINK}")), "{ics}");
        assert!(unfolded.contains(&format!("LOCATION:{LINK}")), "{ics}");
        assert!(unfolded.contains("CONFERENCE;"), "{ics}");
        assert!(!unfolded.contains("table") && !unfolded.contains(", -"), "{ics}");
        assert!(ics.contains("SEQUENCE:0"), "{ics}");

        // Moved to a table: the link is gone, the invitation says so with a higher SEQUENCE.
        let table = tables(&app, &event).await[0].clone();
        let moved = app
            .schedule_meeting(&desk, &id, &json!({"slot_id": slots[0]["id"], "table_id": table}))
            .await
            .expect(200);
        assert_eq!(moved["placement"]["mode"], "on_site");
        assert_eq!(moved["placement"]["join_url"], Value::Null);
        assert_eq!(moved["placement"]["table_id"], table);
        let mails = sink
            .wait_for(Duration::from_secs(5), "the move to a table", |all| {
                all.iter().filter(|m| m.to.contains(&buyer.email)).filter(with_calendar).count() == 2
            })
            .await;
        let moved_ics = mails
            .iter()
            .filter(|m| m.to.contains(&buyer.email))
            .filter_map(|m| m.parts.get("text/calendar"))
            .find(|c| c.contains("SEQUENCE:1"))
            .expect("the move's invitation");
        assert!(!moved_ics.contains("meet.example.com"), "{moved_ics}");
        // And back online.
        let back = app.schedule_meeting(&desk, &id, &online(&slots[1]["id"], LINK)).await.expect(200);
        assert_eq!(back["placement"]["join_url"], LINK);
        assert_eq!(back["placement"]["table_id"], Value::Null);
    }
}

api_test!(
    async fn links_that_are_not_https_carry_userinfo_or_come_with_a_table_are_refused_in_the_callers_language(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let id = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slot = slots(&app, &event).await[0]["id"].clone();
        let table = tables(&app, &event).await[0].clone();
        let long = format!("https://meet.example.com/{}", "a".repeat(2000));
        let bodies = [
            (online(&slot, "http://meet.example.com/abc"), "join_url"),
            (online(&slot, "https://someone:secret@meet.example.com/abc"), "join_url"),
            (online(&slot, "https://someone@meet.example.com/abc"), "join_url"),
            (online(&slot, &long), "join_url"),
            (json!({"slot_id": slot, "mode": "online", "join_url": LINK, "table_id": table}), "table_id"),
            (json!({"slot_id": slot, "table_id": table, "join_url": LINK}), "table_id"),
            (json!({"slot_id": slot, "mode": "online"}), "join_url"),
            (json!({"slot_id": slot}), "table_id"),
        ];
        for (body, field) in &bodies {
            for language in ["ja", "en"] {
                let response = app.schedule_meeting(&desk, &id, body).header("accept-language", language).await;
                let problem = response.problem(422);
                let errors = problem["errors"].as_array().expect("field errors");
                let error = errors.iter().find(|e| e["field"] == *field).expect("the field named");
                let message = error["message"].as_str().unwrap_or_default();
                assert_eq!(message.is_ascii(), language == "en", "{body}: {problem}");
            }
        }
        let seen = app.get_meeting(&desk, &id).await.expect(200);
        assert_eq!(seen["status"], "accepted", "nothing changed");
        assert_eq!(seen["placement"], Value::Null);
    }
);

api_test!(
    async fn an_online_meeting_and_an_on_site_one_of_a_participant_never_share_a_slot(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let other_sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let other_buyer = verified_buyer(&app).await;
        let slots = slots(&app, &event).await;
        let tables = tables(&app, &event).await;
        let (first, second) = (slots[0]["id"].clone(), slots[1]["id"].clone());
        // Online first, then on site in the same slot for the same company.
        let remote = accepted_meeting(&app, &event, &sme, &buyer).await;
        app.schedule_meeting(&desk, &remote, &online(&first, LINK)).await.expect(200);
        let same_company = accepted_meeting(&app, &event, &sme, &other_buyer).await;
        let problem = app
            .schedule_meeting(&desk, &same_company, &json!({"slot_id": first, "table_id": tables[0]}))
            .await
            .problem(409);
        assert_eq!(problem["clashes"], json!(["company"]));
        // On site first, then online in the same slot for the same buyer.
        let same_buyer = accepted_meeting(&app, &event, &other_sme, &buyer).await;
        app.schedule_meeting(&desk, &same_buyer, &json!({"slot_id": second, "table_id": tables[0]}))
            .await
            .expect(200);
        let problem = app.schedule_meeting(&desk, &remote, &online(&second, LINK)).await.problem(409);
        assert_eq!(problem["clashes"], json!(["buyer"]));
        // Online meetings take no table: two of them share a slot, and the table stays free.
        let unrelated = accepted_meeting(&app, &event, &other_sme, &other_buyer).await;
        app.schedule_meeting(&desk, &unrelated, &online(&first, LINK)).await.expect(200);
        app.schedule_meeting(&desk, &same_company, &json!({"slot_id": second, "table_id": tables[1]}))
            .await
            .expect(200);
        let seen = app.get_meeting(&desk, &remote).await.expect(200);
        assert_eq!(seen["placement"]["slot_id"], first, "the refused move changed nothing");
    }
);
