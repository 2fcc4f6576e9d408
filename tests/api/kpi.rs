//! Negotiations and the KPIs: a fixture of meetings, outcomes and amounts whose figures are
//! computed by hand below, with the fiscal-year edges in Japan time, a deal closed in a
//! later year, disagreeing reports and a confirmation that overrides the company's report.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{TestApp, TestUser};
use crate::meetings::{exhibitor, verified_buyer};

/// A Tokyo fair with slots on 2021-03-31 23:00 JST (FY2020) and from 2021-04-01 01:00 JST
/// (FY2021, 20-minute slots), and one table per meeting.
async fn tokyo_fair(app: &TestApp) -> (String, Vec<String>, Vec<String>) {
    let desk = app.user(Role::Desk);
    let event = app
        .post("/api/v1/events")
        .by(&desk)
        .json(&json!({"kind": "trade_fair", "name": "Tokyo fiscal-year edge fair", "city": "Tokyo", "country": "JP",
                      "venue": "Big Sight", "time_zone": "Asia/Tokyo", "starts_on": "2021-03-31", "ends_on": "2021-04-01"}))
        .send()
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let slots = app
        .post(&format!("/api/v1/events/{event}/slots"))
        .by(&desk)
        .json(&json!({"days": [
            {"date": "2021-03-31", "start": "23:00", "end": "23:20"},
            {"date": "2021-04-01", "start": "01:00", "end": "03:00"}
        ]}))
        .send()
        .await
        .expect(201);
    let slot_ids: Vec<String> = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(slots[0]["starts_at"], "2021-03-31T14:00:00Z");
    assert_eq!(slots[1]["starts_at"], "2021-03-31T16:00:00Z");
    let labels: Vec<String> = (1..=8).map(|n| format!("T{n}")).collect();
    let tables = app
        .post(&format!("/api/v1/events/{event}/tables"))
        .by(&desk)
        .json(&json!({"labels": labels}))
        .send()
        .await
        .expect(201);
    let table_ids = tables
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    (event, slot_ids, table_ids)
}

/// A meeting between `sme` and a new verified buyer, held in `slot`.
async fn held(
    app: &TestApp,
    event: &str,
    sme: &TestUser,
    slot: &str,
    table: &str,
) -> (String, TestUser) {
    let desk = app.user(Role::Desk);
    let buyer = verified_buyer(app).await;
    let id = crate::meetings::accepted_meeting(app, event, sme, &buyer).await;
    app.put(&format!("/api/v1/meetings/{id}/schedule"))
        .by(&desk)
        .json(&json!({"slot_id": slot, "table_id": table}))
        .send()
        .await
        .expect(200);
    app.post(&format!("/api/v1/meetings/{id}/held"))
        .by(&desk)
        .send()
        .await
        .expect(200);
    (id, buyer)
}

async fn report(app: &TestApp, user: &TestUser, meeting: &str, body: Value) -> Value {
    app.post(&format!("/api/v1/meetings/{meeting}/negotiation/reports"))
        .by(user)
        .json(&body)
        .send()
        .await
        .expect(201)
}

async fn kpi(app: &TestApp, year: i32) -> Value {
    app.get(&format!("/api/v1/kpi?fiscal_year={year}"))
        .by(&app.user(Role::Reviewer))
        .send()
        .await
        .expect(200)
}

