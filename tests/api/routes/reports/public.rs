//! The published report for everyone: JSON, CSV and the printable page without sign-in, in
//! Japanese and English; nothing of a year that is only drafted; and the same figures as
//! `GET /kpi` and `GET /research/reach`.

use sagamihara_match::auth::Role;
use sagamihara_match::japan::{current_fiscal_year, today};
use serde_json::{json, Value};

use super::{cost, published};
use crate::api_test;
use crate::common::fixtures::approved_sme;
use crate::common::{verbs::ANONYMOUS, TestApp};
use crate::routes::research::{brief_body, published as published_brief};

api_test! {
    async fn the_published_report_answers_without_sign_in_as_json_csv_and_a_page(backend) {
        let app = TestApp::new(backend).await;
        let publication = published(&app, 2025).await;
        let public: Value = app.public_report(ANONYMOUS, 2025).await.expect(200);
        assert_eq!(public["fiscal_year"], 2025);
        assert_eq!(public["latest"]["sha256"], publication["sha256"]);
        assert_eq!(public["latest"]["content"], publication["content"]);

        let csv = app.public_report_csv(ANONYMOUS, 2025).await;
        assert_eq!(csv.status.as_u16(), 200);
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        let text = csv.text();
        let mut lines = text.strip_prefix('\u{feff}').expect("a byte-order mark").lines();
        assert_eq!(lines.next(), Some("年度,版,SHA-256,指標,Figure,値"));
        let sha = publication["sha256"].as_str().unwrap();
        assert_eq!(lines.next(), Some(format!("2025年度,1,{sha},実施商談数,Meetings held,0").as_str()));
        assert!(text.contains(",自主財源比率(%),Self-financing ratio (%),"), "{text}");

        let ja = app.public_report_page(ANONYMOUS, 2025, "lang=ja").await;
        assert_eq!(ja.status.as_u16(), 200);
        assert_eq!(ja.header("content-type"), Some("text/html; charset=utf-8"));
        let page = ja.text();
        for label in ["<html lang=\"ja\">", "相模原市グローバル展開事業 年次報告書（2025年度）", "主要指標", "指標の定義", "評価委員の意見", "版の履歴", "自主財源比率(%)", sha] {
            assert!(page.contains(label), "the Japanese page lacks {label}");
        }
        assert!(!page.contains("Key figures"));
        assert_eq!(app.public_report_page(ANONYMOUS, 2025, "").await.text(), page, "Japanese by default");
        let en = app.public_report_page(ANONYMOUS, 2025, "lang=en").await.text();
        for label in ["<html lang=\"en\">", "Annual Report, FY2025", "Key figures", "What the figures mean", "The council's opinions", "Versions", "Self-financing ratio (%)"] {
            assert!(en.contains(label), "the English page lacks {label}");
        }
        assert!(!en.contains("主要指標"));
        app.public_report_page(ANONYMOUS, 2025, "lang=fr").await.problem(422);
    }
}

api_test! {
    async fn opinions_are_escaped_on_the_page(backend) {
        let app = TestApp::new(backend).await;
        app.open_report(&app.user(Role::Admin), 2025).await.expect(201);
        app.sign_opinion(&app.user(Role::Reviewer), 2025, &json!({"language": "en", "text": "<script>alert('x')</script> & <b>bold</b>"})).await.expect(200);
        app.publish_report(&app.user(Role::Admin), 2025).await.expect(201);
        let page = app.public_report_page(ANONYMOUS, 2025, "lang=en").await.text();
        assert!(!page.contains("<script>") && !page.contains("<b>bold"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    }
}

api_test! {
    async fn a_drafted_but_unpublished_year_is_not_public(backend) {
        let app = TestApp::new(backend).await;
        app.open_report(&app.user(Role::Admin), 2024).await.expect(201);
        app.public_report(ANONYMOUS, 2024).await.problem(404);
        app.public_report_csv(ANONYMOUS, 2024).await.problem(404);
        app.public_report_page(ANONYMOUS, 2024, "lang=ja").await.problem(404);
        app.public_report_version(ANONYMOUS, 2024, 1).await.problem(404);
        app.public_report(ANONYMOUS, 2023).await.problem(404);
    }
}

api_test! {
    async fn the_snapshot_carries_the_ratio_and_the_reach_that_get_kpi_shows(backend) {
        let app = TestApp::new(backend).await;
        let year = current_fiscal_year();
        let desk = app.user(Role::Desk);
        let reviewer = app.user(Role::Reviewer);
        // A contribution paid and a cost spent in the year; a brief read by a company member.
        let sme = approved_sme(&app).await;
        let day = today().to_string();
        let body = json!({"issued_on": day, "due_on": day, "items": [{"description": "年会費", "quantity": 1, "unit_amount_jpy": 300000}]});
        let invoice: Value = app.issue_invoice(&desk, sme.company_id.unwrap(), &body).await.expect(201);
        let paid_at = chrono::Utc::now().to_rfc3339();
        app.pay_invoice(&desk, invoice["id"].as_str().unwrap(), &paid_at).await.expect(200);
        cost(&app, &day, 1_200_000).await;
        let brief = published_brief(&app, &brief_body(&["ai"], &[], "public")).await;
        app.get(&format!("/api/v1/briefs/{brief}")).by(&sme).send().await.expect(200);

        let publication = published(&app, year).await;
        let content = &publication["content"];
        let kpi: Value = app.kpi_report(&reviewer, &format!("fiscal_year={year}")).await.expect(200);
        assert_eq!(content["kpi"]["self_financing"], kpi["self_financing"]);
        assert_eq!(content["kpi"]["self_financing"]["ratio_percent"], 25.0);
        let reach: Value = app.research_reach(&reviewer, &format!("fiscal_year={year}")).await.expect(200);
        assert_eq!(content["research_reach"], reach);
        assert_eq!((reach["briefs_published"].as_i64(), reach["companies_reached"].as_i64()), (Some(1), Some(1)));
        assert_eq!(content["kpi"]["close_rate"], kpi["close_rate"]);
        let kinds: Vec<_> = content["definitions"].as_array().unwrap().iter().map(|d| d["kpi"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["close_rate", "overseas_sales", "foreign_talent", "self_financing", "research_reach"]);
        assert!(content["definitions"][0]["definition_ja"].as_str().unwrap().contains("成約"));
    }
}
