//! Storage: the one connection type over SQLite and PostgreSQL, its pool, the embedded
//! migrations, and the few places where the two backends must be told apart.
//!
//! Everything outside this folder writes its queries once, against [`DbConn`].

mod insert;
pub mod schema;
pub mod search;
mod sums;
pub mod types;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DurationRound, NaiveDateTime, Utc};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, PoolError};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use tokio::sync::{AcquireError, Semaphore};

use crate::error::ApiError;

/// A connection to either backend. Queries written against it compile once and run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The instance's connections, how many reads and how many writes may hold one at once, and
/// the turns at them.
///
/// A write can wait a long time holding its connection: on PostgreSQL its `COMMIT` waits for
/// the WAL to reach the disk, on SQLite `BEGIN IMMEDIATE` waits for the one write lock. If
/// every connection were free to wait like that, a slow disk or a long write would leave
/// reads queueing for a connection; so writes take a permit first (see [`write`]), and the
/// connections they cannot take stay for reads.
///
/// A read is work for the cores (the service's, and the database's when it runs on the same
/// host, as its pages are in memory), so reads beyond a few per core only share the cores,
/// each taking longer and the unluckiest much longer: reads take a permit too (see [`run`]),
/// two per core by default.
///
/// Then both take a turn at a connection, handed out in the order asked for. r2d2's own wait
/// is not in order: a thread that returns a connection and asks again at once takes it back
/// before the waiter it woke, so under load a few requests waited many times longer than the
/// rest (bench/README.md). Whoever waits, waits in the async runtime, holding neither a
/// connection nor a blocking thread.
#[derive(Clone)]
pub struct DbPool {
    connections: r2d2::Pool<ConnectionManager>,
    turns: Arc<Semaphore>,
    readers: Arc<Semaphore>,
    writers: Arc<Semaphore>,
    term_statistics: search::TermStatistics,
}

pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

impl DbPool {
    /// A pool with [`default_concurrent_reads`] (see [`DbPool::with_concurrent_reads`]).
    pub fn new(connections: r2d2::Pool<ConnectionManager>, backend: Backend) -> Self {
        let size = connections.max_size();
        let writers = writer_permits(backend, size);
        Self {
            turns: Arc::new(Semaphore::new(size as usize)),
            readers: Arc::new(Semaphore::new(default_concurrent_reads().min(size) as usize)),
            writers: Arc::new(Semaphore::new(writers)),
            connections,
            term_statistics: search::TermStatistics::default(),
        }
    }

    /// Lets up to `reads` reads (at least one, at most a connection each) run at once.
    pub fn with_concurrent_reads(mut self, reads: u32) -> Self {
        let reads = reads.clamp(1, self.connections.max_size());
        self.readers = Arc::new(Semaphore::new(reads as usize));
        self
    }

    /// A connection, waiting up to the pool's timeout (5 s).
    pub fn get(&self) -> Result<PooledConn, PoolError> {
        self.connections.get()
    }

    /// How common the catalogue's words are (PostgreSQL), which decides how it is searched.
    pub fn term_statistics(&self) -> &search::TermStatistics {
        &self.term_statistics
    }

    pub fn get_timeout(&self, timeout: Duration) -> Result<PooledConn, PoolError> {
        self.connections.get_timeout(timeout)
    }

    /// Waits for `permits`, up to the pool's timeout (5 s).
    async fn in_time<T>(
        &self,
        permits: impl std::future::Future<Output = Result<T, AcquireError>>,
    ) -> Result<T, ApiError> {
        match tokio::time::timeout(self.connections.connection_timeout(), permits).await {
            Ok(Ok(permits)) => Ok(permits),
            Ok(Err(_closed)) => Err(ApiError::Unavailable),
            Err(_elapsed) => {
                tracing::error!("no database connection became free in time");
                Err(ApiError::Unavailable)
            }
        }
    }
}

/// How many reads run at once unless `DATABASE_READ_CONCURRENCY` says otherwise: two per core
/// of this host. With the database on the same host, reads beyond that only share the
/// cores, so a limit near the core count shortens search's tail on both backends, for
/// somewhat fewer single-row reads per second at saturation (each hand-over of a turn costs
/// a wake-up, which a read of a few microseconds notices); bench/README.md has the
/// measurements. With the database on a host of its own, reads wait longer on the network
/// and more of them at once pay.
pub fn default_concurrent_reads() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    u32::try_from(2 * cores).unwrap_or(u32::MAX)
}

