//! `seed-demo`, and `serve --demo`: the demo programme and its logins.

use sagamihara_match::config::Config;
use sagamihara_match::AppState;

pub use sagamihara_match::demo::seed;
use sagamihara_match::demo::{DemoReport, DEMO_PASSWORD};

use super::CliResult;

pub fn seed_demo(force: bool) -> CliResult {
    let config = Config::from_env()?;
    let state = AppState::connect(config)?;
    actix_web::rt::System::new().block_on(async move {
        let report = seed(state, force).await?;
        print_logins(&report);
        Ok(())
    })
}

pub fn print_logins(report: &DemoReport) {
    if report.seeded_now {
        println!("Demo programme loaded.");
    } else {
        println!("The demo programme was already loaded.");
    }
    println!("Demo logins (password for all: {DEMO_PASSWORD}):");
    for (role, email) in &report.logins {
        println!("  {role:<9} {email}");
    }
}
