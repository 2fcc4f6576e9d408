//! The KPI report, its breakdowns and the public report: figures computed by hand,
//! the fiscal-year edges in Japan time, hires as the foreign-talent KPI.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::fixtures::{
    accepted_meeting, apply_by_desk, approved_sme, desk_candidate, exhibitor, held_meeting, hire,
    kpi, published_job, tokyo_fair, verified_buyer,
};
use crate::common::{TestApp, TestUser};

api_test!(
    async fn the_kpi_report_matches_the_figures_computed_by_hand(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;

        // M5: 2021-03-31 23:00 JST (14:00Z) is FY2020; won in yen, closed in FY2022.
        let (m5, _) = held_meeting(&app, &event, &sme, &slots[0], &tables[0]).await;
        report(&app, &sme, &m5, json!({"status": "won", "amount_minor": 2_000_000, "currency": "JPY", "closed_on": "2022-04-10"})).await;
        // M1: 2021-04-01 01:00 JST (2021-03-31T16:00Z) is FY2021; won in dollars at a stated rate.
        let (m1, _) = held_meeting(&app, &event, &sme, &slots[1], &tables[0]).await;
        let r1 = report(&app, &sme, &m1, json!({"status": "won", "amount_minor": 1_000_000, "currency": "USD",
                                                 "exchange_rate": "110", "closed_on": "2021-06-30"})).await;
        assert_eq!(r1["effective"]["amount_jpy"], 1_100_000);
        assert_eq!(r1["effective"]["source"], "company_report");
        // M2: the record says prospect; nobody reported.
        let (m2, _) = held_meeting(&app, &event, &sme, &slots[2], &tables[0]).await;
        let record = app
            .record_negotiation(&sme, &m2, &json!({"status": "prospect", "amount_minor": 800_000, "currency": "EUR", "exchange_rate": "160.5", "notes": "samples sent"}))
            .await
            .expect(200);
        assert_eq!(record["effective"]["status"], "prospect");
        assert_eq!(record["effective"]["source"], "record");
        // M3: the company says lost, the buyer says won; the desk confirms the buyer's report.
        let (m3, buyer3) = held_meeting(&app, &event, &sme, &slots[3], &tables[0]).await;
        report(&app, &sme, &m3, json!({"status": "lost", "closed_on": "2021-05-01"})).await;
        let both = report(&app, &buyer3, &m3, json!({"status": "won", "amount_minor": 5_000_000, "currency": "JPY", "closed_on": "2021-05-01"})).await;
        assert_eq!(both["reports_disagree"], true);
        assert_eq!(both["effective"]["status"], "lost", "until confirmed, the company's report counts");
        let buyer_report = both["reports"].as_array().unwrap().iter().find(|r| r["side"] == "buyer").unwrap()["id"].clone();
        let confirmed = app
            .confirm_report(&desk, &m3, &json!({"report_id": buyer_report}))
            .await
            .expect(200);
        assert_eq!(confirmed["effective"]["status"], "won");
        assert_eq!(confirmed["effective"]["source"], "confirmed_report");
        assert_eq!(confirmed["status"], "won");
        // M4: held, nothing recorded.
        held_meeting(&app, &event, &sme, &slots[4], &tables[0]).await;
        // M6: won on the last day of FY2021.
        let (m6, _) = held_meeting(&app, &event, &sme, &slots[5], &tables[0]).await;
        report(&app, &sme, &m6, json!({"status": "won", "amount_minor": 3_000_000, "currency": "JPY", "closed_on": "2022-03-31"})).await;
        // M7: the company says prospect, the buyer claims a win; nobody confirms.
        let (m7, buyer7) = held_meeting(&app, &event, &sme, &slots[6], &tables[0]).await;
        report(&app, &sme, &m7, json!({"status": "prospect"})).await;
        report(&app, &buyer7, &m7, json!({"status": "won", "amount_minor": 100_000, "currency": "USD", "exchange_rate": "150", "closed_on": "2021-07-01"})).await;

        // The desk's list carries each negotiation's own reports.
        let listed = app.list_negotiations(&desk, &format!("event_id={event}&limit=100")).await.expect(200);
        let items = listed["items"].as_array().unwrap();
        assert_eq!(items.len(), 7);
        let reports_of = |m: &str| items.iter().find(|n| n["meeting_id"] == m).unwrap()["reports"].as_array().unwrap().len();
        assert_eq!((reports_of(&m3), reports_of(&m7), reports_of(&m2)), (2, 2, 0));

        // FY2021: held M1 M2 M3 M4 M6 M7 = 6; won M1 M3 M6 = 3; prospect M2 M7; no outcome M4.
        let report21 = kpi(&app, 2021).await;
        let close = &report21["close_rate"];
        assert_eq!(close["counts"], json!({"held": 6, "won": 3, "prospect": 2, "lost": 0, "no_outcome": 1}));
        assert_eq!(close["actual_percent"], 50.0);
        assert_eq!(close["target_percent"], 22.0, "13 % baseline + 3 + 3 + 3 points");
        assert_eq!(close["target_increment_points"], 3.0);
        assert_eq!(close["achievement_percent"], 227.27);
        // Cumulative from FY2019: M5 too; 4 won of 7.
        assert_eq!(close["cumulative_counts"]["held"], 7);
        assert_eq!(close["cumulative_actual_percent"], 57.14);
        // Sales FY2021: 1,100,000 (M1) + 5,000,000 (M3) + 3,000,000 (M6) yen; M5 closed in FY2022.
        let sales = &report21["overseas_sales"];
        assert_eq!(sales["actual_yen"], 9_100_000);
        assert_eq!(sales["actual_thousand_yen"], 9_100);
        assert_eq!(sales["deals_won"], 3);
        assert_eq!(sales["target_thousand_yen"], 5_000);
        assert_eq!(sales["achievement_percent"], 182.0);
        assert_eq!(sales["cumulative_target_thousand_yen"], 15_000);
        assert_eq!(sales["cumulative_actual_thousand_yen"], 9_100);
        assert_eq!(report21["disagreeing_reports"], 2, "M3 and M7");
        assert_eq!(report21["first_fiscal_year"], 2019);

        // FY2020: only M5, won — a deal closed later raises its meeting's year.
        let report20 = kpi(&app, 2020).await;
        assert_eq!(report20["close_rate"]["counts"]["held"], 1);
        assert_eq!(report20["close_rate"]["actual_percent"], 100.0);
        assert_eq!(report20["overseas_sales"]["actual_yen"], 0);
        // FY2022: M5's 2,000,000 yen.
        let report22 = kpi(&app, 2022).await;
        assert_eq!(report22["overseas_sales"]["actual_thousand_yen"], 2_000);
        assert_eq!(report22["close_rate"]["counts"]["held"], 0);
        assert_eq!(report22["close_rate"]["actual_percent"], Value::Null);
        assert_eq!(report22["overseas_sales"]["target_thousand_yen"], Value::Null, "the plan ends in FY2021");

        // Breakdowns of FY2021.
        let by = |dimension: &str| {
            let app = &app;
            let dimension = dimension.to_owned();
            async move {
                app.kpi_breakdown(&app.user(Role::Reviewer), &format!("fiscal_year=2021&by={dimension}"))
                    .await
                    .expect(200)
            }
        };
        let countries = by("country").await;
        assert_eq!(countries["items"], json!([{"key": "TH", "label": null, "held": 6, "won": 3, "close_rate_percent": 50.0,
                                                "sales_thousand_yen": 9_100, "deals_won": 3, "coverage": null, "funnel": null}]));
        let events = by("event").await;
        assert_eq!(events["items"][0]["label"], "Tokyo fiscal-year edge fair");
        let categories = by("category").await;
        assert_eq!(categories["items"][0]["key"], Value::Null, "meetings about no particular capability");

        // The public report: aggregates only; the CSV has Japanese headers and a BOM.
        let public = app.public_kpi("fiscal_year=2021").await.expect(200);
        assert_eq!(public["meetings_held"], 6);
        // Without a year the public report shows the latest year with figures (FY2022: M5's
        // deal), not an empty current one.
        let latest = app.public_kpi("").await.expect(200);
        assert_eq!(latest["fiscal_year"], 2022);
        assert_eq!(latest["overseas_sales_thousand_yen"], 2_000);
        assert_eq!(public["close_rate_percent"], 50.0);
        assert_eq!(public["overseas_sales_thousand_yen"], 9_100);
        let text = public.to_string();
        assert!(!text.contains(&sme.company_id.unwrap().to_string()) && !text.contains("Test Works"));
        let csv = app.public_kpi_csv("").await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.body.starts_with("\u{feff}".as_bytes()));
        let csv_text = csv.text();
        assert!(csv_text.contains("年度,指標,目標,実績,累計目標,累計実績,達成率(%)"));
        assert!(csv_text.contains("2021年度,商談会成約率(%),22.00,50.00,22.00,57.14,227.27"), "{csv_text}");
        assert!(csv_text.contains("2021年度,海外販路開拓による売上高(千円),5000,9100,15000,9100,182.00"), "{csv_text}");

        // Every change is in the audit log.
        let reviewer = app.user(Role::Reviewer);
        let entries = app.audit_log(&reviewer, &format!("entity=negotiation&entity_id={m3}")).await.expect(200);
        let actions: Vec<&str> = entries["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["report", "report", "confirm"]);
        let confirm = &entries["items"][2];
        assert_eq!(confirm["actor_id"], desk.id.to_string());
        assert_eq!(confirm["before"]["effective_status"], "lost");
        assert_eq!(confirm["after"]["effective_status"], "won");
        let meeting_log = app.audit_log(&reviewer, &format!("entity=meeting&entity_id={m3}")).await.expect(200);
        let actions: Vec<&str> = meeting_log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["create", "transition:accepted", "schedule", "transition:held"]);
        let company_log = app
            .audit_log(&reviewer, &format!("entity=company&entity_id={}", sme.company_id.unwrap()))
            .await
            .expect(200);
        assert_eq!(company_log["items"][0]["action"], "approve");
        app.audit_log(&desk, "").await.problem(403);

        // The per-year totals the report reads equal a recount of the records, year by year.
        let mut conn = app.state.pool.get().unwrap();
        let years = sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap();
        let listed: Vec<i32> = years.iter().map(|(kept, _)| kept.fiscal_year).collect();
        assert_eq!(listed, [2020, 2021, 2022]);
        for (kept, recounted) in &years {
            assert_eq!(kept, recounted);
        }
        assert_eq!((years[1].0.held, years[1].0.won, years[1].0.sales_yen), (6, 3, 9_100_000));

        // The totals follow writes made outside the API too: a statement changing many
        // negotiations of several years at once, and a deleted negotiation.
        use diesel::RunQueryDsl;
        let kept_equals_recount = |conn: &mut sagamihara_match::db::DbConn| {
            for (kept, recounted) in sagamihara_match::kpi::store::kept_and_recounted(conn).unwrap() {
                assert_eq!(kept, recounted);
            }
        };
        let (held_2021, disagreeing_2021) = (years[1].0.held, years[1].0.disagreeing);
        diesel::sql_query("UPDATE negotiations SET reports_disagree = NOT reports_disagree").execute(&mut conn).unwrap();
        kept_equals_recount(&mut conn);
        let years = sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap();
        assert_eq!(years[1].0.disagreeing, held_2021 - disagreeing_2021);
        // A deleted negotiation takes its contribution away; its meeting is still held, so
        // the recount (what `kpi-recount` prints) shows the record that went missing.
        let before = sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap()[1].0.clone();
        diesel::sql_query(format!("DELETE FROM negotiations WHERE meeting_id = '{m2}'")).execute(&mut conn).unwrap();
        let (kept, recounted) = sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap()[1].clone();
        assert_eq!((kept.held, kept.prospect), (before.held - 1, before.prospect - 1));
        assert_eq!((recounted.held, recounted.prospect), (before.held, before.prospect - 1));
        // A negotiation counts its meeting's year, so it needs a held meeting.
        let pending = accepted_meeting(&app, &event, &sme, &verified_buyer(&app).await).await;
        let refused = diesel::sql_query(format!("UPDATE negotiations SET meeting_id = '{pending}' WHERE meeting_id = '{m1}'"))
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("needs its meeting held"), "{refused}");
        assert_eq!(sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap()[1].0, kept);
    }
);

