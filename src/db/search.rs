//! Full-text search conditions: the one place where SQLite (FTS5) and PostgreSQL
//! (`tsvector` + GIN) differ for the catalogue. Both index the same normalised terms
//! (`crate::search`); a query's terms must all match, each as a prefix (a Japanese bigram,
//! which no longer index term begins with, as itself).

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

/// A condition on `capabilities` that is true when every term matches. `terms` must be
/// non-empty and come from [`crate::search::query_terms`] (letters and digits only).
pub fn capability_matches<QS>(backend: Backend, terms: &[String], fields: Fields) -> Condition<QS> {
    match backend {
        Backend::Sqlite => {
            let (table, query) = fts5_match(terms, fields);
            Box::new(TextMatch::cached(
                format!("capabilities.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH "),
                query,
            ))
        }
        Backend::Postgres => {
            let query = tsquery(terms);
            // The primary terms have a vector and a GIN index of their own: a
            // weight-restricted query on the combined vector would recheck every row that
            // holds the term anywhere.
            let primary = || TextMatch {
                sql: "capabilities.search_primary_vector @@ to_tsquery('simple', ".into(),
                query: query.clone(),
                cache: false,
            };
            let all = || TextMatch {
                sql: "capabilities.search_vector @@ to_tsquery('simple', ".into(),
                query: query.clone(),
                cache: false,
            };
            match fields {
                Fields::Primary => Box::new(primary()),
                Fields::SecondaryOnly => Box::new(all().and(not(primary()))),
                Fields::All => Box::new(all()),
            }
        }
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
            diesel::select(TextMatch::cached(
                format!("EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH "),
                query,
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

/// A full-text condition: `sql`, the query text as its one bound parameter, and `)`.
///
/// Written out as an expression of its own rather than with [`diesel::dsl::sql`], whose
/// literal SQL Diesel never keeps as a prepared statement. The query is never part of
/// `sql`, so the statement text depends only on the query's shape, and on SQLite the connection's
/// statement cache keeps it: a search no longer prepares its two or three statements anew.
///
/// PostgreSQL's statements stay unprepared (`cache: false`), as before. A prepared statement
/// there gets a generic plan once five custom plans have cost more on average than the
/// generic one, and a generic plan cannot know how common the term is: after a run of rare
/// words (`aluminium` in no title: a `BitmapAnd` is right) a common one on the same
/// connection (`精密` in 5 % of titles) kept the `BitmapAnd`, 12 ms instead of 1.5 ms for a
/// walk of the category in id order, and the catalogue fell from 603 to 184 searches/s.
#[derive(Debug, Clone)]
struct TextMatch {
    sql: String,
    query: String,
    cache: bool,
}

impl TextMatch {
    fn cached(sql: String, query: String) -> Self {
        TextMatch {
            sql,
            query,
            cache: true,
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
        if !self.cache {
            out.unsafe_to_cache_prepared();
        }
        out.push_sql(&self.sql);
        out.push_bind_param::<Text, String>(&self.query)?;
        out.push_sql(")");
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
