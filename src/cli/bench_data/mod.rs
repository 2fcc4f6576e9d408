//! `generate-data` (cargo feature `bench`): deterministic benchmark data — approved
//! companies with capabilities in every category, verified buyers from many countries,
//! trade fairs with slots, tables and interpreters, meetings in every state and the
//! negotiations of the held ones, and two future fairs with both sides' wishes. The same seed gives the same rows (ids included) on both
//! backends.
//!
//! Rows are built with the domain's own types and rules (`CapabilityRecord::index` for the
//! search columns, `Outcome::settle` for yen amounts, the `took_place_at` rule of
//! `meetings::store::mark_took_place`) and written in multi-row inserts inside one
//! transaction per table batch, so that a million meetings load in minutes. The catalogue
//! (companies, capabilities, buyers) is in `catalogue.rs`, the fairs in `fairs.rs`, the
//! words they are made of in `tables.rs`.

/// Inserts many rows of one table in multi-row statements, `$chunk` rows each (keep
/// `$chunk` × columns under both backends' bind-parameter limits: 32,766 for SQLite).
///
/// A multi-row `values(&[..])` does not compile through `DbConn`, so this names the
/// concrete connection; the statement is the same on both backends.
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr, $chunk:expr) => {{
        let mut inserted = 0usize;
        for chunk in $rows.chunks($chunk) {
            inserted += match &mut *$conn {
                sagamihara_match::db::DbConn::Pg(conn) => {
                    diesel::insert_into($table).values(chunk).execute(conn)?
                }
                sagamihara_match::db::DbConn::Sqlite(conn) => {
                    diesel::insert_into($table).values(chunk).execute(conn)?
                }
            };
        }
        inserted
    }};
}

mod catalogue;
mod fairs;
mod tables;
mod wishes;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sagamihara_match::config::Config;
use sagamihara_match::db::{self, DbConn};
use sagamihara_match::error::ApiError;

use super::rng::SeededRng;
use super::CliResult;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// 100 companies, 1,000 capabilities, 2,000 buyers, 10 fairs, 10,000 meetings.
    Small,
    /// 1,000 companies, 10,000 capabilities, 5,000 buyers, 40 fairs, 100,000 meetings.
    Medium,
    /// 10,000 companies, 100,000 capabilities, 20,000 buyers, 100 fairs, 1,000,000 meetings.
    Large,
}

/// The shape of one scale. Meetings of a fair sit on a grid of slots × tables; the company
/// and buyer of grid cell `k` are `3k` and `7k` (mod their counts), which keeps every
/// uniqueness rule of the schema (one company, buyer, table, interpreter per slot; one open
/// request per pair) as long as a fair has fewer cells than buyers and more companies than
/// tables.
#[derive(Debug, Clone, Copy)]
struct Shape {
    companies: usize,
    capabilities_per_company: usize,
    buyers: usize,
    fairs: usize,
    slots: usize,
    tables: usize,
    interpreters: usize,
}

impl Scale {
    fn shape(self) -> Shape {
        match self {
            Scale::Small => Shape {
                companies: 100,
                capabilities_per_company: 10,
                buyers: 2_000,
                fairs: 10,
                slots: 25,
                tables: 40,
                interpreters: 10,
            },
            Scale::Medium => Shape {
                companies: 1_000,
                capabilities_per_company: 10,
                buyers: 5_000,
                fairs: 40,
                slots: 50,
                tables: 50,
                interpreters: 20,
            },
            Scale::Large => Shape {
                companies: 10_000,
                capabilities_per_company: 10,
                buyers: 20_000,
                fairs: 100,
                slots: 100,
                tables: 100,
                interpreters: 20,
            },
        }
    }
}

/// What was written, for the command's report and the harness.
#[derive(Debug, Default)]
struct Summary {
    companies: usize,
    capabilities: usize,
    buyers: usize,
    fairs: usize,
    meetings: usize,
    negotiations: usize,
    /// A published capability, for the resource benchmark.
    sample_capability_id: String,
    /// The fairs with wishes (`wishes.rs`), their wished-for pairs, and a company and a
    /// buyer of them (the most wished-for company) for `GET /events/{id}/matches`.
    wish_fair_ids: Vec<String>,
    wish_pairs: usize,
    wish_company_id: String,
    wish_buyer_id: String,
}

/// `generate-data --scale … --seed …`: fills the configured (empty) database and prints
/// what it wrote; `bench/run` reads the sample capability id from the last line.
pub fn generate_data(scale: Scale, seed: u64) -> CliResult {
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let started = std::time::Instant::now();
    let summary = generate(&mut conn, scale, seed).map_err(|e| format!("{e}: {e:?}"))?;
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
    println!(
        "generated {} fairs with wishes, {} pairs each",
        summary.wish_fair_ids.len(),
        summary.wish_pairs
    );
    println!("wish_fair_ids={}", summary.wish_fair_ids.join(","));
    println!("wish_company_id={}", summary.wish_company_id);
    println!("wish_buyer_id={}", summary.wish_buyer_id);
    println!("sample_capability_id={}", summary.sample_capability_id);
    Ok(())
}

/// What every step of the generator works with, and what it has written so far.
struct Generator<'c> {
    conn: &'c mut DbConn,
    rng: SeededRng,
    shape: Shape,
    seed: u64,
    /// The start of the programme's data (FY2019): when the catalogue was created.
    epoch: NaiveDateTime,
    /// See [`today`].
    today: NaiveDate,
    summary: Summary,
}

/// Writes the data set into an empty, migrated database: the catalogue first, then the
/// fairs, one at a time, with their meetings and negotiations.
fn generate(conn: &mut DbConn, scale: Scale, seed: u64) -> Result<Summary, ApiError> {
    let mut generator = Generator {
        conn,
        rng: SeededRng::new(seed),
        shape: scale.shape(),
        seed,
        epoch: at(
            NaiveDate::from_ymd_opt(2019, 4, 1).unwrap_or_default(),
            0,
            0,
        ),
        today: today(),
        summary: Summary::default(),
    };
    let catalogue = generator.catalogue()?;
    generator.fairs(&catalogue)?;
    generator.wish_fairs(&catalogue)?;
    Ok(generator.summary)
}

/// The generator's random choices beyond [`SeededRng::below`]: only the benchmark data
/// needs them, so they are built with it.
impl SeededRng {
    fn percent(&mut self) -> usize {
        self.below(100)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A UUIDv7 at `at`, its random part from this generator: time-ordered like the
    /// service's own ids, yet reproducible.
    fn id(&mut self, at: NaiveDateTime) -> String {
        let millis = at.and_utc().timestamp_millis().max(0) as u64;
        let random = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&random[..10]);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes)
            .into_uuid()
            .to_string()
    }
}

/// The day the programme's data ends: deals and held meetings are never later than this
/// (`Outcome::settle` refuses dates in the future).
fn today() -> NaiveDate {
    db::now().date()
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_reproducible_uuids() {
        let (mut a, mut b) = (SeededRng::new(7), SeededRng::new(7));
        let t = at(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), 0, 0);
        assert_eq!(a.id(t), b.id(t));
        assert_eq!(a.below(1000), b.below(1000));
        assert!(uuid::Uuid::parse_str(&a.id(t)).is_ok());
    }
}
