//! The exports read by other programs: the iCalendar agenda as a calendar client resolves it
//! (through its VTIMEZONE, as RFC 5545 requires), the desk's CSV and Excel lists as a
//! spreadsheet reads them (no formula from a user's text).

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Utc};
use icalendar::parser::{read_calendar, unfold, Calendar, Component, Property};
use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, exhibitor, slots, tables, trade_fair, verified_buyer,
};
use crate::common::{TestApp, TestUser};

/// `+0700`, `-0930` or `+053328` as an offset.
fn offset(text: &str) -> FixedOffset {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits: Vec<i32> = text.as_bytes()[1..]
        .chunks(2)
        .map(|d| std::str::from_utf8(d).unwrap().parse().unwrap())
        .collect();
    let seconds = digits[0] * 3600 + digits[1] * 60 + digits.get(2).copied().unwrap_or(0);
    FixedOffset::east_opt(sign * seconds).unwrap()
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

fn value<'a>(component: &'a Component<'_>, name: &str) -> &'a str {
    component
        .find_prop(name)
        .unwrap_or_else(|| panic!("{} has no {name}", component.name.as_str()))
        .val
        .as_str()
}

fn tzid<'a>(property: &'a Property<'_>) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key == "TZID")
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

/// The calendar's VTIMEZONE components.
fn zones<'a>(calendar: &'a Calendar<'_>) -> Vec<&'a Component<'a>> {
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VTIMEZONE")
        .collect()
}

fn events<'a>(calendar: &'a Calendar<'_>) -> Vec<&'a Component<'a>> {
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect()
}

/// A local time with a TZID resolved to UTC as a client does: through the VTIMEZONE of
/// that TZID, with the offset of the observance in force at that instant (the latest onset
/// not after it).
fn resolve(calendar: &Calendar<'_>, tzid: &str, time: &str) -> DateTime<Utc> {
    let zone = zones(calendar)
        .into_iter()
        .find(|z| value(z, "TZID") == tzid)
        .unwrap_or_else(|| panic!("no VTIMEZONE defines TZID {tzid}"));
    let mut onsets: Vec<(DateTime<Utc>, FixedOffset)> = zone
        .components
        .iter()
        .map(|o| {
            assert!(
                o.name == "STANDARD" || o.name == "DAYLIGHT",
                "{}",
                o.name.as_str()
            );
            let from = offset(value(o, "TZOFFSETFROM"));
            let to = offset(value(o, "TZOFFSETTO"));
            // An onset is written on the clock in force before it (TZOFFSETFROM).
            let onset =
                local(value(o, "DTSTART")) - Duration::seconds(from.local_minus_utc().into());
            (onset.and_utc(), to)
        })
        .collect();
    onsets.sort_by_key(|(onset, _)| *onset);
    let naive = local(time);
    let candidates: Vec<DateTime<Utc>> = onsets
        .iter()
        .enumerate()
        .filter_map(|(i, (onset, to))| {
            let utc = (naive - Duration::seconds(to.local_minus_utc().into())).and_utc();
            let until = onsets.get(i + 1).map(|(next, _)| *next);
            (*onset <= utc && until.is_none_or(|u| utc < u)).then_some(utc)
        })
        .collect();
    assert_eq!(
        candidates.len(),
        1,
        "{time} in {tzid} resolves to exactly one instant: {candidates:?}"
    );
    candidates[0]
}

/// The agenda of `sme`'s company as an iCalendar file, unfolded; checked to parse into the
/// crate's calendar and that every TZID it uses is defined by one of its VTIMEZONEs.
async fn agenda_file(app: &TestApp, sme: &TestUser, event: &str) -> String {
    let query = format!("company_id={}", sme.company_id.unwrap());
    let response = app
        .agenda(sme, event, &query)
        .header("accept", "text/calendar")
        .await;
    assert_eq!(response.status.as_u16(), 200);
    let text = response.text();
    let _: icalendar::Calendar = text.parse().expect("a valid iCalendar file");
    let unfolded = unfold(&text);
    let calendar = read_calendar(&unfolded).expect("parses");
    let defined: Vec<&str> = zones(&calendar).iter().map(|z| value(z, "TZID")).collect();
    assert_eq!(defined.len(), 1, "one VTIMEZONE per zone used");
    for event in events(&calendar) {
        for zone in event.properties.iter().filter_map(tzid) {
            assert!(defined.contains(&zone), "TZID {zone} has no VTIMEZONE");
        }
    }
    unfolded
}

