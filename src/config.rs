//! Settings, read once at start from the environment (and `./.env` for local use).
//! Every variable is listed, with its default, in the README's configuration table.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use rand::Rng;

use crate::db::{self, DatabaseUrl};

/// The shortest `JWT_SECRET` accepted: HS256 keys shorter than the hash are guessable.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Limits on the authentication endpoints, per client address and per account.
#[derive(Debug, Clone, Copy)]
pub struct RateLimitSettings {
    pub login_per_ip_per_minute: u32,
    pub login_per_account_per_minute: u32,
    pub register_per_ip_per_hour: u32,
    /// Meeting requests one user may send per minute (a flood of requests would bury the
    /// companies' inboxes long before any per-event limit is reached).
    pub meeting_requests_per_user_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            login_per_ip_per_minute: 20,
            login_per_account_per_minute: 5,
            register_per_ip_per_hour: 10,
            meeting_requests_per_user_per_minute: 30,
        }
    }
}

/// How the outbox is delivered (see `notifications::worker`).
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// `SMTP_URL`: `smtp://host:port`, `smtp+starttls://…`, `smtps://…`, with user and password
    /// in the URL or in `SMTP_USERNAME`/`SMTP_PASSWORD`. Without it e-mail is held.
    pub smtp_url: Option<String>,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    /// `MAIL_FROM`, e.g. `Sagamihara Global Matching <no-reply@match.example>`.
    pub mail_from: String,
    pub mail_reply_to: Option<String>,
    /// `PUBLIC_BASE_URL`: where the service is reached from outside, for links in mails.
    pub public_base_url: Option<String>,
    /// How often an idle worker looks for due messages.
    pub poll: Duration,
    /// How many messages one round claims.
    pub batch: i64,
    /// How many messages of a round are sent at once (per channel).
    pub concurrency: usize,
    /// How long a claim holds before another instance may take the message.
    pub lease: Duration,
    pub retry: RetrySettings,
    /// Signs the one-click unsubscribe links (derived from `JWT_SECRET`).
    pub unsubscribe_key: Vec<u8>,
    pub webhooks: WebhookSettings,
}

/// `WEBHOOK_*`: where webhooks may go (see `notifications::webhooks::target`).
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    /// `WEBHOOK_ALLOW_HTTP`: plain `http://` targets too (development); `https` only otherwise.
    pub allow_http: bool,
    /// `WEBHOOK_ALLOW_PRIVATE`: targets on loopback, private, link-local or multicast
    /// addresses too (tests and development). Off, such a target is refused when it is
    /// registered and at every send.
    pub allow_private: bool,
    /// `WEBHOOK_TIMEOUT_SECS`: how long one attempt may take, connection to answer.
    pub timeout: Duration,
    /// `WEBHOOK_SECRET_GRACE_HOURS`: how long a rotated-out secret keeps signing beside the new.
    pub secret_grace: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_http: false,
            allow_private: false,
            timeout: Duration::from_secs(10),
            secret_grace: Duration::from_secs(24 * 3600),
        }
    }
}

/// `DELIVERY_RETRY_*`: when a failed delivery is tried again.
#[derive(Debug, Clone, Copy)]
pub struct RetrySettings {
    /// The first retry's delay (at most; jitter takes up to half off).
    pub first: Duration,
    /// The longest delay while a message is younger than `early_window`.
    pub early_cap: Duration,
    pub early_window: Duration,
    /// The longest delay after that.
    pub max_delay: Duration,
    /// When a message is given up as failed.
    pub give_up: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(10),
            early_cap: Duration::from_secs(30),
            early_window: Duration::from_secs(10 * 60),
            max_delay: Duration::from_secs(3600),
            give_up: Duration::from_secs(72 * 3600),
        }
    }
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            smtp_username: None,
            smtp_password: None,
            mail_from: "Sagamihara Global Matching <no-reply@sagamihara-match.localhost>".into(),
            mail_reply_to: None,
            public_base_url: None,
            poll: Duration::from_secs(1),
            batch: 50,
            concurrency: 16,
            lease: Duration::from_secs(60),
            retry: RetrySettings::default(),
            unsubscribe_key: Vec::new(),
            webhooks: WebhookSettings::default(),
        }
    }
}

#[derive(Clone)]
pub struct Config {
    pub app_env: AppEnv,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    pub database_pool_size: u32,
    /// How many reads may hold a connection at once (see `db::DbPool`).
    pub database_read_concurrency: u32,
    pub jwt_secret: Vec<u8>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub cors_origins: Vec<String>,
    pub log_format: LogFormat,
    pub rate_limits: RateLimitSettings,
    /// Take the client address from `X-Forwarded-For`/`Forwarded` (only behind a proxy that
    /// sets them); otherwise the TCP peer address is used for rate limiting.
    pub trust_forwarded_for: bool,
    pub shutdown_timeout: Duration,
    pub delivery: DeliverySettings,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("app_env", &self.app_env)
            .field("database_url", &self.database_url.backend())
            .field("jwt_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("JWT_SECRET must be set in production (APP_ENV=production); generate one with `openssl rand -base64 48`")]
    MissingSecretInProduction,
    #[error("cannot keep the development JWT secret in {path}: {source}")]
    DevSecret {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A count that cannot be zero: a pool of no connections, or no reads at a time, would leave
/// every request waiting.
fn at_least_one(name: &'static str, default: u32) -> Result<u32, ConfigError> {
    match parse_var(name, default)? {
        0 => Err(ConfigError::Invalid {
            name,
            reason: "it must be at least 1".into(),
        }),
        n => Ok(n),
    }
}

fn parse_var<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e: T::Err| ConfigError::Invalid {
                name,
                reason: e.to_string(),
            }),
    }
}

