//! Full-text search conditions: the one place where SQLite (FTS5) and PostgreSQL
//! (`tsvector` + GIN) differ for the catalogue. Both index the same normalised terms
//! (`crate::search`); a query's terms must all match, each as a prefix (a Japanese bigram,
//! which no longer index term begins with, as itself).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::dsl::not;
use diesel::expression::{
    is_aggregate, AppearsOnTable, BoxableExpression, Expression, SelectableExpression,
    ValidGrouping,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::methods::LoadQuery;
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Text};
use diesel::sqlite::Sqlite;

use super::{Backend, DbConn};
use crate::search::is_whole_term;

/// Where the terms must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Titles, tags and the company's names: what ranks a result first.
    Primary,
    /// Every term somewhere in what is indexed (descriptions, materials, categories too),
    /// but not every term in the primary fields: the matches ranked second.
    SecondaryOnly,
    /// Every term somewhere in what is indexed.
    All,
}

/// A condition usable in any query over `capabilities` (`QS`: its query source).
pub type Condition<QS> =
    Box<dyn BoxableExpression<QS, <super::DbConn as diesel::Connection>::Backend, SqlType = Bool>>;

/// How PostgreSQL is asked for a full-text match, which decides its plan (SQLite keeps every
/// search statement prepared; its plan does not depend on the words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PgMatch {
    /// The query as a constant in a statement planned for each search: the planner reads the
    /// words' frequencies and the filters' values and chooses. For the shapes whose best plan
    /// depends on more than how common the words are (a company, a tag, a ward, an
    /// industry, a status other than published).
    Planned,
    /// Kept prepared, `@@` over the GIN index: for words rare enough that reading all their
    /// matches and sorting them beats walking an id-ordered index.
    KeptIndexed,
    /// Kept prepared, `ts_match_vq`, which no index serves: every plan walks an id-ordered
    /// index and tests each row, stopping at the page's end. For common words, whose first
    /// page is near the start of that walk.
    KeptWalk,
}

/// A condition on `capabilities` that is true when every term matches. `terms` must be
/// non-empty and come from [`crate::search::query_terms`] (letters and digits only).
pub fn capability_matches<QS>(
    backend: Backend,
    terms: &[String],
    fields: Fields,
    pg: PgMatch,
) -> Condition<QS> {
    match backend {
        Backend::Sqlite => {
            let (table, query) = fts5_match(terms, fields);
            Box::new(TextMatch::kept(
                format!("capabilities.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH "),
                query,
                ")",
            ))
        }
        Backend::Postgres => {
            let query = tsquery(terms);
            // The primary terms have a vector and a GIN index of their own: a
            // weight-restricted query on the combined vector would recheck every row that
            // holds the term anywhere.
            let vector = |column: &str| match pg {
                PgMatch::Planned => TextMatch {
                    before: format!("capabilities.{column} @@ to_tsquery('simple', "),
                    query: query.clone(),
                    after: ")",
                    keep: false,
                },
                // The query is an uncorrelated subquery, evaluated once per execution: a
                // bound `to_tsquery($n)` would be parsed again for every row tested.
                PgMatch::KeptIndexed => TextMatch::kept(
                    format!("capabilities.{column} @@ (SELECT to_tsquery('simple', "),
                    query.clone(),
                    "))",
                ),
                PgMatch::KeptWalk => TextMatch::kept(
                    format!("ts_match_vq(capabilities.{column}, (SELECT to_tsquery('simple', "),
                    query.clone(),
                    ")))",
                ),
            };
            let primary = || vector("search_primary_vector");
            let all = || vector("search_vector");
            match fields {
                Fields::Primary => Box::new(primary()),
                Fields::SecondaryOnly => Box::new(all().and(not(primary()))),
                Fields::All => Box::new(all()),
            }
        }
    }
}

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

/// Whether the primary fields of any capability at all match, whatever its status and the
/// filters. On SQLite this asks the primary FTS5 index alone, stopping at the first match: the
/// catalogue then skips rank 0 when nothing matches there, instead of walking a whole
/// category's index to find that out. PostgreSQL is not asked (`true`): its planner
/// estimates from the index statistics, and a one-row probe would tempt it into a
/// sequential scan of every capability when nothing matches.
pub fn any_primary_match(conn: &mut DbConn, terms: &[String]) -> QueryResult<bool> {
    match conn.backend() {
        Backend::Sqlite => {
            let (table, query) = fts5_match(terms, Fields::Primary);
            diesel::select(TextMatch::kept(
                format!("EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH "),
                query,
                ")",
            ))
            .get_result(conn)
        }
        Backend::Postgres => Ok(true),
    }
}