/// Each event of the calendar as (DTSTART, DTEND) resolved to UTC, in start order.
fn meetings_in_utc(calendar: &Calendar<'_>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut meetings: Vec<_> = events(calendar)
        .into_iter()
        .map(|event| {
            let at = |key: &str| {
                let property = event.find_prop(key).unwrap();
                let zone = tzid(property).expect("a local time with its zone");
                resolve(calendar, zone, property.val.as_str())
            };
            (at("DTSTART"), at("DTEND"))
        })
        .collect();
    meetings.sort();
    meetings
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

api_test!(
    async fn a_ten_oclock_meeting_in_bangkok_reads_as_three_utc_through_the_vtimezone(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
        let slot = slots(&app, &event).await[0]["id"].clone();
        let table = tables(&app, &event).await[0].clone();
        app.schedule_meeting(&app.user(Role::Desk), &meeting, &json!({"slot_id": slot, "table_id": table})).await.expect(200);

        let file = agenda_file(&app, &sme, &event).await;
        let calendar = read_calendar(&file).unwrap();
        assert_eq!(value(events(&calendar)[0], "DTSTART"), "20261201T100000", "on the venue's clock");
        assert_eq!(meetings_in_utc(&calendar), [(utc("2026-12-01T03:00:00Z"), utc("2026-12-01T03:20:00Z"))]);
        let observances: Vec<&str> = zones(&calendar)[0].components.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(observances, ["STANDARD"], "Bangkok has no summer time: one observance");
    }
);

api_test!(
    async fn meetings_either_side_of_the_start_of_summer_time_resolve_with_their_own_offsets(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        // Berlin moves from CET (+01:00) to CEST (+02:00) on 2027-03-28 at 01:00 UTC.
        let event = app
            .create_event(&desk, &json!({"kind": "trade_fair", "name": "Hannover Messe side meetings", "city": "Berlin",
                "country": "DE", "venue": "Messe Berlin", "time_zone": "Europe/Berlin",
                "starts_on": "2027-03-27", "ends_on": "2027-03-29", "slot_minutes": 30}))
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.create_slots(&desk, &event, &json!({"days": [
            {"date": "2027-03-27", "start": "10:00", "end": "10:30"},
            {"date": "2027-03-29", "start": "10:00", "end": "10:30"}
        ]}))
        .await
        .expect(201);
        app.create_tables(&desk, &event, &json!({"labels": ["B1"]})).await.expect(201);
        let sme = exhibitor(&app, &event).await;
        let table = tables(&app, &event).await[0].clone();
        for slot in slots(&app, &event).await {
            let buyer = verified_buyer(&app).await;
            let meeting = accepted_meeting(&app, &event, &sme, &buyer).await;
            app.schedule_meeting(&desk, &meeting, &json!({"slot_id": slot["id"], "table_id": table})).await.expect(200);
        }

        let file = agenda_file(&app, &sme, &event).await;
        let calendar = read_calendar(&file).unwrap();
        assert_eq!(
            meetings_in_utc(&calendar),
            [
                (utc("2027-03-27T09:00:00Z"), utc("2027-03-27T09:30:00Z")),
                (utc("2027-03-29T08:00:00Z"), utc("2027-03-29T08:30:00Z")),
            ],
            "10:00 on the venue's clock both days, winter time then summer time"
        );
        let kinds: Vec<&str> = zones(&calendar)[0].components.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(kinds, ["STANDARD", "DAYLIGHT"]);
    }
);

api_test!(
    async fn a_buyer_named_like_a_formula_comes_out_inert_in_csv_and_excel(backend) {
        let app = TestApp::new(backend).await;
        let event = trade_fair(&app, json!({})).await;
        let desk = app.user(Role::Desk);
        let sme = exhibitor(&app, &event).await;
        let buyer = verified_buyer(&app).await;
        let formula = r#"=HYPERLINK("http://x","y")"#;
        app.update_buyer(&buyer, buyer.buyer_id.unwrap(), &json!({"name": formula})).await.expect(200);
        accepted_meeting(&app, &event, &sme, &buyer).await;

        let csv = app.meetings_csv(&desk, &event).await;
        assert_eq!(csv.status.as_u16(), 200);
        let text = csv.text();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][5], format!("'{formula}"), "a quote makes Excel read the cell as text");
        assert!(text.contains(r#""'=HYPERLINK(""http://x"",""y"")""#), "quoted and escaped as CSV: {text}");

        let xlsx = app.meetings_xlsx(&desk, &event).await;
        assert_eq!(xlsx.status.as_u16(), 200);
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.body.to_vec())).expect("an xlsx workbook");
        let sheet = workbook.sheet_names()[0].clone();
        let cells = workbook.worksheet_range(&sheet).unwrap();
        assert_eq!(cells.get_value((1, 5)), Some(&Data::String(formula.to_owned())), "the name as text, unchanged");
        let formulas = workbook.worksheet_formula(&sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere in the sheet");
        assert_eq!(cells.get_value((1, 3)).and_then(Data::get_string).map(|s| s.starts_with("テスト製作所")), Some(true));
    }
);