impl Config {
    /// The key that signs check-in codes (see [`check_in_key`]).
    pub fn check_in_key(&self) -> Vec<u8> {
        check_in_key(&self.jwt_secret)
    }

    /// Reads the environment. Call `dotenvy::dotenv()` first to honour a local `.env`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with_data_dir("data")
    }

    /// As [`Config::from_env`], with another data folder when `DATA_DIR` is not set
    /// (`serve --demo` keeps the demo apart from the folder a newcomer already used).
    pub fn from_env_with_data_dir(default_data_dir: &str) -> Result<Self, ConfigError> {
        let app_env = app_env()?;
        let data_dir =
            PathBuf::from(var("DATA_DIR").unwrap_or_else(|| default_data_dir.to_owned()));
        let database_url = database_url(&data_dir)?;
        let jwt_secret = jwt_secret(app_env, &data_dir)?;
        let delivery = DeliverySettings {
            unsubscribe_key: unsubscribe_key(&jwt_secret),
            ..delivery()?
        };
        let log_format = log_format()?;
        Ok(Config {
            app_env,
            database_url,
            jwt_secret,
            data_dir,
            database_pool_size: at_least_one("DATABASE_POOL_SIZE", 10)?,
            database_read_concurrency: at_least_one(
                "DATABASE_READ_CONCURRENCY",
                db::default_concurrent_reads(),
            )?,
            jwt_issuer: var("JWT_ISSUER").unwrap_or_else(|| "sagamihara-match".into()),
            jwt_audience: var("JWT_AUDIENCE").unwrap_or_else(|| "sagamihara-match-api".into()),
            cors_origins: cors_origins(),
            log_format,
            rate_limits: rate_limits()?,
            trust_forwarded_for: parse_var("TRUST_FORWARDED_FOR", false)?,
            shutdown_timeout: Duration::from_secs(parse_var("SHUTDOWN_TIMEOUT_SECS", 30)?),
            delivery,
        })
    }
}

fn app_env() -> Result<AppEnv, ConfigError> {
    match var("APP_ENV").as_deref() {
        None | Some("development") | Some("dev") | Some("test") => Ok(AppEnv::Development),
        Some("production") | Some("prod") => Ok(AppEnv::Production),
        Some(other) => Err(ConfigError::Invalid {
            name: "APP_ENV",
            reason: format!("expected development or production, got {other:?}"),
        }),
    }
}

/// `DATABASE_URL`, or the SQLite file in the data folder.
fn database_url(data_dir: &Path) -> Result<DatabaseUrl, ConfigError> {
    match var("DATABASE_URL") {
        Some(url) => DatabaseUrl::parse(&url).map_err(|reason| ConfigError::Invalid {
            name: "DATABASE_URL",
            reason,
        }),
        None => Ok(DatabaseUrl::Sqlite(
            data_dir
                .join("sagamihara-match.sqlite3")
                .to_string_lossy()
                .into_owned(),
        )),
    }
}

/// `JWT_SECRET`, required in production and at least [`MIN_JWT_SECRET_BYTES`] long.
fn jwt_secret(app_env: AppEnv, data_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    let jwt_secret = match var("JWT_SECRET") {
        Some(secret) => secret.into_bytes(),
        None if app_env == AppEnv::Production => {
            return Err(ConfigError::MissingSecretInProduction)
        }
        None => development_secret(data_dir)?,
    };
    if jwt_secret.len() < MIN_JWT_SECRET_BYTES {
        return Err(ConfigError::Invalid {
            name: "JWT_SECRET",
            reason: format!(
                "it is {} bytes long; at least {MIN_JWT_SECRET_BYTES} are required",
                jwt_secret.len()
            ),
        });
    }
    Ok(jwt_secret)
}

fn log_format() -> Result<LogFormat, ConfigError> {
    match var("LOG_FORMAT").as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(ConfigError::Invalid {
            name: "LOG_FORMAT",
            reason: format!("expected text or json, got {other:?}"),
        }),
    }
}