/// How many connections writes may hold at once. SQLite takes one writer at a time whatever
/// the pool, so more would only park connections on the lock. On PostgreSQL a third of the
/// pool (at least one connection, when there are two or more) is kept for reads.
fn writer_permits(backend: Backend, pool_size: u32) -> usize {
    let pool_size = pool_size.max(1) as usize;
    match backend {
        Backend::Sqlite => 1,
        Backend::Postgres if pool_size == 1 => 1,
        Backend::Postgres => pool_size - (pool_size / 3).max(1),
    }
}

/// Where the data lives, decided once from the URL scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    /// A file path (the `sqlite://` prefix, if any, removed).
    Sqlite(String),
}

impl DatabaseUrl {
    /// Reads `DATABASE_URL`: `postgres://…`, or a SQLite file path with or without `sqlite:`.
    ///
    /// Any other `scheme://` is refused rather than taken for a path: `mysql://host/db` would
    /// otherwise quietly become a SQLite file in a folder called `mysql:`.
    pub fn parse(url: &str) -> Result<Self, String> {
        match url_scheme(url) {
            Some("postgres" | "postgresql") => Ok(DatabaseUrl::Postgres(url.to_owned())),
            Some("sqlite") | None => {
                let path = url
                    .strip_prefix("sqlite://")
                    .or_else(|| url.strip_prefix("sqlite:"))
                    .unwrap_or(url);
                if path.is_empty() {
                    return Err("a SQLite URL needs a file path, e.g. sqlite://data/app.sqlite3".into());
                }
                Ok(DatabaseUrl::Sqlite(path.to_owned()))
            }
            Some(other) => Err(format!(
                "unsupported scheme {other}://; use postgres://… for PostgreSQL or a file path (optionally sqlite://…) for SQLite"
            )),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// The scheme of a `scheme://…` URL (RFC 3986 characters only, so a path that merely
/// contains `://` further on is still a path).
fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once("://")?;
    let plain = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    plain.then_some(scheme)
}

/// An r2d2 manager that establishes the concrete connection for the URL's scheme.
///
/// Establishing through the enum would try each backend in turn and report only
/// "invalid connection url for multiconnection"; going straight to the right one keeps the
/// real error (bad password, unreachable host) for the operator.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConn::Pg)
                .map_err(diesel::r2d2::Error::ConnectionError),
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the one writer; FULL sync so that a committed
                // write survives power loss, not only a crash of this process; the busy
                // timeout makes a second writer wait its turn instead of failing.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = FULL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA busy_timeout = 10000;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        ping(conn).map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// A round trip to the database, for `/readyz` and pool health checks.
pub fn ping(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Any advisory-lock key will do as long as every instance uses the same one.
const MIGRATION_LOCK_KEY: i64 = 0x5a6d_6174_6368;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies the pending migrations of the connection's backend; returns their names.
///
/// On PostgreSQL an advisory lock serialises instances that start at the same moment. It is
/// taken for one transaction that holds the whole run, not for the session: behind PgBouncer
/// in transaction mode, a session lock and its unlock can reach different server connections,
/// leaving the lock held and the next instance's start-up waiting for it. DDL is
/// transactional in PostgreSQL, so the run also commits whole or not at all.
pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
        versions.iter().map(ToString::to_string).collect()
    }
    match conn {
        DbConn::Sqlite(conn) => Ok(names(conn.run_pending_migrations(SQLITE_MIGRATIONS)?)),
        DbConn::Pg(conn) => conn.transaction(|conn| {
            conn.batch_execute(&format!(
                "SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"
            ))?;
            conn.run_pending_migrations(POSTGRES_MIGRATIONS).map(names)
        }),
    }
}

/// Connects (reporting the backend's own error if that fails), migrates, and builds the pool.
pub fn connect_and_migrate(url: &DatabaseUrl, pool_size: u32) -> Result<DbPool, BoxError> {
    if let DatabaseUrl::Sqlite(path) = url {
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the database folder {}: {e}", dir.display()))?;
        }
    }
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.connect()?;
    let applied = run_migrations(&mut first)?;
    for name in applied {
        tracing::info!(migration = %name, "applied migration");
    }
    drop(first);
    let connections = r2d2::Pool::builder()
        .max_size(pool_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .build_unchecked(manager);
    Ok(DbPool::new(connections, url.backend()))
}

/// Runs blocking database work that only reads on the blocking thread pool, never on an
/// async worker, once a read permit and a turn at a connection are free (see [`DbPool`]).
/// Writes go through [`write`].
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let permits = pool
        .in_time(async {
            let reading = Arc::clone(&pool.readers).acquire_owned().await?;
            let turn = Arc::clone(&pool.turns).acquire_owned().await?;
            Ok((reading, turn))
        })
        .await?;
    let pool = pool.clone();
    actix_web::web::block(move || {
        let _permits = permits;
        let mut conn = pool.get().map_err(pool_unavailable)?;
        work(&mut conn)
    })
    .await
    .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))?
}

