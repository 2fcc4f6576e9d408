//! Full-text search conditions: the one place where SQLite (FTS5) and PostgreSQL
//! (`tsvector` + GIN) differ for the catalogue. Both index the same normalised terms
//! (`crate::search`); a query's terms must all match, each as a prefix (a Japanese bigram,
//! which no longer index term begins with, as itself).

use diesel::dsl::{not, sql};
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

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
            Box::new(
                sql::<Bool>(&format!(
                    "capabilities.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH "
                ))
                .bind::<Text, _>(query)
                .sql(")"),
            )
        }
        Backend::Postgres => {
            let query = tsquery(terms);
            // The primary terms have a vector and a GIN index of their own: a
            // weight-restricted query on the combined vector would recheck every row that
            // holds the term anywhere.
            let primary = || {
                sql::<Bool>("capabilities.search_primary_vector @@ to_tsquery('simple', ")
                    .bind::<Text, _>(query.clone())
                    .sql(")")
            };
            let all = || {
                sql::<Bool>("capabilities.search_vector @@ to_tsquery('simple', ")
                    .bind::<Text, _>(query.clone())
                    .sql(")")
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
            diesel::select(
                sql::<Bool>(&format!(
                    "EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH "
                ))
                .bind::<Text, _>(query)
                .sql(")"),
            )
            .get_result(conn)
        }
        Backend::Postgres => Ok(true),
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