/// A condition of [`fts_ordered_page`]'s query, over `capabilities` and `companies`: SQL
/// text with at most one `?`, and the text bound to it.
#[derive(Debug, Clone)]
pub struct SqlCondition {
    pub sql: &'static str,
    pub bind: Option<String>,
}

/// SQLite only: one page of `select` over the capabilities (joined to their companies) that
/// match `terms` in `fields` and every condition, in rowid order, after the capability
/// `after` (an id).
///
/// The FTS5 index drives the query: it yields its matches in rowid order, each is looked up
/// by rowid and checked against the conditions, and the query stops at the page's end. That
/// reads about `limit` ÷ (the share of matches passing the conditions) index entries, where
/// `rowid IN (SELECT rowid … MATCH …)` first copies every match of the word (thousands for a
/// common one) into a temporary index and then walks a filter's index. Selective filters (a
/// company, a tag) are better served that other way: the caller decides.
///
/// Rowid order is creation order: SQLite has one writer, and a capability's id and rowid are
/// both handed out inside its insert's write transaction, so it is also id order.
pub fn fts_ordered_page<S, T>(
    conn: &mut DbConn,
    select: S,
    terms: &[String],
    fields: Fields,
    conditions: &[SqlCondition],
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<T>>
where
    S: Expression + QueryFragment<Sqlite>,
    FtsPage<S>: LoadQuery<'static, SqliteConnection, T>,
{
    let DbConn::Sqlite(conn) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "the full-text page in rowid order is SQLite's".into(),
        ));
    };
    let (table, query) = fts5_match(terms, fields);
    let mut page = FtsPage {
        select,
        parts: Vec::new(),
    };
    page.sql(format!(
        " FROM {table} CROSS JOIN capabilities CROSS JOIN companies \
         WHERE capabilities.rowid = {table}.rowid AND companies.id = capabilities.company_id \
         AND {table} MATCH "
    ));
    page.text(query);
    for condition in conditions {
        page.sql(" AND ");
        match (condition.sql.split_once('?'), &condition.bind) {
            (Some((before, after)), Some(value)) => {
                page.sql(before);
                page.text(value.clone());
                page.sql(after);
            }
            _ => page.sql(condition.sql),
        }
    }
    if let Some(after) = after {
        page.sql(format!(
            " AND {table}.rowid > (SELECT rowid FROM capabilities WHERE id = "
        ));
        page.text(after.to_owned());
        page.sql(")");
    }
    page.sql(format!(" ORDER BY {table}.rowid LIMIT "));
    page.parts.push(Part::Limit(limit));
    page.load(conn)
}

/// `query LIMIT n` with `n` written into the SQL, not bound: for PostgreSQL's kept search
/// statements ([`PgMatch::KeptIndexed`], [`PgMatch::KeptWalk`]).
///
/// PostgreSQL makes a generic plan only when it costs no more than the custom plans of the
/// first five executions, and it costs a bound `LIMIT` as 10 % of the rows: the walk's
/// generic plan never qualified, so the statement was planned anew at every execution
/// (`pg_prepared_statements`: 0 generic plans of 7; planning was 13 % of PostgreSQL's CPU in
/// the search's profile). With the number in the text there is one kept statement per page
/// size, and from the sixth execution no planning.
#[derive(Debug, Clone)]
pub struct LiteralLimit<Q> {
    query: Q,
    limit: u32,
}

impl<Q> LiteralLimit<Q> {
    pub fn new(query: Q, limit: u32) -> Self {
        LiteralLimit { query, limit }
    }
}

impl<Q> QueryId for LiteralLimit<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for LiteralLimit<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, DB> QueryFragment<DB> for LiteralLimit<Q>
where
    DB: diesel::backend::Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(&format!(" LIMIT {}", self.limit));
        Ok(())
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for LiteralLimit<Q> {}