api_test!(
    async fn the_kpi_report_matches_the_figures_computed_by_hand(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;

        // M5: 2021-03-31 23:00 JST (14:00Z) is FY2020; won in yen, closed in FY2022.
        let (m5, _) = held(&app, &event, &sme, &slots[0], &tables[0]).await;
        report(&app, &sme, &m5, json!({"status": "won", "amount_minor": 2_000_000, "currency": "JPY", "closed_on": "2022-04-10"})).await;
        // M1: 2021-04-01 01:00 JST (2021-03-31T16:00Z) is FY2021; won in dollars at a stated rate.
        let (m1, _) = held(&app, &event, &sme, &slots[1], &tables[0]).await;
        let r1 = report(&app, &sme, &m1, json!({"status": "won", "amount_minor": 1_000_000, "currency": "USD",
                                                 "exchange_rate": "110", "closed_on": "2021-06-30"})).await;
        assert_eq!(r1["effective"]["amount_jpy"], 1_100_000);
        assert_eq!(r1["effective"]["source"], "company_report");
        // M2: the record says prospect; nobody reported.
        let (m2, _) = held(&app, &event, &sme, &slots[2], &tables[0]).await;
        let record = app
            .put(&format!("/api/v1/meetings/{m2}/negotiation"))
            .by(&sme)
            .json(&json!({"status": "prospect", "amount_minor": 800_000, "currency": "EUR", "exchange_rate": "160.5", "notes": "samples sent"}))
            .send()
            .await
            .expect(200);
        assert_eq!(record["effective"]["status"], "prospect");
        assert_eq!(record["effective"]["source"], "record");
        // M3: the company says lost, the buyer says won; the desk confirms the buyer's report.
        let (m3, buyer3) = held(&app, &event, &sme, &slots[3], &tables[0]).await;
        report(&app, &sme, &m3, json!({"status": "lost", "closed_on": "2021-05-01"})).await;
        let both = report(&app, &buyer3, &m3, json!({"status": "won", "amount_minor": 5_000_000, "currency": "JPY", "closed_on": "2021-05-01"})).await;
        assert_eq!(both["reports_disagree"], true);
        assert_eq!(both["effective"]["status"], "lost", "until confirmed, the company's report counts");
        let buyer_report = both["reports"].as_array().unwrap().iter().find(|r| r["side"] == "buyer").unwrap()["id"].clone();
        let confirmed = app
            .post(&format!("/api/v1/meetings/{m3}/negotiation/confirm"))
            .by(&desk)
            .json(&json!({"report_id": buyer_report}))
            .send()
            .await
            .expect(200);
        assert_eq!(confirmed["effective"]["status"], "won");
        assert_eq!(confirmed["effective"]["source"], "confirmed_report");
        assert_eq!(confirmed["status"], "won");
        // M4: held, nothing recorded.
        held(&app, &event, &sme, &slots[4], &tables[0]).await;
        // M6: won on the last day of FY2021.
        let (m6, _) = held(&app, &event, &sme, &slots[5], &tables[0]).await;
        report(&app, &sme, &m6, json!({"status": "won", "amount_minor": 3_000_000, "currency": "JPY", "closed_on": "2022-03-31"})).await;
        // M7: the company says prospect, the buyer claims a win; nobody confirms.
        let (m7, buyer7) = held(&app, &event, &sme, &slots[6], &tables[0]).await;
        report(&app, &sme, &m7, json!({"status": "prospect"})).await;
        report(&app, &buyer7, &m7, json!({"status": "won", "amount_minor": 100_000, "currency": "USD", "exchange_rate": "150", "closed_on": "2021-07-01"})).await;

        // The desk's list carries each negotiation's own reports.
        let listed = app.get(&format!("/api/v1/negotiations?event_id={event}&limit=100")).by(&desk).send().await.expect(200);
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
                app.get(&format!("/api/v1/kpi/breakdown?fiscal_year=2021&by={dimension}"))
                    .by(&app.user(Role::Reviewer))
                    .send()
                    .await
                    .expect(200)
            }
        };
        let countries = by("country").await;
        assert_eq!(countries["items"], json!([{"key": "TH", "label": null, "held": 6, "won": 3, "close_rate_percent": 50.0,
                                                "sales_thousand_yen": 9_100, "deals_won": 3}]));
        let events = by("event").await;
        assert_eq!(events["items"][0]["label"], "Tokyo fiscal-year edge fair");
        let categories = by("category").await;
        assert_eq!(categories["items"][0]["key"], Value::Null, "meetings about no particular capability");

        // The public report: aggregates only; the CSV has Japanese headers and a BOM.
        let public = app.get("/api/v1/public/kpi?fiscal_year=2021").send().await.expect(200);
        assert_eq!(public["meetings_held"], 6);
        assert_eq!(public["close_rate_percent"], 50.0);
        assert_eq!(public["overseas_sales_thousand_yen"], 9_100);
        let text = public.to_string();
        assert!(!text.contains(&sme.company_id.unwrap().to_string()) && !text.contains("Test Works"));
        let csv = app.get("/api/v1/public/kpi.csv").send().await;
        assert_eq!(csv.status.as_u16(), 200);
        assert!(csv.body.starts_with("\u{feff}".as_bytes()));
        let csv_text = csv.text();
        assert!(csv_text.contains("年度,指標,目標,実績,累計目標,累計実績,達成率(%)"));
        assert!(csv_text.contains("2021年度,商談会成約率(%),22.00,50.00,22.00,57.14,227.27"), "{csv_text}");
        assert!(csv_text.contains("2021年度,海外販路開拓による売上高(千円),5000,9100,15000,9100,182.00"), "{csv_text}");

        // Every change is in the audit log.
        let reviewer = app.user(Role::Reviewer);
        let entries = app.get(&format!("/api/v1/audit?entity=negotiation&entity_id={m3}")).by(&reviewer).send().await.expect(200);
        let actions: Vec<&str> = entries["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["report", "report", "confirm"]);
        let confirm = &entries["items"][2];
        assert_eq!(confirm["actor_id"], desk.id.to_string());
        assert_eq!(confirm["before"]["effective_status"], "lost");
        assert_eq!(confirm["after"]["effective_status"], "won");
        let meeting_log = app.get(&format!("/api/v1/audit?entity=meeting&entity_id={m3}")).by(&reviewer).send().await.expect(200);
        let actions: Vec<&str> = meeting_log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["create", "transition:accepted", "schedule", "transition:held"]);
        let company_log = app
            .get(&format!("/api/v1/audit?entity=company&entity_id={}", sme.company_id.unwrap()))
            .by(&reviewer)
            .send()
            .await
            .expect(200);
        assert_eq!(company_log["items"][0]["action"], "approve");
        app.get("/api/v1/audit").by(&desk).send().await.problem(403);

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
        let pending = crate::meetings::accepted_meeting(&app, &event, &sme, &verified_buyer(&app).await).await;
        let refused = diesel::sql_query(format!("UPDATE negotiations SET meeting_id = '{pending}' WHERE meeting_id = '{m1}'"))
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("needs its meeting held"), "{refused}");
        assert_eq!(sagamihara_match::kpi::store::kept_and_recounted(&mut conn).unwrap()[1].0, kept);
    }
);

