//! How common the catalogue's words are, as PostgreSQL's `ANALYZE` sampled them: what the
//! kept search statements' form ([`PgMatch`]) is chosen from.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{Fields, PgMatch};
use crate::db::{Backend, DbConn};
use crate::search_terms::is_whole_term;

/// How often the words of the catalogue occur, per search vector, as PostgreSQL's
/// `ANALYZE` sampled them (`pg_stats.most_common_elems`): what [`PgMatch`] is chosen from.
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    primary: BTreeMap<String, f64>,
    all: BTreeMap<String, f64>,
}

/// The share of rows at and above which a search's words count as common
/// ([`PgMatch::KeptWalk`]). Measured on the large benchmark data (bench/README.md): without a
/// category the two forms cost the same at 1 %; with one, PostgreSQL's own planner turns to
/// the walk between 1 and 2 %, and below that the walk can read the whole category to find
/// a word that is common elsewhere (12 ms instead of 2 ms for a word in 1 % of titles, all of
/// them in another category).
pub const COMMON_SHARE: f64 = 0.02;

impl TermFrequencies {
    /// Builds the frequencies from `(column, lexeme, share of rows)` entries.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str, f64)>) -> Self {
        let mut frequencies = TermFrequencies::default();
        for (column, lexeme, share) in entries {
            let map = match column {
                "search_primary_vector" => &mut frequencies.primary,
                "search_vector" => &mut frequencies.all,
                _ => continue,
            };
            map.insert(lexeme.to_owned(), share);
        }
        frequencies
    }

    /// Reads the statistics `ANALYZE` last gathered; empty when it never ran.
    pub fn read(conn: &mut DbConn) -> QueryResult<Self> {
        #[derive(QueryableByName)]
        struct Entry {
            #[diesel(sql_type = Text)]
            column_name: String,
            #[diesel(sql_type = Text)]
            lexeme: String,
            #[diesel(sql_type = diesel::sql_types::Double)]
            share: f64,
        }
        if conn.backend() != Backend::Postgres {
            return Ok(TermFrequencies::default());
        }
        // `most_common_elem_freqs` ends with a few more numbers (the least and greatest
        // frequency), which `unnest` pairs with no lexeme.
        let entries: Vec<Entry> = diesel::sql_query(
            "SELECT s.attname::text AS column_name, e.lexeme, e.share::float8 AS share \
             FROM pg_stats s, \
                  unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) \
                  AS e(lexeme, share) \
             WHERE s.schemaname = current_schema() AND s.tablename = 'capabilities' \
               AND s.attname IN ('search_primary_vector', 'search_vector') \
               AND e.lexeme IS NOT NULL",
        )
        .load(conn)?;
        Ok(Self::from_entries(entries.iter().map(|e| {
            (e.column_name.as_str(), e.lexeme.as_str(), e.share)
        })))
    }

    /// The kept statement for `terms` in `fields`: the walk when the rows matching them all
    /// are estimated at [`COMMON_SHARE`] or more (terms taken as independent; a prefix
    /// counts every word it begins), the index otherwise.
    pub fn kept_match(&self, terms: &[String], fields: Fields) -> PgMatch {
        let primary = self.share(&self.primary, terms);
        let share = match fields {
            Fields::Primary => primary,
            Fields::SecondaryOnly => (self.share(&self.all, terms) - primary).max(0.0),
            Fields::All => self.share(&self.all, terms),
        };
        if share >= COMMON_SHARE {
            PgMatch::KeptWalk
        } else {
            PgMatch::KeptIndexed
        }
    }

    fn share(&self, column: &BTreeMap<String, f64>, terms: &[String]) -> f64 {
        terms
            .iter()
            .map(|term| {
                if is_whole_term(term) {
                    column.get(term).copied().unwrap_or(0.0)
                } else {
                    column
                        .range::<str, _>((Bound::Included(term.as_str()), Bound::Unbounded))
                        .take_while(|(lexeme, _)| lexeme.starts_with(term.as_str()))
                        .map(|(_, share)| share)
                        .sum::<f64>()
                        .min(1.0)
                }
            })
            .product()
    }
}

