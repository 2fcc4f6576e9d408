//! `kpi-recount`: the kept per-year KPI totals checked against a recount of the records, and
//! every published yearly report against a recount of its year. A report that differs is
//! told, figure by figure, and does not fail the run: records change after publication (a
//! deal closed later counts for its meeting's year), and the published version stays as it
//! was; whether to publish a correction is the admins' call.

use sagamihara_match::config::Config;
use sagamihara_match::db;
use sagamihara_match::kpi::store::{kept_and_recounted, YearTotals};
use sagamihara_match::reports::recount::{check_snapshots, SnapshotCheck};

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
    print_snapshots(&check_snapshots(&mut conn)?);
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

/// Each published report: as published, or the figures a recount now gives otherwise.
fn print_snapshots(checks: &[SnapshotCheck]) {
    println!("published reports: {}", checks.len());
    for check in checks {
        let name = format!(
            "FY{} version {} (sha256 {})",
            check.fiscal_year,
            check.version,
            &check.sha256[..check.sha256.len().min(12)]
        );
        if check.differences.is_empty() {
            println!("{name}  ok, as a recount of the records gives it now");
            continue;
        }
        println!(
            "{name}  {} figure(s) differ from a recount of the records now:",
            check.differences.len()
        );
        for d in &check.differences {
            println!(
                "  {} / {}: published {}, recounted {}",
                d.figure.label_en,
                d.figure.label_ja,
                or_none(&d.published),
                or_none(&d.recounted)
            );
        }
        println!(
            "  expected when records changed after publication (a deal closed later, a late \
             payment or cost); the published version stays as it is, not a failure"
        );
    }
}

fn or_none(figure: &str) -> &str {
    if figure.is_empty() {
        "none"
    } else {
        figure
    }
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
