//! The real binary as a child process serving on a free port, for tests that need the whole
//! program: several instances on one database, signals, start-up. A [`Server`] kills its
//! process when dropped, so a failing test leaves nothing running.

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::http::{Request, Response};
use super::JWT_SECRET;

pub const BINARY: &str = env!("CARGO_BIN_EXE_sagamihara-match");

/// A first start on a fresh database runs the migrations; on a busy two-core machine that
/// plus the process start can take a few seconds.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// A port nobody listens on right now. Another process may take it before the server binds
/// it; [`Server::wait_ready`] then starts again on a new one.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

pub struct Server {
    pub port: u16,
    child: Child,
    database_url: String,
    env: Vec<(String, String)>,
    /// Working and data directory: no `.env` of the developer's is read, and the log lives here.
    dir: PathBuf,
}

impl Server {
    /// Starts `serve` on `database_url` with the test JWT secret. It does not wait for the
    /// server (see [`Server::wait_ready`]), so several can start at the same moment.
    pub fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[])
    }

    /// Like [`Server::start`], with extra environment variables.
    pub fn start_with(database_url: &str, env: &[(&str, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!("sagamihara-server-{}", Uuid::now_v7()));
        fs::create_dir_all(&dir).expect("create the server's directory");
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let port = free_port();
        let child = spawn(&dir, database_url, &env, port);
        Server {
            port,
            child,
            database_url: database_url.to_owned(),
            env,
            dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote to standard output and standard error so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Waits until `/readyz` answers 200. Panics, with the server's log, if it exits or takes
    /// too long.
    pub fn wait_ready(&mut self) {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut port_retries = 3;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server") {
                let log = self.log();
                if log.contains("cannot listen on") && port_retries > 0 {
                    port_retries -= 1;
                    self.port = free_port();
                    self.child = spawn(&self.dir, &self.database_url, &self.env, self.port);
                    continue;
                }
                panic!("the server exited ({status}) before it was ready:\n{log}");
            }
            if let Ok(response) = Request::get("/readyz").send(self.port) {
                if response.status == 200 {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the server was not ready within {READY_TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends the request; panics if the connection fails.
    #[track_caller]
    pub fn send(&self, request: Request) -> Response {
        request
            .send(self.port)
            .unwrap_or_else(|e| panic!("request to the server failed: {e}\n{}", self.log()))
    }

    /// Asks the server to stop, as a container runtime or systemd does.
    pub fn terminate(&self) {
        let pid = libc::pid_t::try_from(self.pid()).expect("pid fits pid_t");
        // SAFETY: kill(2) with a pid we spawned and still own (not yet reaped) and a valid
        // signal number has no memory-safety preconditions.
        let result = unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(
            result,
            0,
            "kill(SIGTERM): {}",
            std::io::Error::last_os_error()
        );
    }

    /// Kills the process outright (SIGKILL), as a power cut or the OOM killer would: no
    /// shutdown code runs.
    pub fn crash(&mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().expect("reap the server");
    }

    /// Waits up to `timeout` for the process to exit; `None` if it is still running.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already exited (or reaped) is fine; anything still running is killed and reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn spawn(dir: &Path, database_url: &str, env: &[(String, String)], port: u16) -> Child {
    let log = File::create(dir.join("server.log")).expect("create the server log");
    let mut command = Command::new(BINARY);
    command
        .args(["serve", "--port", &port.to_string()])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env(
            "JWT_SECRET",
            std::str::from_utf8(JWT_SECRET).expect("UTF-8 secret"),
        )
        .env("DATA_DIR", dir)
        .env("DATABASE_POOL_SIZE", "4")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the log handle"))
        .stderr(log);
    for (name, value) in env {
        command.env(name, value);
    }
    command.spawn().expect("start the server")
}
