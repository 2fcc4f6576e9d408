//! The programme's books: fee schedules, invoices and their payment, subsidies, programme
//! costs, the accounting export, the self-financing ratio, and who may use them.

mod invoices;
mod matrix;
mod ratio;

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::common::{TestApp, TestUser};

/// An invoice of one line to `company`, issued by the desk on `issued_on` (due a month
/// later at most, on the next month's 28th): returns its id.
pub(super) async fn invoice_of(
    app: &TestApp,
    company: &TestUser,
    issued_on: &str,
    quantity: i64,
    unit: i64,
) -> String {
    let due_on = due_after(issued_on);
    let body = json!({
        "issued_on": issued_on,
        "due_on": due_on,
        "items": [{"description": "展示会ブース出展料", "quantity": quantity, "unit_amount_jpy": unit}],
    });
    let invoice: Value = app
        .issue_invoice(&app.user(Role::Desk), company.company_id.unwrap(), &body)
        .await
        .expect(201);
    invoice["id"].as_str().unwrap().to_owned()
}

/// The 28th of the month after `day` (`YYYY-MM-DD`).
fn due_after(day: &str) -> String {
    let (year, month): (i32, u32) = (day[0..4].parse().unwrap(), day[5..7].parse().unwrap());
    let (year, month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    format!("{year}-{month:02}-28")
}
