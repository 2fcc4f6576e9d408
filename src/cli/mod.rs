//! The command line: serve the API (default), migrate, bootstrap users, print the OpenAPI
//! document, deliver the outbox alone, recount the KPIs, check a running instance's health, and load the demo
//! programme. Each command's work is in the file named after it; this one holds the
//! arguments and sends each command there.

mod accounts;
#[cfg(feature = "bench")]
mod bench_data;
mod demo;
mod kpi;
mod rng;
mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sagamihara_match::config::Config;
use sagamihara_match::{db, openapi};

#[derive(Debug, Parser)]
#[command(name = "sagamihara-match", version, about)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// `serve`'s options work without the command name too (serve is the default).
    #[command(flatten)]
    serve: serve::ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default). Applies pending migrations first.
    Serve(serve::ServeArgs),
    /// Deliver the outbox (e-mail) without serving the API, for a separate delivery process;
    /// `serve` runs one too unless --no-worker. Stops on SIGTERM or Ctrl-C.
    Worker,
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
        /// Seed even if the database holds other data (the demo's records are added to it).
        #[arg(long)]
        force: bool,
    },
    /// Fill an empty database with deterministic benchmark data (bench/README.md). Prints
    /// what it wrote and one published capability id. Only in a build with `--features bench`.
    #[cfg(feature = "bench")]
    GenerateData {
        #[arg(long, value_enum, default_value = "small")]
        scale: bench_data::Scale,
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

/// What a command ends with: nothing, or the error `run` prints before exiting with 1.
type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Parses the command line, runs the command, and turns its result into the exit status.
pub fn run() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    init_logging();
    let result = match cli.command {
        Some(Command::Openapi) => print_openapi(),
        Some(Command::SeedDemo { force }) => demo::seed_demo(force),
        Some(Command::Migrate) => migrate(),
        Some(Command::Worker) => serve::worker(),
        #[cfg(feature = "bench")]
        Some(Command::GenerateData { scale, seed }) => bench_data::generate_data(scale, seed),
        Some(Command::CreateUser {
            email,
            role,
            display_name,
            password_stdin,
        }) => accounts::create_user(&email, &role, &display_name, password_stdin),
        Some(Command::Healthcheck { port }) => serve::healthcheck(port),
        Some(Command::KpiRecount) => kpi::recount(),
        Some(Command::Serve(args)) => serve::serve(args),
        None => serve::serve(cli.serve),
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

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v == "json");
    // Colour only for a person at a terminal: a log file or collector gets plain text.
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
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
