//! A company's agenda and the event's meeting lists: iCalendar, CSV, Excel.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, requested_meeting, slots, tables, trade_fair, verified_buyer,
};
use crate::common::TestApp;

api_test!(
    async fn agendas_export_to_icalendar_and_lists_to_csv_and_excel(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slot = slots(&app, &event).await[1]["id"].clone();
        let table = tables(&app, &event).await[1].clone();
        app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot, "table_id": table})).await.expect(200);
        requested_meeting(&app, &verified_buyer(&app).await, &event, &sme).await;

        let company = format!("company_id={}", sme.company_id.unwrap());
        let agenda = app.agenda(&sme, &event, &company).await.expect(200);
        assert_eq!(agenda["items"].as_array().unwrap().len(), 1, "only the timetable");
        assert_eq!(agenda["items"][0]["local_start"], "2026-12-01T10:20:00+07:00");
        assert_eq!(agenda["items"][0]["table"], "A2");
        app.agenda(&buyer, &event, &company).await.problem(404);

        let calendar = app.agenda(&sme, &event, &company).header("accept", "text/calendar").await;
        assert_eq!(calendar.status.as_u16(), 200);
        assert!(calendar.header("content-type").unwrap().starts_with("text/calendar"));
        let parsed: icalendar::Calendar = calendar.text().parse().expect("a valid iCalendar file");
        let events: Vec<_> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 1);
        use icalendar::Component;
        let start = events[0].property_value("DTSTART").unwrap();
        assert_eq!(start, "20261201T102000");
        let tzid = events[0].properties().get("DTSTART").unwrap().params().get("TZID").unwrap().value();
        assert_eq!(tzid, "Asia/Bangkok");
        assert!(events[0].get_summary().unwrap().contains("Test Buyer"));

        let csv = app.meetings_csv(&desk, &event).await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.body.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM for Excel");
        let text = csv.text();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(headers, ["start_local", "end_local", "table", "company_ja", "company_en", "buyer", "country", "interpreter", "status"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "2026-12-01 10:20");
        assert_eq!(&rows[0][2], "A2");
        assert!(rows[0][3].starts_with("テスト製作所"));
        assert_eq!(&rows[0][6], "TH");
        assert_eq!(&rows[0][8], "scheduled");
        assert_eq!(&rows[1][8], "requested");
        app.meetings_csv(&sme, &event).await.problem(403);

        let xlsx = app.meetings_xlsx(&desk, &event).await;
        assert_eq!(xlsx.status.as_u16(), 200);
        assert!(xlsx.body.starts_with(b"PK"), "an xlsx file is a zip archive");
    }
);
