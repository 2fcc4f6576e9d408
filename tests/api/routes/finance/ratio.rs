//! The self-financing ratio against a hand count: two fiscal years of invoices (one
//! cancelled, one issued in March and paid in April, one paid at 23:30 on 31 March Japan
//! time, one unpaid), subsidies and costs by funding source, in the KPI report, the public
//! report and its CSV.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::invoice_of;
use crate::api_test;
use crate::common::fixtures::{approved_sme, kpi};
use crate::common::TestApp;

api_test! {
    async fn the_self_financing_ratio_equals_the_hand_count_per_year_and_cumulative(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let (a, b) = (approved_sme(&app).await, approved_sme(&app).await);
        // FY2025: 80,000 paid in June. 50,000 issued and cancelled: never counted.
        let paid = invoice_of(&app, &a, "2025-05-01", 2, 40000).await;
        app.pay_invoice(&desk, &paid, "2025-06-10T10:00:00+09:00").await.expect(200);
        let cancelled = invoice_of(&app, &b, "2025-07-01", 1, 50000).await;
        app.cancel_invoice(&desk, &cancelled, "取消").await.expect(200);
        // Issued in March of FY2025, paid in April: 30,000 for FY2026.
        let late = invoice_of(&app, &a, "2026-03-10", 3, 10000).await;
        app.pay_invoice(&desk, &late, "2026-04-02T09:00:00+09:00").await.expect(200);
        // 23:30 on 31 March 2027 in Japan is still FY2026: 40,000 more; 00:30 on 1 April
        // is FY2027: 25,000 for that year.
        let last_evening = invoice_of(&app, &b, "2026-11-01", 1, 40000).await;
        app.pay_invoice(&desk, &last_evening, "2027-03-31T23:30:00+09:00").await.expect(200);
        let next_morning = invoice_of(&app, &a, "2026-12-01", 1, 25000).await;
        app.pay_invoice(&desk, &next_morning, "2027-03-31T15:30:00Z").await.expect(200);
        // Issued, not paid: not a contribution.
        invoice_of(&app, &b, "2026-06-01", 1, 60000).await;
        let cost = |source: &str, yen: i64, day: &str| json!({"funding_source": source, "amount_jpy": yen, "spent_on": day, "description": "商談会運営"});
        for body in [
            cost("national_grant", 300000, "2025-04-01"),
            cost("city_budget", 100000, "2026-03-31"),
            cost("national_grant", 200000, "2026-04-01"),
            cost("city_budget", 50000, "2026-10-01"),
            cost("own_revenue", 30000, "2027-03-31"),
        ] {
            app.record_programme_cost(&desk, &body).await.expect(201);
        }
        app.record_subsidy(&desk, &json!({"source": "national_grant", "amount_jpy": 300000, "received_on": "2025-05-15", "description": "地方創生推進交付金"}))
            .await
            .expect(201);
        let admin = app.user(Role::Admin);
        let mut targets: Value = app.get_kpi_target(&admin, 2026).await.expect(200);
        targets["self_financing_ratio_percent"] = json!(30.0);
        app.set_kpi_target(&admin, 2026, &targets).await.expect(200);

        let fy2025 = kpi(&app, 2025).await["self_financing"].clone();
        assert_eq!(fy2025["contributions_yen"], 80000);
        assert_eq!(fy2025["programme_costs_yen"], 400000);
        assert_eq!(fy2025["subsidies_yen"], 300000);
        assert_eq!(fy2025["ratio_percent"], 20.0, "80,000 / 400,000");
        assert_eq!(fy2025["target_percent"], Value::Null);

        let fy2026 = kpi(&app, 2026).await["self_financing"].clone();
        assert_eq!(fy2026["contributions_yen"], 30000 + 40000);
        assert_eq!(
            fy2026["costs_by_source"],
            json!({"national_grant_yen": 200000, "city_budget_yen": 50000, "own_revenue_yen": 30000})
        );
        assert_eq!(fy2026["ratio_percent"], 25.0, "70,000 / 280,000");
        assert_eq!(fy2026["target_percent"], 30.0);
        assert_eq!(fy2026["achievement_percent"], 83.33, "25 % of a 30 % aim");
        assert_eq!(fy2026["cumulative_contributions_yen"], 150000);
        assert_eq!(fy2026["cumulative_programme_costs_yen"], 680000);
        assert_eq!(fy2026["cumulative_ratio_percent"], 22.06, "150,000 / 680,000");

        // No costs in FY2027: no ratio, not an error; the cumulative one goes on.
        let fy2027 = kpi(&app, 2027).await["self_financing"].clone();
        assert_eq!(fy2027["contributions_yen"], 25000);
        assert_eq!(fy2027["ratio_percent"], Value::Null);
        assert_eq!(fy2027["cumulative_ratio_percent"], 25.74, "175,000 / 680,000");

        // The public report has the figures, and its CSV a row per year.
        let public: Value = app.public_kpi("fiscal_year=2026").await.expect(200);
        assert_eq!(public["self_financing"], fy2026);
        let csv = app.public_kpi_csv("").await.text();
        assert!(csv.lines().any(|l| l == "2026年度,自主財源比率(%),30.00,25.00,,22.06,83.33"), "{csv}");
        assert!(csv.lines().any(|l| l == "2025年度,自主財源比率(%),,20.00,,20.00,"), "{csv}");
        assert!(!csv.contains(&paid), "figures only, no invoice");
    }
}