/// Runs `work` in a write [`transaction`], once one of the pool's writer permits and a turn
/// at a connection are free (see [`DbPool`]): it commits if `work` returns `Ok`, and rolls
/// back otherwise.
pub async fn write<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let permit = Arc::clone(&pool.writers)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::Unavailable)?;
    let turn = pool
        .in_time(Arc::clone(&pool.turns).acquire_owned())
        .await?;
    let pool = pool.clone();
    actix_web::web::block(move || {
        // Held until the transaction has ended, even if the client has gone meanwhile.
        let _permits = (permit, turn);
        let mut conn = pool.get().map_err(pool_unavailable)?;
        transaction(&mut conn, work)
    })
    .await
    .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))?
}

fn pool_unavailable(err: PoolError) -> ApiError {
    tracing::error!(error = %err, "no database connection available");
    ApiError::Unavailable
}

/// A write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`):
/// a deferred transaction that reads first and writes later fails with "database is
/// locked" when another writer got in between, whatever the busy timeout.
pub fn transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let DbConn::Sqlite(sqlite) = conn else {
        return conn.transaction(work);
    };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    // Commit and rollback go through the enum's manager, which hands them to SQLite's.
    type Manager = <DbConn as Connection>::TransactionManager;
    match work(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(err) => {
            Manager::rollback_transaction(conn)?;
            Err(err)
        }
    }
}

/// The current time as stored: UTC, truncated to microseconds so that both backends give
/// back exactly what was written.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.duration_trunc(chrono::TimeDelta::microseconds(1))
        .unwrap_or(now)
}

/// A new time-ordered id, as stored.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Ids are stored as text; one that does not parse means the row was written by hand.
pub fn parse_id(id: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(id)
        .map_err(|_| ApiError::internal(format!("malformed id {id:?} in the database")))
}

/// Lists (tags, languages, country codes…) are stored as JSON arrays in text columns.
pub fn encode_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

pub fn decode_list(text: &str) -> Result<Vec<String>, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("malformed list {text:?} in the database: {e}")))
}

pub(crate) use insert::{insert_all, insert_or_ignore};

