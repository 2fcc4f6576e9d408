//! KPI targets: seeded from the plan, set by admins only.

use sagamihara_match::auth::Role;
use serde_json::json;

use crate::api_test;
use crate::common::fixtures::kpi;
use crate::common::verbs::ANONYMOUS;
use crate::common::TestApp;

api_test!(
    async fn targets_are_seeded_from_the_plan_and_set_by_admins_only(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let seeded = app.get_kpi_target(&app.user(Role::Reviewer), 2020).await.expect(200);
        assert_eq!(seeded, json!({"close_rate_baseline_percent": null, "close_rate_increment_points": 3.0,
                                  "overseas_sales_thousand_yen": 5000, "foreign_talent_hired": 15,
                                  "self_financing_ratio_percent": null}));
        let baseline = app.get_kpi_target(&admin, 2018).await.expect(200);
        assert_eq!(baseline["close_rate_baseline_percent"], 13.0);
        let new = json!({"close_rate_increment_points": 2.5, "overseas_sales_thousand_yen": 6000, "foreign_talent_hired": 20});
        for role in [Role::Desk, Role::Reviewer, Role::Sme, Role::Buyer] {
            app.set_kpi_target(&app.user(role), 2026, &new).await.problem(403);
        }
        app.set_kpi_target(ANONYMOUS, 2026, &new).await.problem(401);
        let saved = app.set_kpi_target(&admin, 2026, &new).await.expect(200);
        assert_eq!(saved["overseas_sales_thousand_yen"], 6000);
        let report = kpi(&app, 2026).await;
        assert_eq!(report["overseas_sales"]["target_thousand_yen"], 6000);
        assert_eq!(report["close_rate"]["target_percent"], 24.5, "13 + 3 + 3 + 3 + 2.5");
        app.set_kpi_target(&admin, 1999, &new).await.problem(422);
        app.set_kpi_target(&admin, 2026, &json!({"overseas_sales_thousand_yen": -1})).await.problem(422);
        let log = app.audit_log(&admin, "entity=kpi_target").await.expect(200);
        assert_eq!(log["items"][0]["action"], "set:2026");
        assert_eq!(log["items"][0]["after"]["overseas_sales_thousand_yen"], 6000);
        // The self-financing ratio's aim is a target of the same year, audited with it.
        let aim = json!({"overseas_sales_thousand_yen": 6000, "self_financing_ratio_percent": 33.5});
        app.set_kpi_target(&app.user(Role::Desk), 2026, &aim).await.problem(403);
        let saved = app.set_kpi_target(&admin, 2026, &aim).await.expect(200);
        assert_eq!(saved["self_financing_ratio_percent"], 33.5);
        assert_eq!(kpi(&app, 2026).await["self_financing"]["target_percent"], 33.5);
        let log = app.audit_log(&admin, "entity=kpi_target").await.expect(200);
        assert_eq!(log["items"][1]["after"]["self_financing_ratio_percent"], 33.5);
        app.set_kpi_target(&admin, 2026, &json!({"self_financing_ratio_percent": -1.0})).await.problem(422);
        for role in [Role::Sme, Role::Buyer, Role::Candidate] {
            app.kpi_report(&app.user(role), "").await.problem(403);
        }
        app.kpi_report(ANONYMOUS, "").await.problem(401);
        app.public_kpi("").await.expect(200);
    }
);
