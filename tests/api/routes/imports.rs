//! Bulk imports: Shift_JIS and UTF-8 CSV and Excel files, the dry run and its counts, all or
//! nothing, re-runs that change nothing, the limits, the templates, and who may import.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{approved_sme, trade_fair};
use crate::common::import_verbs::{CSV, XLSX};
use crate::common::verbs::ANONYMOUS;
use crate::common::{error_fields, TestApp};

/// 50 buyers in Shift_JIS with Japanese headers; rows 7, 22 and 42 are invalid (no name, an
/// unknown country, a malformed e-mail).
fn fifty_buyers_in_shift_jis() -> Vec<u8> {
    let mut text = String::from("会社名,国,業種,メール\r\n");
    for i in 0..50 {
        let row = i + 2;
        let name = if row == 7 {
            String::new()
        } else {
            format!("相模バイヤー{i}")
        };
        let country = if row == 22 {
            "XX"
        } else if i % 2 == 0 {
            "TH"
        } else {
            "VN"
        };
        let email = if row == 42 {
            "not-an-email".to_owned()
        } else {
            format!("buyer{i}@example.com")
        };
        text.push_str(&format!("{name},{country},自動車部品,{email}\r\n"));
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn cells(report: &Value) -> Vec<(u64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn counts(report: &Value) -> [u64; 4] {
    ["created", "updated", "unchanged", "rejected"].map(|k| report[k].as_u64().unwrap())
}

api_test!(
    async fn a_shift_jis_file_of_buyers_is_dry_run_imported_once_and_then_left_alone(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let file = fifty_buyers_in_shift_jis();
        let dry = app
            .import_file(&desk, "kind=buyers&dry_run=true", CSV, file.clone())
            .header("accept-language", "ja")
            .await
            .expect(200);
        let bad = vec![(7, "name".to_owned()), (22, "country".to_owned()), (42, "email".to_owned())];
        assert_eq!(cells(&dry), bad);
        assert_eq!(dry["errors"][0]["message"], "入力してください");
        assert_eq!(counts(&dry), [47, 0, 0, 3]);
        assert_eq!(dry["rows"], 50);
        assert_eq!(dry["import_id"], Value::Null);

        // Without skip_invalid the real run refuses everything...
        let refused = app.import_file(&desk, "kind=buyers", CSV, file.clone()).await.problem(422);
        let fields = error_fields(&refused);
        assert_eq!(fields, ["rows", "rows[7].name", "rows[22].country", "rows[42].email"]);
        // ...and created nothing: a dry run still finds 47 to create.
        let again = app.import_file(&desk, "kind=buyers&dry_run=true", CSV, file.clone()).await.expect(200);
        assert_eq!(counts(&again), [47, 0, 0, 3]);

        let real = app.import_file(&desk, "kind=buyers&skip_invalid=true", CSV, file.clone()).await.expect(200);
        assert_eq!(counts(&real), [47, 0, 0, 3]);
        assert!(real["import_id"].is_string());
        assert_eq!(cells(&real), bad);
        let listed = app.list_buyers(&desk, "country=TH&limit=100").await.expect(200);
        // TH: the 25 even rows of i, less row 22 (XX) and row 42 (its e-mail).
        assert_eq!(listed["items"].as_array().unwrap().len(), 23);

        let rerun = app.import_file(&desk, "kind=buyers&skip_invalid=true", CSV, file).await.expect(200);
        assert_eq!(counts(&rerun), [0, 0, 47, 3]);
        let audit = app.audit_log(&app.user(Role::Admin), "entity=import").await.expect(200);
        assert_eq!(audit["items"].as_array().unwrap().len(), 2);
    }
);

/// A workbook of companies: 国税庁 (a valid corporate number, a number cell) and one whose
/// check digit is wrong (a text cell).
fn companies_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["会社名", "英文社名", "法人番号", "従業員数"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "国税庁").unwrap();
    sheet.write_string(1, 1, "National Tax Agency").unwrap();
    sheet.write_number(1, 2, 7_000_012_050_002.0).unwrap();
    sheet.write_number(1, 3, 120.0).unwrap();
    sheet.write_string(2, 0, "相模精工").unwrap();
    sheet.write_string(2, 1, "Sagami Seiko").unwrap();
    sheet.write_string(2, 2, "7000012050003").unwrap();
    workbook.save_to_buffer().unwrap()
}

api_test!(
    async fn a_workbook_with_a_wrong_check_digit_is_refused_at_that_row(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let refused = app.import_file(&desk, "kind=companies", XLSX, companies_workbook()).await.problem(422);
        assert_eq!(error_fields(&refused), ["rows", "rows[3].corporate_number"]);
        let dry = app.import_file(&desk, "kind=companies&dry_run=true", XLSX, companies_workbook()).await.expect(200);
        assert_eq!(cells(&dry), [(3, "corporate_number".to_owned())]);
        assert_eq!(counts(&dry), [1, 0, 0, 1]);
        let real = app
            .import_file(&desk, "kind=companies&skip_invalid=true", XLSX, companies_workbook())
            .await
            .expect(200);
        assert_eq!(counts(&real), [1, 0, 0, 1]);
        let rerun = app
            .import_file(&desk, "kind=companies&skip_invalid=true", XLSX, companies_workbook())
            .await
            .expect(200);
        assert_eq!(counts(&rerun), [0, 0, 1, 1]);
        // The same company by its corporate number under a new English name is an update.
        let renamed = "法人番号,会社名,英文社名\n7000012050002,国税庁,NTA\n";
        let update = app.import_file(&desk, "kind=companies", CSV, renamed.into()).await.expect(200);
        assert_eq!(counts(&update), [0, 1, 0, 0]);
    }
);

api_test!(
    async fn utf8_files_with_a_byte_order_mark_import_exhibitors_and_registrations(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        let company = app.get_company(&desk, sme.company_id.unwrap()).await.expect(200);
        let fair = trade_fair(&app, json!({})).await;
        let exhibitors = format!("\u{feff}会社名\r\n{}\r\n", company["name_ja"].as_str().unwrap());
        let query = format!("kind=exhibitors&event_id={fair}");
        let added = app.import_file(&desk, &query, CSV, exhibitors.clone().into()).await.expect(200);
        assert_eq!(counts(&added), [1, 0, 0, 0]);
        let again = app.import_file(&desk, &query, CSV, exhibitors.into()).await.expect(200);
        assert_eq!(counts(&again), [0, 0, 1, 0]);

        let seminar = app
            .create_event(&desk, &json!({"kind": "seminar", "name": "輸出入門セミナー", "city": "Sagamihara",
                "country": "JP", "venue": "Bono", "time_zone": "Asia/Tokyo",
                "starts_on": "2027-02-01", "ends_on": "2027-02-01"}))
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let buyer = app.user(Role::Buyer);
        let people = format!("\u{feff}email\r\n{}\r\n{}\r\nnobody@example.com\r\n", sme.email, buyer.email);
        let query = format!("kind=registrations&event_id={seminar}&skip_invalid=true");
        let registered = app.import_file(&desk, &query, CSV, people.clone().into()).await.expect(200);
        assert_eq!(counts(&registered), [2, 0, 0, 1]);
        assert_eq!(cells(&registered), [(4, "email".to_owned())]);
        let listed = app.list_registrations(&desk, &seminar).await.expect(200);
        assert_eq!(listed.as_array().unwrap().len(), 2);
        let rerun = app.import_file(&desk, &query, CSV, people.into()).await.expect(200);
        assert_eq!(counts(&rerun), [0, 0, 2, 1]);
        // Exhibitors only at a trade fair; an event is required for them.
        let at_seminar = format!("kind=exhibitors&event_id={seminar}");
        let problem = app.import_file(&desk, &at_seminar, CSV, "会社名\nX\n".into()).await.problem(422);
        assert_eq!(error_fields(&problem), ["event_id"]);
        let problem = app.import_file(&desk, "kind=exhibitors", CSV, "会社名\nX\n".into()).await.problem(422);
        assert_eq!(error_fields(&problem), ["event_id"]);
    }
);

api_test!(
    async fn files_over_the_limits_of_another_type_or_without_a_required_column_are_refused(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let mut many = String::from("name,country\n");
        for i in 0..10_001 {
            many.push_str(&format!("B{i},TH\n"));
        }
        let problem = app.import_file(&desk, "kind=buyers&dry_run=true", CSV, many.into()).await.problem(413);
        assert!(problem["detail"].as_str().unwrap().contains("10000 rows"), "{problem}");
        let huge = vec![b'a'; 5 * 1024 * 1024 + 1];
        app.import_file(&desk, "kind=buyers&dry_run=true", CSV, huge).await.problem(413);
        app.import_file(&desk, "kind=buyers&dry_run=true", "application/json", b"{}".to_vec())
            .await
            .problem(415);
        let problem = app
            .import_file(&desk, "kind=buyers&dry_run=true", CSV, "会社名,メール\nA,a@example.com\n".into())
            .header("accept-language", "ja")
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["columns.country"]);
        assert_eq!(problem["errors"][0]["message"], "ファイルに列「国 (country)」がありません");
        app.import_file(&desk, "kind=buyers", XLSX, b"not a workbook".to_vec()).await.problem(400);
    }
);

api_test!(
    async fn templates_carry_the_documented_headers_in_the_callers_language(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let ja = app.import_template(&desk, "buyers.csv").header("accept-language", "ja").await;
        assert_eq!(ja.status, 200);
        assert_eq!(ja.header("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(ja.text(), "\u{feff}会社名,国,業種,ウェブサイト,メール\r\n");
        let en = app.import_template(&desk, "companies.csv").await;
        assert_eq!(en.text(), "\u{feff}name_ja,name_en,industry,corporate_number,employees\r\n");
        let xlsx = app.import_template(&desk, "registrations.xlsx").header("accept-language", "ja").await;
        assert_eq!(xlsx.status, 200);
        let mut workbook = Xlsx::new(Cursor::new(xlsx.body.to_vec())).unwrap();
        let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(sheet.get((0, 0)).unwrap().to_string(), "メール");
        // A template imports as an empty file.
        let empty = app.import_file(&desk, "kind=registrations&event_id=00000000-0000-7000-8000-000000000000&dry_run=true", XLSX, xlsx.body.to_vec())
            .await
            .problem(404);
        assert_eq!(empty["status"], 404);
        app.import_template(&desk, "sellers.csv").await.problem(404);
    }
);

api_test!(
    async fn only_the_desk_and_admins_import_or_download_templates(backend) {
        let app = TestApp::new(backend).await;
        let file = || b"name,country\nSiam Parts,TH\n".to_vec();
        //                anonymous, candidate, sme, buyer, reviewer, desk, admin
        let expected = [401, 403, 403, 403, 403, 200, 200];
        let roles = [None, Some(Role::Candidate), Some(Role::Sme), Some(Role::Buyer), Some(Role::Reviewer), Some(Role::Desk), Some(Role::Admin)];
        for (role, status) in roles.iter().zip(expected) {
            let user = role.map(|r| app.user(r));
            let (import, csv, xlsx) = match &user {
                Some(user) => (
                    app.import_file(user, "kind=buyers&dry_run=true", CSV, file()).await,
                    app.import_template(user, "buyers.csv").await,
                    app.import_template(user, "buyers.xlsx").await,
                ),
                None => (
                    app.import_file(ANONYMOUS, "kind=buyers&dry_run=true", CSV, file()).await,
                    app.import_template(ANONYMOUS, "buyers.csv").await,
                    app.import_template(ANONYMOUS, "buyers.xlsx").await,
                ),
            };
            for (route, response) in [("POST /imports", import), ("GET buyers.csv", csv), ("GET buyers.xlsx", xlsx)] {
                assert_eq!(response.status.as_u16(), status, "{route} as {role:?}: {}", response.text());
            }
        }
    }
);

api_test!(
    async fn imported_buyers_are_invited_through_the_outbox_once_when_asked(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let file = || "name,country,email\nSiam Parts,TH,siam@example.com\nHanoi Steel,VN,\nOsaka Trading,JP,osaka@example.jp\n".as_bytes().to_vec();
        let dry = app.import_file(&desk, "kind=buyers&invite=true&dry_run=true", CSV, file()).await.expect(200);
        assert_eq!(dry["invited"], 2);
        let held = app.list_notifications(&desk, "kind=buyer.invited").await.expect(200);
        assert!(held["items"].as_array().unwrap().is_empty(), "a dry run sends nothing");
        let real = app.import_file(&desk, "kind=buyers&invite=true", CSV, file()).await.expect(200);
        assert_eq!((real["created"].as_u64(), real["invited"].as_u64()), (Some(3), Some(2)));
        let sent = app.list_notifications(&desk, "kind=buyer.invited").await.expect(200);
        assert_eq!(sent["items"].as_array().unwrap().len(), 2);
        let again = app.import_file(&desk, "kind=buyers&invite=true", CSV, file()).await.expect(200);
        assert_eq!((again["unchanged"].as_u64(), again["invited"].as_u64()), (Some(3), Some(0)));
        let problem = app.import_file(&desk, "kind=companies&invite=true", CSV, file()).await.problem(422);
        assert_eq!(error_fields(&problem), ["invite"]);
    }
);
