//! Invoices: the total the service computes, the transitions and their refusals, the
//! database's refusal to delete, who sees which invoice, and the accounting export.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use super::invoice_of;
use crate::api_test;
use crate::common::fixtures::{approved_sme, trade_fair};
use crate::common::{error_fields, TestApp};

api_test! {
    async fn the_desk_issues_an_invoice_whose_total_the_service_computes(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        let event = trade_fair(&app, json!({})).await;
        let booth: Value = app
            .create_fee_schedule(&desk, &json!({"fiscal_year": 2026, "kind": "booth", "event_id": event, "amount_jpy": 30000}))
            .await
            .expect(201);
        let membership: Value = app
            .create_fee_schedule(&desk, &json!({"fiscal_year": 2026, "kind": "membership", "amount_jpy": 20000}))
            .await
            .expect(201);
        let body = json!({
            "issued_on": "2026-06-01",
            "due_on": "2026-06-30",
            "items": [
                {"description": "ブース", "quantity": 2, "unit_amount_jpy": 30000, "fee_schedule_id": booth["id"], "event_id": event},
                {"description": "年会費", "quantity": 1, "unit_amount_jpy": 20000, "fee_schedule_id": membership["id"]},
                {"description": "通訳", "quantity": 3, "unit_amount_jpy": 7500},
            ],
            "note": "2026年度分",
        });
        let invoice = app.issue_invoice(&desk, company, &body).await.expect(201);
        assert_eq!(invoice["status"], "issued");
        assert_eq!(invoice["total_jpy"], 60000 + 20000 + 22500);
        assert_eq!(invoice["items"][2]["amount_jpy"], 22500);
        assert_eq!(invoice["items"][0]["fee_schedule_id"], booth["id"]);
        assert_eq!(invoice["paid_at"], Value::Null);
        // The same fee twice in a year is a conflict; a per-event fee names its event.
        app.create_fee_schedule(&desk, &json!({"fiscal_year": 2026, "kind": "membership", "amount_jpy": 1}))
            .await
            .problem(409);
        let problem = app
            .create_fee_schedule(&desk, &json!({"fiscal_year": 2026, "kind": "booth", "amount_jpy": 1}))
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["event_id"]);
        // Refused invoices change nothing.
        let mut bad = body.clone();
        bad["due_on"] = json!("2026-05-31");
        assert_eq!(error_fields(&app.issue_invoice(&desk, company, &bad).await.problem(422)), ["due_on"]);
        let mut bad = body.clone();
        bad["items"][1]["fee_schedule_id"] = json!(uuid::Uuid::now_v7());
        assert_eq!(
            error_fields(&app.issue_invoice(&desk, company, &bad).await.problem(422)),
            ["items[1].fee_schedule_id"]
        );
        let mut bad = body.clone();
        bad["items"] = json!([]);
        assert_eq!(error_fields(&app.issue_invoice(&desk, company, &bad).await.problem(422)), ["items"]);
        app.issue_invoice(&desk, uuid::Uuid::now_v7(), &body).await.problem(404);
        let all: Value = app.list_invoices(&desk, "").await.expect(200);
        assert_eq!(all["items"].as_array().unwrap().len(), 1);
        // Issuing is audited.
        let audit: Value = app.audit_log(&app.user(Role::Admin), "entity=invoice").await.expect(200);
        assert_eq!(audit["items"][0]["action"], "issue");
    }
}