/// The ids of up to `limit` outbox rows of `channel` in status `waiting` that are due and leased to nobody (or
/// whose lease ran out), oldest due first, locked for the caller's transaction. On
/// PostgreSQL rows another instance has locked are skipped (`FOR UPDATE SKIP LOCKED`), so
/// instances sharing one database never claim the same row; SQLite's one writer needs no
/// lock beyond its transaction.
pub fn claim_due_outbox(
    conn: &mut DbConn,
    (channel, waiting): (&str, &str),
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<String>> {
    use schema::outbox;
    let due = outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::status.eq(waiting))
        .filter(outbox::due_at.le(now))
        .filter(
            outbox::lease_until
                .is_null()
                .or(outbox::lease_until.lt(now)),
        )
        .order((outbox::due_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select(outbox::id);
    match conn {
        DbConn::Pg(pg) => due.for_update().skip_locked().load(pg),
        DbConn::Sqlite(sqlite) => due.load(sqlite),
    }
}

/// Claims up to `limit` due webhook rows as [`claim_due_outbox`] does, leaving out a row
/// while an earlier row to the same subscription (`address`) about the same object
/// (`subject_id`) is still waiting, so one object's events reach a subscriber in order.
/// Ids are time-ordered, so "earlier" is a smaller id.
pub fn claim_due_webhooks(
    conn: &mut DbConn,
    (channel, waiting): (&str, &str),
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<String>> {
    use schema::outbox;
    let earlier = diesel::alias!(schema::outbox as earlier);
    let waits_behind = diesel::dsl::exists(
        earlier
            .filter(earlier.field(outbox::channel).eq(channel))
            .filter(earlier.field(outbox::status).eq(waiting))
            .filter(earlier.field(outbox::address).eq(outbox::address))
            .filter(earlier.field(outbox::subject_id).eq(outbox::subject_id))
            .filter(earlier.field(outbox::id).lt(outbox::id))
            .select(earlier.field(outbox::id)),
    );
    let due = outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::status.eq(waiting))
        .filter(outbox::due_at.le(now))
        .filter(
            outbox::lease_until
                .is_null()
                .or(outbox::lease_until.lt(now)),
        )
        .filter(diesel::dsl::not(waits_behind))
        .order((outbox::due_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select(outbox::id);
    match conn {
        DbConn::Pg(pg) => due.for_update().skip_locked().load(pg),
        DbConn::Sqlite(sqlite) => due.load(sqlite),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_leave_connections_for_reads() {
        assert_eq!(writer_permits(Backend::Sqlite, 10), 1);
        assert_eq!(writer_permits(Backend::Sqlite, 1), 1);
        assert_eq!(writer_permits(Backend::Postgres, 10), 7);
        assert_eq!(writer_permits(Backend::Postgres, 3), 2);
        assert_eq!(writer_permits(Backend::Postgres, 2), 1);
        assert_eq!(writer_permits(Backend::Postgres, 1), 1);
    }

    /// Reads beyond the pool's concurrent reads wait, and start in the order they came.
    #[actix_web::test]
    async fn reads_wait_their_turn_in_order() {
        let path = std::env::temp_dir().join(format!("sgm-turns-{}.sqlite3", new_id()));
        let pool = connect_and_migrate(&DatabaseUrl::Sqlite(path.display().to_string()), 4)
            .expect("migrated database")
            .with_concurrent_reads(1);
        let started = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let first = actix_web::rt::spawn({
            let pool = pool.clone();
            async move { run(&pool, move |_| Ok(held.recv().is_ok())).await }
        });
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        let mut waiting = Vec::new();
        for n in 1..=5 {
            let (pool, started) = (pool.clone(), Arc::clone(&started));
            waiting.push(actix_web::rt::spawn(async move {
                run(&pool, move |conn| {
                    started.lock().unwrap().push(n);
                    ping(conn).map_err(ApiError::from)
                })
                .await
            }));
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            *started.lock().unwrap(),
            Vec::<i32>::new(),
            "one read at a time"
        );

        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap(), "the first read was released");
        for read in waiting {
            read.await.unwrap().unwrap();
        }
        assert_eq!(*started.lock().unwrap(), vec![1, 2, 3, 4, 5]);
        drop(pool);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn database_urls_pick_their_backend_from_the_scheme() {
        let parse = |url| DatabaseUrl::parse(url);
        assert_eq!(
            parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres("postgres://u@h/db".into()))
        );
        assert_eq!(
            parse("postgresql://u@h/db"),
            Ok(DatabaseUrl::Postgres("postgresql://u@h/db".into()))
        );
        for (url, path) in [
            ("data/app.sqlite3", "data/app.sqlite3"),
            ("sqlite://data/app.sqlite3", "data/app.sqlite3"),
            ("sqlite:/var/lib/app.sqlite3", "/var/lib/app.sqlite3"),
            ("./odd://name.sqlite3", "./odd://name.sqlite3"),
        ] {
            assert_eq!(parse(url), Ok(DatabaseUrl::Sqlite(path.into())), "{url}");
        }
        for url in ["mysql://u@h/db", "postgre://u@h/db", "sqlite://"] {
            assert!(parse(url).is_err(), "{url} should be refused");
        }
    }
}