api_test!(
    async fn outcomes_are_validated_and_amounts_stay_with_their_parties(backend) {
        let app = TestApp::new(backend).await;
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = held(&app, &event, &sme, &slots[1], &tables[0]).await;
        let path = format!("/api/v1/meetings/{meeting}/negotiation");
        for (body, field) in [
            (json!({"status": "won", "closed_on": "2021-06-01"}), "amount_minor"),
            (json!({"status": "won", "amount_minor": 100, "currency": "USD", "closed_on": "2021-06-01"}), "exchange_rate"),
            (json!({"status": "won", "amount_minor": 100, "currency": "usd", "exchange_rate": "150", "closed_on": "2021-06-01"}), "currency"),
            (json!({"status": "won", "amount_minor": 100, "currency": "USD", "exchange_rate": "-3", "closed_on": "2021-06-01"}), "exchange_rate"),
            (json!({"status": "won", "amount_minor": 10000, "currency": "USD", "exchange_rate": "150", "amount_jpy": 1, "closed_on": "2021-06-01"}), "amount_jpy"),
            (json!({"status": "lost"}), "closed_on"),
            (json!({"status": "prospect", "closed_on": "2021-06-01"}), "closed_on"),
            (json!({"status": "won", "amount_minor": 1, "currency": "JPY", "closed_on": "2999-01-01"}), "closed_on"),
            (json!({"status": "won", "amount_minor": -5, "currency": "JPY", "closed_on": "2021-06-01"}), "amount_minor"),
        ] {
            let problem = app.put(&path).by(&sme).json(&body).send().await.problem(422);
            let fields: Vec<String> = crate::common::error_fields(&problem);
            assert!(fields.contains(&field.to_owned()), "{body}: {problem}");
        }
        app.put(&path).by(&sme).json(&json!({"status": "won", "amount_minor": 1, "currency": "JPY", "closed_on": "2021-06-01", "probability": 1})).send().await.problem(422);
        // A meeting not held has no negotiation.
        let pending = crate::meetings::accepted_meeting(&app, &event, &sme, &verified_buyer(&app).await).await;
        let problem = app.get(&format!("/api/v1/meetings/{pending}/negotiation")).by(&sme).send().await.problem(409);
        assert_eq!(problem["current_status"], "accepted");
        // The buyer reads its own meeting's negotiation but does not edit the record.
        app.get(&path).by(&buyer).send().await.expect(200);
        app.put(&path).by(&buyer).json(&json!({"status": "prospect"})).send().await.problem(403);
        // Others' amounts are not visible: another buyer, another company, a reviewer.
        let stranger = verified_buyer(&app).await;
        app.get(&path).by(&stranger).send().await.problem(404);
        app.get(&path).by(&app.new_user(Role::Sme)).send().await.problem(404);
        app.get(&path).by(&app.user(Role::Reviewer)).send().await.problem(403);
        app.get("/api/v1/negotiations").by(&app.user(Role::Reviewer)).send().await.problem(403);
        let own = app.get("/api/v1/negotiations").by(&stranger).send().await.expect(200);
        assert!(own["items"].as_array().unwrap().is_empty());
        let mine = app.get("/api/v1/negotiations").by(&buyer).send().await.expect(200);
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        // A closed negotiation is corrected by the desk only.
        app.put(&path).by(&sme).json(&json!({"status": "lost", "closed_on": "2021-06-01"})).send().await.expect(200);
        let problem = app.put(&path).by(&sme).json(&json!({"status": "prospect"})).send().await.problem(409);
        assert_eq!(problem["current_status"], "lost");
        app.put(&path).by(&app.user(Role::Desk)).json(&json!({"status": "prospect"})).send().await.expect(200);
        // Each side reports for itself.
        app.post(&format!("{path}/reports")).by(&buyer).json(&json!({"side": "company", "status": "open"})).send().await.problem(403);
        app.post(&format!("{path}/reports")).by(&app.user(Role::Desk)).json(&json!({"status": "open"})).send().await.problem(422);
        app.post(&format!("{path}/confirm")).by(&sme).json(&json!({"report_id": uuid::Uuid::now_v7()})).send().await.problem(403);
        app.post(&format!("{path}/confirm")).by(&app.user(Role::Desk)).json(&json!({"report_id": uuid::Uuid::now_v7()})).send().await.problem(422);
    }
);

