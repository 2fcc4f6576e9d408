//! `seed-demo` (and `serve --demo`): a small, realistic Sagamihara programme, so a newcomer
//! sees a living system at once — about 30 manufacturers with bilingual profiles and
//! capabilities, overseas buyers, three past trade fairs and an upcoming one, meetings in
//! every state, negotiations won and lost, job postings, two job fairs with candidates and
//! hires, and a seminar.
//!
//! The staff accounts are created through the store, as `create-user` does; everything else
//! goes in through the API itself, served in process on a loopback port (`client.rs`), so it
//! passes every validation and leaves the same records as real use. Deterministic: the same
//! code seeds the same programme. The data is in `data.rs`, the steps in `steps.rs`.

mod client;
mod data;
mod steps;

use diesel::prelude::*;
use sagamihara_match::auth::{password, Role};
use sagamihara_match::config::Config;
use sagamihara_match::db;
use sagamihara_match::users::api::create_staff_user;
use sagamihara_match::users::store::find_user_by_email;
use sagamihara_match::AppState;

use self::client::LocalServer;
use self::steps::Seeder;
use super::CliResult;

/// Every demo account signs in with this password. Demo data only: `seed-demo` refuses a
/// database that holds anything else.
const DEMO_PASSWORD: &str = "sagamihara-demo-2026";
/// The demo's admin; its presence says the demo is loaded.
const MARKER_EMAIL: &str = "admin@demo.sagamihara-match.example";
/// The staff accounts, created directly in the store (no one may register as staff).
const STAFF: [(Role, &str); 3] = [
    (Role::Admin, MARKER_EMAIL),
    (Role::Desk, "desk@demo.sagamihara-match.example"),
    (Role::Reviewer, "reviewer@demo.sagamihara-match.example"),
];

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What was seeded (or found seeded before), and how to sign in.
pub struct DemoReport {
    seeded_now: bool,
    logins: Vec<(&'static str, String)>,
}

/// `seed-demo [--force]`.
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

/// Seeds the demo programme into the state's database, unless it is there already.
/// Refuses a database holding other data unless `force`.
pub async fn seed(state: AppState, force: bool) -> Result<DemoReport, BoxError> {
    let (seeded, users) = what_is_there(&state).await?;
    if seeded {
        return Ok(DemoReport {
            seeded_now: false,
            logins: logins(),
        });
    }
    if users > 0 && !force {
        return Err("the database holds data that is not the demo's; seed-demo refuses to mix them (use --force to seed anyway)".into());
    }
    let desk = create_staff(&state).await?;
    let server = LocalServer::start(&state)?;
    let seeding = match server.client() {
        Ok(api) => Seeder::new(api, desk).run().await,
        Err(e) => Err(e),
    };
    let stopped = server.stop().await;
    seeding?;
    stopped?;
    Ok(DemoReport {
        seeded_now: true,
        logins: logins(),
    })
}

/// Whether the demo is loaded, and how many users the database has.
async fn what_is_there(state: &AppState) -> Result<(bool, i64), BoxError> {
    let pool = state.pool.clone();
    actix_web::web::block(move || -> Result<(bool, i64), BoxError> {
        let mut conn = pool.get()?;
        let seeded = find_user_by_email(&mut conn, MARKER_EMAIL)?.is_some();
        let users: i64 = db::schema::users::table.count().get_result(&mut conn)?;
        Ok((seeded, users))
    })
    .await?
}

/// Creates the staff accounts; returns a token of the desk's, signed directly.
async fn create_staff(state: &AppState) -> Result<String, BoxError> {
    let hash = password::hash_blocking(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let pool = state.pool.clone();
    let desk = actix_web::web::block(move || -> Result<_, BoxError> {
        let mut conn = pool.get()?;
        let mut desk = None;
        for (role, email) in STAFF {
            let name = format!("Demo {}", role.as_str());
            let row = create_staff_user(&mut conn, email, &hash, &name, role, None)
                .map_err(|e| e.to_string())?;
            if role == Role::Desk {
                desk = Some(row.principal().map_err(|e| e.to_string())?);
            }
        }
        desk.ok_or_else(|| "no desk account among the demo's staff".into())
    })
    .await??;
    Ok(state.tokens.issue(&desk).map_err(|e| e.to_string())?)
}

/// One login per role.
fn logins() -> Vec<(&'static str, String)> {
    const ACCOUNTS: [(Role, &str); 3] = [
        (Role::Sme, "sme1@demo.sagamihara-match.example"),
        (Role::Buyer, "buyer1@demo.sagamihara-match.example"),
        (Role::Candidate, "candidate1@demo.sagamihara-match.example"),
    ];
    STAFF
        .iter()
        .chain(&ACCOUNTS)
        .map(|(role, email)| (role.as_str(), (*email).to_owned()))
        .collect()
}
