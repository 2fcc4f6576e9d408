//! The `sagamihara-match` command: serve the API (default), migrate, bootstrap users, print
//! the OpenAPI document, check a running instance's health.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use actix_web::HttpServer;
use clap::{Parser, Subcommand};
use sagamihara_match::auth::{password, Role};
use sagamihara_match::config::Config;
use sagamihara_match::users::api::create_staff_user;
use sagamihara_match::users::normalize_email;
use sagamihara_match::{app, db, demo, openapi, AppState};

#[derive(Debug, Parser)]
#[command(name = "sagamihara-match", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default). Applies pending migrations first.
    Serve(ServeArgs),
    /// Apply pending migrations and exit (run once before a rolling upgrade).
    Migrate,
    /// Create a staff account, e.g. the first admin. Without --password-stdin a random
    /// password is generated and printed once.
    CreateUser {
        #[arg(long)]
        email: String,
        /// admin, desk or reviewer
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "Administrator")]
        display_name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print the OpenAPI document (JSON) to standard output.
    Openapi,
    /// Load the demo programme (idempotent; refuses a database holding other data unless
    /// --force) and print the demo logins.
    SeedDemo {
        #[arg(long)]
        force: bool,
    },
    /// Fill an empty database with deterministic benchmark data (bench/README.md). Prints
    /// what it wrote and one published capability id.
    GenerateData {
        #[arg(long, value_enum, default_value = "small")]
        scale: sagamihara_match::bench_data::Scale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Count every fiscal year's KPI figures again from the meetings and negotiations and
    /// compare them with the totals the KPI report reads; exit 1 on any difference.
    KpiRecount,
    /// Exit 0 if the instance on this machine answers /healthz, 1 otherwise (the container's
    /// HEALTHCHECK: the runtime image has no curl).
    Healthcheck {
        /// Port the instance listens on.
        #[arg(long, env = "PORT", default_value_t = 8080)]
        port: u16,
    },
}

#[derive(Debug, Clone, Parser)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1")]
    bind: String,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Load the demo programme first if the database is empty (see `seed-demo`).
    #[arg(long)]
    demo: bool,
}

