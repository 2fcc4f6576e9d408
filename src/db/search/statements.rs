//! The search statements Diesel's DSL cannot write: SQLite's page driven by the FTS5 table,
//! PostgreSQL's `LIMIT` in the text, and the full-text condition kept as a prepared
//! statement.

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::methods::LoadQuery;
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Text};
use diesel::sqlite::Sqlite;

use super::{fts5_match, Fields};
use crate::db::DbConn;

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
/// statements ([`super::PgMatch::KeptIndexed`], [`super::PgMatch::KeptWalk`]).
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
/// which plan a word gets is decided here, by the statement's form ([`super::PgMatch`]); the
/// query reaches the plan only as a subquery's value, which no plan is chosen by.
#[derive(Debug, Clone)]
pub(super) struct TextMatch {
    pub(super) before: String,
    pub(super) query: String,
    pub(super) after: &'static str,
    pub(super) keep: bool,
}

impl TextMatch {
    pub(super) fn kept(before: String, query: String, after: &'static str) -> Self {
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