/// The pool's [`TermFrequencies`], read again from `pg_stats` every [`Self::REFRESH`].
#[derive(Debug, Clone, Default)]
pub struct TermStatistics(Arc<Mutex<Option<Snapshot>>>);

#[derive(Debug)]
struct Snapshot {
    read_at: Instant,
    frequencies: Arc<TermFrequencies>,
}

impl TermStatistics {
    /// Autovacuum analyzes a table after a tenth of it changed; a few minutes behind that
    /// costs nothing but, at worst, a slower plan.
    pub const REFRESH: Duration = Duration::from_secs(300);

    /// The current frequencies. When they are due for reading, this caller reads them and
    /// the others keep the previous ones meanwhile (none, the first time: every search is
    /// then [`PgMatch::KeptIndexed`]). A failed read is logged, and the previous ones serve
    /// until the next.
    pub fn current(&self, conn: &mut DbConn) -> Arc<TermFrequencies> {
        let previous = {
            let mut snapshot = self.0.lock().unwrap_or_else(|e| e.into_inner());
            match &mut *snapshot {
                Some(s) if s.read_at.elapsed() < Self::REFRESH => {
                    return Arc::clone(&s.frequencies)
                }
                Some(s) => {
                    s.read_at = Instant::now();
                    Arc::clone(&s.frequencies)
                }
                None => {
                    let empty = Arc::new(TermFrequencies::default());
                    *snapshot = Some(Snapshot {
                        read_at: Instant::now(),
                        frequencies: Arc::clone(&empty),
                    });
                    empty
                }
            }
        };
        let frequencies = match TermFrequencies::read(conn) {
            Ok(frequencies) => Arc::new(frequencies),
            Err(err) => {
                tracing::warn!(error = %err, "cannot read the catalogue's word statistics");
                return previous;
            }
        };
        let mut snapshot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *snapshot = Some(Snapshot {
            read_at: Instant::now(),
            frequencies: Arc::clone(&frequencies),
        });
        frequencies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn common_words_walk_and_rare_ones_use_the_index() {
        let frequencies = TermFrequencies::from_entries([
            ("search_primary_vector", "精密", 0.048),
            ("search_vector", "精密", 0.05),
            ("search_vector", "aluminium", 0.06),
            ("search_vector", "alumina", 0.004),
            ("search_primary_vector", "press", 0.008),
            ("search_primary_vector", "pressing", 0.015),
            ("search_vector", "press", 0.2),
            ("search_vector", "laser", 0.15),
            ("another_column", "精密", 0.9),
        ]);
        let kept = |words: &[&str], fields| frequencies.kept_match(&terms(words), fields);
        // A whole term by its own share; a word not among the most common is rare.
        assert_eq!(kept(&["精密"], Fields::Primary), PgMatch::KeptWalk);
        assert_eq!(kept(&["板金"], Fields::Primary), PgMatch::KeptIndexed);
        // A prefix counts every word it begins: 0.8 % + 1.5 % of titles.
        assert_eq!(kept(&["press"], Fields::Primary), PgMatch::KeptWalk);
        assert_eq!(kept(&["pressing"], Fields::Primary), PgMatch::KeptIndexed);
        // Rank 1 is what matches outside the primary fields: 5 % − 4.8 %.
        assert_eq!(kept(&["aluminium"], Fields::Primary), PgMatch::KeptIndexed);
        assert_eq!(
            kept(&["aluminium"], Fields::SecondaryOnly),
            PgMatch::KeptWalk
        );
        assert_eq!(kept(&["精密"], Fields::SecondaryOnly), PgMatch::KeptIndexed);
        assert_eq!(kept(&["精密"], Fields::All), PgMatch::KeptWalk);
        // Every term must match: two common words together are as rare as their product.
        assert_eq!(
            kept(&["aluminium", "laser"], Fields::All),
            PgMatch::KeptIndexed
        );
        assert_eq!(kept(&["press", "laser"], Fields::All), PgMatch::KeptWalk);
        // No statistics (never analyzed): the index, which is right for a small table.
        let none = TermFrequencies::default();
        assert_eq!(
            none.kept_match(&terms(&["精密"]), Fields::Primary),
            PgMatch::KeptIndexed
        );
    }
}
