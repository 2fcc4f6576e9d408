//! A real SMTP server for one test: aiosmtpd (`.ci/smtp-sink.py`), started from the command
//! in `TEST_SMTP_SINK` (`.ci/run` sets it), writing each message it accepts to a folder that
//! the test reads. The server can be stopped and started again on the same port, for the
//! tests of a mail-server outage. Mail tests are listed as ignored without `TEST_SMTP_SINK`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use uuid::Uuid;

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope's recipients.
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    /// Headers by lower-case name (the first of each).
    pub headers: BTreeMap<String, String>,
    /// The decoded bodies of the leaf parts, by content type (`text/plain`, `text/html`,
    /// `text/calendar`).
    pub parts: BTreeMap<String, String>,
    /// When the server received it (from the name the sink gave its file).
    pub received_at: SystemTime,
}

impl Received {
    pub fn text(&self) -> &str {
        self.parts.get("text/plain").map_or("", String::as_str)
    }
}

pub struct SmtpSink {
    pub port: u16,
    dir: PathBuf,
    delay: Duration,
    child: Option<Child>,
}

impl SmtpSink {
    /// Starts a server on a free port.
    pub fn start() -> Self {
        Self::start_slow(Duration::ZERO)
    }

    /// A server that takes `delay` to accept each message.
    pub fn start_slow(delay: Duration) -> Self {
        let dir = std::env::temp_dir().join(format!("sagamihara-smtp-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("create the sink's folder");
        let (child, port) = spawn(&dir, 0, delay);
        SmtpSink {
            port,
            dir,
            delay,
            child: Some(child),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops the server: connections are refused until [`SmtpSink::restart`].
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM: aiosmtpd closes its socket.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port.
    pub fn restart(&mut self) {
        self.stop();
        let (child, port) = spawn(&self.dir, self.port, self.delay);
        assert_eq!(port, self.port);
        self.child = Some(child);
    }

    /// Every message received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("read the sink's folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let nanos: u64 = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.split('-').next())
                    .and_then(|n| n.parse().ok())
                    .expect("the sink names files by the time they arrived");
                let received_at = UNIX_EPOCH + Duration::from_nanos(nanos);
                parse(
                    &std::fs::read(p).expect("read a received message"),
                    received_at,
                )
            })
            .collect()
    }

    /// Waits until `ready` holds for the messages received, polling while the test's
    /// runtime (and the worker on it) goes on; panics after `within`.
    pub async fn wait_for(
        &self,
        within: Duration,
        what: &str,
        ready: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if ready(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "within {within:?}: {what}; received {} messages: {:#?}",
                received.len(),
                received
                    .iter()
                    .map(|m| (&m.to, &m.subject))
                    .collect::<Vec<_>>()
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn spawn(dir: &std::path::Path, port: u16, delay: Duration) -> (Child, u16) {
    let command = std::env::var("TEST_SMTP_SINK").expect(
        "TEST_SMTP_SINK must name the command that starts the tests' SMTP server: \
         export TEST_SMTP_SINK=\"$(bash .ci/smtp-sink)\"",
    );
    let mut words = command.split_whitespace();
    let program = words.next().expect("TEST_SMTP_SINK is empty");
    let mut child = Command::new(program)
        .args(words)
        .arg("--port")
        .arg(port.to_string())
        .arg("--dir")
        .arg(dir)
        .arg("--delay-ms")
        .arg(delay.as_millis().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the SMTP sink {command:?}: {e}"));
    let stdout = child.stdout.take().expect("the sink's output");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the sink's first line");
    let port = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
    (child, port)
}

fn parse(raw: &[u8], received_at: SystemTime) -> Received {
    let mail = mailparse::parse_mail(raw).expect("a received message parses");
    let mut headers = BTreeMap::new();
    let mut to = Vec::new();
    for header in &mail.headers {
        let name = header.get_key().to_ascii_lowercase();
        if name == "x-sink-to" {
            to.push(header.get_value());
        }
        headers.entry(name).or_insert_with(|| header.get_value());
    }
    let mut parts = BTreeMap::new();
    collect_parts(&mail, &mut parts);
    Received {
        to,
        subject: headers.get("subject").cloned().unwrap_or_default(),
        message_id: headers.get("message-id").cloned().unwrap_or_default(),
        headers,
        parts,
        received_at,
    }
}

fn collect_parts(part: &mailparse::ParsedMail<'_>, into: &mut BTreeMap<String, String>) {
    if part.subparts.is_empty() {
        into.insert(
            part.ctype.mimetype.to_ascii_lowercase(),
            part.get_body().unwrap_or_default(),
        );
    }
    for sub in &part.subparts {
        collect_parts(sub, into);
    }
}
