//! `kpi-recount`: the kept per-year KPI totals checked against a recount of the records.

use sagamihara_match::config::Config;
use sagamihara_match::db;
use sagamihara_match::kpi::store::{kept_and_recounted, YearTotals};

use super::CliResult;

pub fn recount() -> CliResult {
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let years = kept_and_recounted(&mut conn)?;
    println!(
        "fiscal year  held  won  prospect  lost  disagreeing  deals  sales (yen)  \
         company/buyer/both reported  confirmed  no outcome  check"
    );
    let mut differing = 0;
    for (kept, counted) in &years {
        if kept == counted {
            println!("{}  ok", row(kept));
        } else {
            differing += 1;
            println!("{}  KEPT", row(kept));
            println!("{}  RECOUNTED", row(counted));
        }
    }
    if differing > 0 {
        return Err(
            format!("{differing} fiscal year(s) differ from a recount of the records").into(),
        );
    }
    println!(
        "{} fiscal year(s) match a recount of the records",
        years.len()
    );
    Ok(())
}

fn row(t: &YearTotals) -> String {
    format!(
        "{:>11}  {:>4}  {:>3}  {:>8}  {:>4}  {:>11}  {:>5}  {:>11}  {:>27}  {:>9}  {:>10}",
        t.fiscal_year,
        t.held,
        t.won,
        t.prospect,
        t.lost,
        t.disagreeing,
        t.deals,
        t.sales_yen,
        format!(
            "{}/{}/{}",
            t.with_company_report, t.with_buyer_report, t.with_both_reports
        ),
        t.with_confirmed_outcome,
        t.with_no_outcome
    )
}