api_test!(
    async fn follow_up_contacts_are_logged_by_the_company_and_the_desk(backend) {
        let app = TestApp::new(backend).await;
        let (event, slots, tables) = tokyo_fair(&app).await;
        let sme = exhibitor(&app, &event).await;
        let (meeting, buyer) = held(&app, &event, &sme, &slots[1], &tables[0]).await;
        let path = format!("/api/v1/meetings/{meeting}/negotiation/contacts");
        app.post(&path).by(&sme).json(&json!({"contacted_on": "2021-05-10", "channel": "video", "summary": "Quoted 5,000 units"})).send().await.expect(201);
        app.post(&path).by(&app.user(Role::Desk)).json(&json!({"contacted_on": "2021-04-20", "channel": "email", "summary": "Sent the catalogue"})).send().await.expect(201);
        app.post(&path).by(&buyer).json(&json!({"contacted_on": "2021-04-21", "channel": "email", "summary": "x"})).send().await.problem(403);
        app.post(&path).by(&sme).json(&json!({"contacted_on": "2021-04-21", "channel": "fax", "summary": "x"})).send().await.problem(422);
        let log = app.get(&path).by(&sme).send().await.expect(200);
        let summaries: Vec<&str> = log.as_array().unwrap().iter().map(|c| c["summary"].as_str().unwrap()).collect();
        assert_eq!(summaries, ["Sent the catalogue", "Quoted 5,000 units"]);
    }
);

api_test!(
    async fn targets_are_seeded_from_the_plan_and_set_by_admins_only(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let seeded = app.get("/api/v1/kpi/targets/2020").by(&app.user(Role::Reviewer)).send().await.expect(200);
        assert_eq!(seeded, json!({"close_rate_baseline_percent": null, "close_rate_increment_points": 3.0,
                                  "overseas_sales_thousand_yen": 5000, "foreign_talent_hired": 15}));
        let baseline = app.get("/api/v1/kpi/targets/2018").by(&admin).send().await.expect(200);
        assert_eq!(baseline["close_rate_baseline_percent"], 13.0);
        let new = json!({"close_rate_increment_points": 2.5, "overseas_sales_thousand_yen": 6000, "foreign_talent_hired": 20});
        for role in [Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer] {
            app.put("/api/v1/kpi/targets/2026").by(&app.user(role)).json(&new).send().await.problem(403);
        }
        app.put("/api/v1/kpi/targets/2026").json(&new).send().await.problem(401);
        let saved = app.put("/api/v1/kpi/targets/2026").by(&admin).json(&new).send().await.expect(200);
        assert_eq!(saved["overseas_sales_thousand_yen"], 6000);
        let report = kpi(&app, 2026).await;
        assert_eq!(report["overseas_sales"]["target_thousand_yen"], 6000);
        assert_eq!(report["close_rate"]["target_percent"], 24.5, "13 + 3 + 3 + 3 + 2.5");
        app.put("/api/v1/kpi/targets/1999").by(&admin).json(&new).send().await.problem(422);
        app.put("/api/v1/kpi/targets/2026").by(&admin).json(&json!({"overseas_sales_thousand_yen": -1})).send().await.problem(422);
        let log = app.get("/api/v1/audit?entity=kpi_target").by(&admin).send().await.expect(200);
        assert_eq!(log["items"][0]["action"], "set:2026");
        assert_eq!(log["items"][0]["after"]["overseas_sales_thousand_yen"], 6000);
        for role in [Role::Sme, Role::Buyer, Role::Candidate] {
            app.get("/api/v1/kpi").by(&app.user(role)).send().await.problem(403);
        }
        app.get("/api/v1/kpi").send().await.problem(401);
        app.get("/api/v1/public/kpi").send().await.expect(200);
    }
);