fn main() -> ExitCode {
    limit_retained_memory();
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    init_logging();
    let result = match cli.command {
        Some(Command::Openapi) => print_openapi(),
        Some(Command::SeedDemo { force }) => seed_demo(force),
        Some(Command::Migrate) => migrate(),
        Some(Command::GenerateData { scale, seed }) => generate_data(scale, seed),
        Some(Command::CreateUser {
            email,
            role,
            display_name,
            password_stdin,
        }) => create_user(&email, &role, &display_name, password_stdin),
        Some(Command::Healthcheck { port }) => healthcheck(port),
        Some(Command::KpiRecount) => kpi_recount(),
        Some(Command::Serve(args)) => serve(args),
        None => serve(ServeArgs::parse_from(["serve"])),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Every login runs argon2 with a 19 MiB block on some blocking thread. glibc raises its mmap
/// threshold after the first such block is freed, so later blocks come from per-thread arenas
/// that keep the memory: 100 concurrent logins left the process at 1.1 GB (bench/README.md).
/// A fixed threshold keeps large blocks in mmap, returned to the system when freed (78 MB).
fn limit_retained_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn print_openapi() -> CliResult {
    println!("{}", openapi().to_pretty_json()?);
    Ok(())
}

fn migrate() -> CliResult {
    let config = Config::from_env()?;
    db::connect_and_migrate(&config.database_url, 1)?;
    println!("migrations are up to date");
    Ok(())
}

fn generate_data(scale: sagamihara_match::bench_data::Scale, seed: u64) -> CliResult {
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let started = std::time::Instant::now();
    let summary = sagamihara_match::bench_data::generate(&mut conn, scale, seed)
        .map_err(|e| format!("{e}: {e:?}"))?;
    println!(
        "generated {} companies, {} capabilities, {} buyers, {} trade fairs, {} meetings, \
         {} negotiations in {:.1} s",
        summary.companies,
        summary.capabilities,
        summary.buyers,
        summary.fairs,
        summary.meetings,
        summary.negotiations,
        started.elapsed().as_secs_f64()
    );
    println!("sample_capability_id={}", summary.sample_capability_id);
    Ok(())
}

fn kpi_recount() -> CliResult {
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let years = sagamihara_match::kpi::store::kept_and_recounted(&mut conn)?;
    println!("fiscal year  held  won  prospect  lost  disagreeing  deals  sales (yen)  check");
    let mut differing = 0;
    for (kept, counted) in &years {
        let row = |t: &sagamihara_match::kpi::store::YearTotals| {
            format!(
                "{:>11}  {:>4}  {:>3}  {:>8}  {:>4}  {:>11}  {:>5}  {:>11}",
                t.fiscal_year,
                t.held,
                t.won,
                t.prospect,
                t.lost,
                t.disagreeing,
                t.deals,
                t.sales_yen
            )
        };
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

fn create_user(email: &str, role: &str, display_name: &str, password_stdin: bool) -> CliResult {
    let role: Role = role
        .parse()
        .map_err(|_| format!("unknown role {role:?}; use admin, desk or reviewer"))?;
    if !role.is_staff() {
        return Err("create-user makes admin, desk or reviewer accounts; companies, buyers and candidates register through the API".into());
    }
    let email = normalize_email("email", email).map_err(|e| e.to_string())?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (generate_password(), true)
    };
    let length = password.chars().count() as u64;
    if !(password::MIN_PASSWORD_CHARS..=password::MAX_PASSWORD_CHARS).contains(&length) {
        return Err(format!(
            "the password must be {} to {} characters long",
            password::MIN_PASSWORD_CHARS,
            password::MAX_PASSWORD_CHARS
        )
        .into());
    }
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let hash = password::hash_blocking(&password).map_err(|e| e.to_string())?;
    let user = create_staff_user(&mut conn, &email, &hash, display_name, role)
        .map_err(|e| e.to_string())?;
    println!("created {} {} ({})", role.as_str(), user.email, user.id);
    if generated {
        println!("password: {password}");
        if !std::io::stdout().is_terminal() {
            eprintln!("note: the generated password was printed to standard output");
        }
    }
    Ok(())
}

fn generate_password() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `GET /healthz` over loopback with a bare HTTP/1.1 request. Liveness only: it needs neither
/// the database nor the configuration (`/readyz` is the load balancer's question).
fn healthcheck(port: u16) -> CliResult {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let timeout = Duration::from_secs(3);
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .map_err(|e| format!("cannot connect to {address}: {e}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line)?;
    match status_line.split_whitespace().nth(1) {
        Some("200") => Ok(()),
        _ => Err(format!("/healthz answered {:?}", status_line.trim_end()).into()),
    }
}

fn seed_demo(force: bool) -> CliResult {
    let config = Config::from_env()?;
    let state = AppState::connect(config)?;
    actix_web::rt::System::new().block_on(async move {
        let report = demo::seed(state, force).await?;
        print_demo_logins(&report);
        Ok(())
    })
}

fn print_demo_logins(report: &demo::DemoReport) {
    if report.seeded_now {
        println!("Demo programme loaded.");
    } else {
        println!("The demo programme was already loaded.");
    }
    println!("Demo logins (password for all: {}):", demo::DEMO_PASSWORD);
    for (role, email) in &report.logins {
        println!("  {role:<9} {email}");
    }
}

fn serve(args: ServeArgs) -> CliResult {
    let config = Config::from_env()?;
    let shutdown_timeout = config.shutdown_timeout;
    let backend = config.database_url.backend();
    let state = AppState::connect(config)?;
    actix_web::rt::System::new().block_on(async move {
        if args.demo {
            match demo::seed(state.clone(), false).await {
                Ok(report) => print_demo_logins(&report),
                Err(e) => tracing::warn!("demo data not loaded: {e}"),
            }
        }
        let address = (args.bind.as_str(), args.port);
        let server = HttpServer::new(move || app(state.clone()))
            .shutdown_timeout(shutdown_timeout.as_secs())
            .bind(address)
            .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
        tracing::info!(
            "serving on http://{}:{} ({backend:?}); API docs at /docs",
            args.bind,
            args.port
        );
        server.run().await?;
        tracing::info!("stopped");
        Ok(())
    })
}
