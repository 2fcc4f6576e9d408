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