api_test! {
    async fn paying_a_cancelled_invoice_is_a_conflict_and_changes_nothing(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        let invoice = invoice_of(&app, &sme, "2026-05-01", 1, 50000).await;
        let cancelled = app.cancel_invoice(&desk, &invoice, "二重発行のため").await.expect(200);
        assert_eq!(cancelled["status"], "cancelled");
        assert_eq!(cancelled["cancel_reason"], "二重発行のため");
        let problem = app
            .pay_invoice(&desk, &invoice, "2026-05-20T10:00:00+09:00")
            .header("Accept-Language", "ja")
            .await
            .problem(409);
        assert_eq!(problem["current_status"], "cancelled", "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("請求書"), "{problem}");
        let after: Value = app.get_invoice(&desk, &invoice).await.expect(200);
        assert_eq!(after, cancelled, "a refused payment changes nothing");
        app.cancel_invoice(&desk, &invoice, "again").await.problem(409);
        // A paid invoice is paid once, and cannot be cancelled afterwards.
        let paid_once = invoice_of(&app, &sme, "2026-05-01", 2, 10000).await;
        let paid = app.pay_invoice(&desk, &paid_once, "2026-05-20T10:00:00+09:00").await.expect(200);
        assert_eq!((paid["status"].as_str(), paid["paid_on"].as_str()), (Some("paid"), Some("2026-05-20")));
        app.pay_invoice(&desk, &paid_once, "2026-05-21T10:00:00+09:00").await.problem(409);
        app.cancel_invoice(&desk, &paid_once, "too late").await.problem(409);
        let after: Value = app.get_invoice(&desk, &paid_once).await.expect(200);
        assert_eq!(after["paid_at"], paid["paid_at"]);
    }
}

api_test! {
    async fn the_database_refuses_to_delete_an_invoice_or_change_a_paid_one(backend) {
        use diesel::RunQueryDsl;
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        let invoice = invoice_of(&app, &sme, "2026-05-01", 1, 50000).await;
        let mut conn = app.state.pool.get().unwrap();
        let refused = diesel::sql_query(format!("DELETE FROM invoices WHERE id = '{invoice}'"))
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("never deleted"), "{refused}");
        let refused = diesel::sql_query(format!("DELETE FROM invoice_items WHERE invoice_id = '{invoice}'"))
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("never deleted"), "{refused}");
        drop(conn);
        app.pay_invoice(&desk, &invoice, "2026-05-20T10:00:00+09:00").await.expect(200);
        let mut conn = app.state.pool.get().unwrap();
        let refused = diesel::sql_query(format!("UPDATE invoices SET total_jpy = 1 WHERE id = '{invoice}'"))
            .execute(&mut conn)
            .unwrap_err();
        assert!(refused.to_string().contains("final"), "{refused}");
        drop(conn);
        let kept: Value = app.get_invoice(&desk, &invoice).await.expect(200);
        assert_eq!((kept["status"].as_str(), kept["total_jpy"].as_i64()), (Some("paid"), Some(50000)));
    }
}

api_test! {
    async fn a_company_sees_its_own_invoices_only_and_reviewers_none(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let other = approved_sme(&app).await;
        let own = invoice_of(&app, &sme, "2026-05-01", 1, 10000).await;
        let theirs = invoice_of(&app, &other, "2026-05-02", 1, 20000).await;
        let mine: Value = app.list_invoices(&sme, "").await.expect(200);
        let ids: Vec<&str> = mine["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [own.as_str()]);
        app.get_invoice(&sme, &own).await.expect(200);
        app.get_invoice(&sme, &theirs).await.problem(404);
        let asked: Value = app
            .list_invoices(&sme, &format!("company_id={}", other.company_id.unwrap()))
            .await
            .expect(200);
        assert_eq!(asked["items"], json!([]));
        let reviewer = app.user(Role::Reviewer);
        app.list_invoices(&reviewer, "").await.problem(403);
        app.get_invoice(&reviewer, &own).await.problem(403);
        app.export_invoices_csv(&reviewer, "fiscal_year=2026").await.problem(403);
        let desk: Value = app.list_invoices(&app.user(Role::Desk), "fiscal_year=2026").await.expect(200);
        assert_eq!(desk["items"].as_array().unwrap().len(), 2);
    }
}

api_test! {
    async fn the_accounting_export_lists_the_years_invoices_and_payments(backend) {
        let app = TestApp::new(backend).await;
        let desk = app.user(Role::Desk);
        let sme = approved_sme(&app).await;
        // Issued in March of FY2025, paid in April (FY2026); issued and cancelled in FY2026.
        let late = invoice_of(&app, &sme, "2026-03-10", 3, 10000).await;
        app.pay_invoice(&desk, &late, "2026-04-02T09:00:00+09:00").await.expect(200);
        let cancelled = invoice_of(&app, &sme, "2026-05-01", 1, 5000).await;
        app.cancel_invoice(&desk, &cancelled, "取消").await.expect(200);
        let response = app.export_invoices_csv(&desk, "fiscal_year=2026").await;
        assert_eq!(response.status.as_u16(), 200, "{}", response.text());
        assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(response.body.starts_with(&[0xef, 0xbb, 0xbf]), "a byte-order mark for Excel");
        let text = response.text();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "請求書ID,企業ID,企業名,状態,発行日,支払期限,入金日,入金年度,請求額(円),入金額(円),明細");
        assert_eq!(lines.len(), 3, "{text}");
        let company = sme.company_id.unwrap();
        assert!(
            lines[1].starts_with(&format!("{late},{company},"))
                && lines[1].ends_with(",paid,2026-03-10,2026-04-28,2026-04-02,2026年度,30000,30000,展示会ブース出展料 × 3 @ 10000"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains(",cancelled,2026-05-01,") && lines[2].contains(",5000,,"), "{}", lines[2]);
        // FY2025's export has the March invoice too, with its payment in the next year.
        let earlier = app.export_invoices_csv(&desk, "fiscal_year=2025").await.text();
        assert_eq!(earlier.lines().count(), 2, "{earlier}");
        assert!(earlier.contains(&late));
    }
}