/// `CORS_ORIGINS`: comma-separated, compared without a trailing slash.
fn cors_origins() -> Vec<String> {
    var("CORS_ORIGINS")
        .map(|v| {
            v.split(',')
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn rate_limits() -> Result<RateLimitSettings, ConfigError> {
    let defaults = RateLimitSettings::default();
    Ok(RateLimitSettings {
        login_per_ip_per_minute: parse_var(
            "LOGIN_RATE_PER_IP_PER_MINUTE",
            defaults.login_per_ip_per_minute,
        )?,
        login_per_account_per_minute: parse_var(
            "LOGIN_RATE_PER_ACCOUNT_PER_MINUTE",
            defaults.login_per_account_per_minute,
        )?,
        register_per_ip_per_hour: parse_var(
            "REGISTER_RATE_PER_IP_PER_HOUR",
            defaults.register_per_ip_per_hour,
        )?,
        meeting_requests_per_user_per_minute: parse_var(
            "MEETING_REQUESTS_PER_USER_PER_MINUTE",
            defaults.meeting_requests_per_user_per_minute,
        )?,
    })
}

/// The key of the unsubscribe links: derived from the JWT secret, so that it is as secret and
/// needs no setting of its own, yet a link's signature can never pass as a token's.
pub fn unsubscribe_key(jwt_secret: &[u8]) -> Vec<u8> {
    derived_key(jwt_secret, b"sagamihara-match unsubscribe links")
}

/// The key of the fair-day check-in codes, derived from the JWT secret as the unsubscribe
/// key is, under a label of its own: a code's signature never passes as a link's or a
/// token's.
pub fn check_in_key(jwt_secret: &[u8]) -> Vec<u8> {
    derived_key(jwt_secret, b"sagamihara-match check-in codes")
}

fn derived_key(jwt_secret: &[u8], label: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    match Hmac::<sha2::Sha256>::new_from_slice(jwt_secret) {
        Ok(mut mac) => {
            mac.update(label);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => jwt_secret.to_vec(),
    }
}

fn delivery() -> Result<DeliverySettings, ConfigError> {
    let defaults = DeliverySettings::default();
    let secs = |name, default: Duration| -> Result<Duration, ConfigError> {
        Ok(Duration::from_secs(parse_var(name, default.as_secs())?))
    };
    let retry = RetrySettings {
        first: secs("DELIVERY_RETRY_FIRST_SECS", defaults.retry.first)?,
        early_cap: secs("DELIVERY_RETRY_EARLY_CAP_SECS", defaults.retry.early_cap)?,
        early_window: defaults.retry.early_window,
        max_delay: secs("DELIVERY_RETRY_MAX_SECS", defaults.retry.max_delay)?,
        give_up: Duration::from_secs(
            3600 * parse_var(
                "DELIVERY_GIVE_UP_HOURS",
                defaults.retry.give_up.as_secs() / 3600,
            )?,
        ),
    };
    Ok(DeliverySettings {
        smtp_url: var("SMTP_URL"),
        smtp_username: var("SMTP_USERNAME"),
        smtp_password: var("SMTP_PASSWORD"),
        mail_from: var("MAIL_FROM").unwrap_or(defaults.mail_from),
        mail_reply_to: var("MAIL_REPLY_TO"),
        public_base_url: var("PUBLIC_BASE_URL"),
        poll: Duration::from_millis(parse_var("DELIVERY_POLL_MS", 1000)?),
        batch: i64::from(at_least_one("DELIVERY_BATCH", 50)?),
        concurrency: usize::try_from(at_least_one("DELIVERY_CONCURRENCY", 16)?).unwrap_or(16),
        lease: secs("DELIVERY_LEASE_SECS", defaults.lease)?,
        retry,
        unsubscribe_key: Vec::new(),
        webhooks: WebhookSettings {
            allow_http: parse_var("WEBHOOK_ALLOW_HTTP", false)?,
            allow_private: parse_var("WEBHOOK_ALLOW_PRIVATE", false)?,
            timeout: secs("WEBHOOK_TIMEOUT_SECS", defaults.webhooks.timeout)?,
            secret_grace: Duration::from_secs(
                3600 * parse_var(
                    "WEBHOOK_SECRET_GRACE_HOURS",
                    defaults.webhooks.secret_grace.as_secs() / 3600,
                )?,
            ),
        },
    })
}

/// Without `JWT_SECRET`, development gets a random secret kept in the data folder (mode
/// 0600), so tokens survive restarts; it is announced loudly because it must never be
/// what production runs on.
fn development_secret(data_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    let path = data_dir.join("jwt-secret");
    let err = |source| ConfigError::DevSecret {
        path: path.clone(),
        source,
    };
    let secret = match fs::read_to_string(&path) {
        Ok(existing) => existing.trim().as_bytes().to_vec(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(data_dir).map_err(err)?;
            let mut bytes = [0u8; 48];
            rand::rng().fill_bytes(&mut bytes);
            let secret = base64::engine::general_purpose::STANDARD.encode(bytes);
            write_private(&path, secret.as_bytes()).map_err(err)?;
            secret.into_bytes()
        }
        Err(e) => return Err(err(e)),
    };
    tracing::warn!(
        path = %path.display(),
        "JWT_SECRET is not set: using a generated DEVELOPMENT secret. Set JWT_SECRET (>= 32 bytes) for any shared or production deployment."
    );
    Ok(secret)
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}
