//! `serve` (the default command), optionally with the demo programme first, and
//! `healthcheck`, the container's question to a running instance.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use actix_web::HttpServer;
use sagamihara_match::config::Config;
use sagamihara_match::notifications::worker::Worker;
use sagamihara_match::{app, AppState};
use tokio::sync::watch;

use super::{demo, CliResult};

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1")]
    bind: String,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Load the demo programme first (see `seed-demo`). Without DATA_DIR or DATABASE_URL
    /// the demo lives in its own folder, data/demo/, apart from ./data.
    #[arg(long)]
    demo: bool,
    /// Serve without the delivery worker (run `worker` as its own process instead).
    #[arg(long)]
    no_worker: bool,
}

/// Where `serve --demo` keeps its data unless `DATA_DIR` says otherwise.
const DEMO_DATA_DIR: &str = "data/demo";

pub fn serve(args: ServeArgs) -> CliResult {
    let config = if args.demo {
        Config::from_env_with_data_dir(DEMO_DATA_DIR)?
    } else {
        Config::from_env()?
    };
    let shutdown_timeout = config.shutdown_timeout;
    let backend = config.database_url.backend();
    let state = AppState::connect(config)?;
    actix_web::rt::System::new().block_on(async move {
        if args.demo {
            match demo::seed(state.clone(), false).await {
                Ok(report) => demo::print_logins(&report),
                Err(e) => tracing::warn!("demo data not loaded: {e}"),
            }
        }
        let address = (args.bind.as_str(), args.port);
        let (stop, stopped) = watch::channel(false);
        let delivery = if args.no_worker {
            None
        } else {
            let worker = Worker::new(state.pool.clone(), state.config.delivery.clone())?
                .with_metrics(state.metrics.clone());
            Some(actix_web::rt::spawn(worker.run(stopped)))
        };
        let server = HttpServer::new(move || app(state.clone()))
            .shutdown_timeout(shutdown_timeout.as_secs())
            .bind(address)
            .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
        tracing::info!(
            "serving on http://{}:{} ({backend:?}); API docs at /docs/",
            args.bind,
            args.port
        );
        server.run().await?;
        // The server has finished its requests: the worker sends what it holds, then stops.
        let _ = stop.send(true);
        if let Some(delivery) = delivery {
            let _ = delivery.await;
        }
        tracing::info!("stopped");
        Ok(())
    })
}

/// `worker`: the delivery worker alone, until SIGTERM or Ctrl-C.
pub fn worker() -> CliResult {
    let config = Config::from_env()?;
    let state = AppState::connect(config)?;
    actix_web::rt::System::new().block_on(async move {
        let (stop, stopped) = watch::channel(false);
        let worker = Worker::new(state.pool.clone(), state.config.delivery.clone())?;
        let delivery = actix_web::rt::spawn(worker.run(stopped));
        shutdown_signal().await;
        tracing::info!("stopping the delivery worker");
        let _ = stop.send(true);
        let _ = delivery.await;
        Ok(())
    })
}

/// SIGTERM (a container's stop) or Ctrl-C.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `GET /healthz` over loopback with a bare HTTP/1.1 request. Liveness only: it needs neither
/// the database nor the configuration (`/readyz` is the load balancer's question).
pub fn healthcheck(port: u16) -> CliResult {
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