/// The statement of [`fts_ordered_page`]: `SELECT`, the selection, then SQL text and bound
/// values. Its text never holds a value, so SQLite's statement cache keeps it (unlike
/// `diesel::sql_query`'s).
#[derive(Debug, Clone)]
pub struct FtsPage<S> {
    select: S,
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Sql(String),
    Text(String),
    Limit(i64),
}

impl<S> FtsPage<S> {
    fn sql(&mut self, sql: impl Into<String>) {
        self.parts.push(Part::Sql(sql.into()));
    }

    fn text(&mut self, value: String) {
        self.parts.push(Part::Text(value));
    }
}

impl<S> QueryId for FtsPage<S> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<S: Expression> Query for FtsPage<S> {
    type SqlType = S::SqlType;
}

impl<S: QueryFragment<Sqlite>> QueryFragment<Sqlite> for FtsPage<S> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("SELECT ");
        self.select.walk_ast(out.reborrow())?;
        for part in &self.parts {
            match part {
                Part::Sql(sql) => out.push_sql(sql),
                Part::Text(value) => out.push_bind_param::<Text, String>(value)?,
                Part::Limit(limit) => out.push_bind_param::<BigInt, i64>(limit)?,
            }
        }
        Ok(())
    }
}

impl<S, Conn> RunQueryDsl<Conn> for FtsPage<S> {}

/// A full-text condition: `before`, the query text as its one bound parameter, `after`.
///
/// Written out as an expression of its own rather than with [`diesel::dsl::sql`], whose
/// literal SQL Diesel never keeps as a prepared statement. The query is never part of the
/// SQL text, so the text depends only on the query's shape, and a kept statement is
/// prepared once per connection and shape.
///
/// On PostgreSQL keeping a statement also keeps its plan: after five executions it gets a
/// generic plan, made without the words, when that costs no more than the custom ones.
/// With an indexable `@@` that plan was a `BitmapAnd` (right for `aluminium`, in no
/// title) that then served `精密` (in 5 % of titles) too: 12 ms instead of 1.5 ms for a
/// walk of the category in id order; the catalogue fell from 603 to 184 searches/s. So
/// which plan a word gets is decided here, by the statement's form ([`PgMatch`]); the
/// query reaches the plan only as a subquery's value, which no plan is chosen by.
#[derive(Debug, Clone)]
struct TextMatch {
    before: String,
    query: String,
    after: &'static str,
    keep: bool,
}

impl TextMatch {
    fn kept(before: String, query: String, after: &'static str) -> Self {
        TextMatch {
            before,
            query,
            after,
            keep: true,
        }
    }
}

impl Expression for TextMatch {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for TextMatch {}

impl<QS> SelectableExpression<QS> for TextMatch {}

impl ValidGrouping<()> for TextMatch {
    type IsAggregate = is_aggregate::Never;
}

impl QueryId for TextMatch {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for TextMatch
where
    DB: diesel::backend::Backend + HasSqlType<Text>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if !self.keep {
            out.unsafe_to_cache_prepared();
        }
        out.push_sql(&self.before);
        out.push_bind_param::<Text, String>(&self.query)?;
        out.push_sql(self.after);
        Ok(())
    }
}

/// The FTS5 table to ask and the query: each term quoted (so nothing in it is FTS syntax)
/// and matched as a prefix, unless it is a whole term (a prefix query merges the lists of
/// every term it begins). The primary terms have an index of their own
/// (`capability_primary_fts`); `capability_fts` indexes both columns.
fn fts5_match(terms: &[String], fields: Fields) -> (&'static str, String) {
    let terms = terms
        .iter()
        .map(|t| format!("\"{}\"{}", t.replace('"', "\"\""), prefix(t, "*")))
        .collect::<Vec<_>>()
        .join(" ");
    match fields {
        Fields::Primary => ("capability_primary_fts", terms),
        Fields::SecondaryOnly => (
            "capability_fts",
            format!("({terms}) NOT search_primary : ({terms})"),
        ),
        Fields::All => ("capability_fts", terms),
    }
}

/// A `tsquery` text: every term, as a prefix unless it is a whole term.
fn tsquery(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("'{}'{}", t.replace('\'', "''"), prefix(t, ":*")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The backend's prefix marker for `term`, or nothing for a whole term.
fn prefix(term: &str, marker: &'static str) -> &'static str {
    if is_whole_term(term) {
        ""
    } else {
        marker
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