api_test! {
    async fn hires_count_in_the_fiscal_year_of_their_day_in_japan(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let engineer = published_job(&app, &sme, "engineer_specialist_humanities").await;
        let skilled = published_job(&app, &sme, "specified_skilled_worker").await;
        let days = [("2022-03-31", "VN", &engineer), ("2022-04-01", "VN", &engineer), ("2021-04-01", "ID", &skilled)];
        for (n, (day, nationality, job)) in days.iter().enumerate() {
            let candidate = desk_candidate(&app, &format!("Candidate {n}"), nationality).await;
            let application = apply_by_desk(&app, job, &candidate, json!({})).await;
            hire(&app, &sme, application["id"].as_str().unwrap(), day).await;
        }
        let fy2021 = kpi(&app, 2021).await;
        let talent = &fy2021["foreign_talent"];
        assert_eq!(talent["actual"], 2, "{talent}");
        assert_eq!(talent["target"], 15);
        assert_eq!(talent["cumulative_target"], 35);
        assert_eq!(talent["cumulative_actual"], 2);
        assert_eq!(talent["achievement_percent"], 13.33);
        assert_eq!(talent["by_nationality"], json!([{"key": "ID", "count": 1}, {"key": "VN", "count": 1}]));
        assert_eq!(
            talent["by_visa_category"],
            json!([{"key": "engineer_specialist_humanities", "count": 1}, {"key": "specified_skilled_worker", "count": 1}])
        );
        let fy2022 = kpi(&app, 2022).await;
        assert_eq!(fy2022["foreign_talent"]["actual"], 1);
        assert_eq!(fy2022["foreign_talent"]["target"], Value::Null);
        assert_eq!(fy2022["foreign_talent"]["cumulative_actual"], 3);

        let public = app.public_kpi("fiscal_year=2021").await.expect(200);
        assert_eq!(public["foreign_talent_hired"], 2);
        assert_eq!(public["foreign_talent_target"], 15);
        assert_eq!(public["cumulative_foreign_talent_target"], 35);
        assert!(!public.to_string().contains("Candidate"));
        let csv = app.public_kpi_csv("").await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.text().contains("2021年度,外国人材の採用数(人),15,2,35,2,13.33"), "{}", csv.text());
    }
}

/// One side's report of `meeting`'s outcome.
async fn report(app: &TestApp, user: &TestUser, meeting: &str, body: Value) -> Value {
    app.report_outcome(user, meeting, &body).await.expect(201)
}
