//! Full-text search conditions: the one place where SQLite (FTS5) and PostgreSQL
//! (`tsvector` + GIN) differ for the catalogue. Both index the same normalised terms
//! (`crate::search`); a query's terms must all match, each as a prefix.

use diesel::dsl::{not, sql};
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::Backend;

/// Where the terms must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Titles, tags and the company's names: what ranks a result first.
    Primary,
    /// Every term somewhere in what is indexed (descriptions, materials, categories too),
    /// but not every term in the primary fields: the matches ranked second.
    SecondaryOnly,
}

/// A condition usable in any query over `capabilities` (`QS`: its query source).
pub type Condition<QS> =
    Box<dyn BoxableExpression<QS, <super::DbConn as diesel::Connection>::Backend, SqlType = Bool>>;

/// A condition on `capabilities` that is true when every term matches. `terms` must be
/// non-empty and come from [`crate::search::query_terms`] (letters and digits only).
pub fn capability_matches<QS>(backend: Backend, terms: &[String], fields: Fields) -> Condition<QS> {
    match backend {
        Backend::Sqlite => {
            // Each term quoted (so nothing in it is FTS syntax) and matched as a prefix.
            let terms = terms
                .iter()
                .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" ");
            let query = match fields {
                Fields::Primary => format!("search_primary : ({terms})"),
                Fields::SecondaryOnly => format!("({terms}) NOT search_primary : ({terms})"),
            };
            Box::new(
                sql::<Bool>(
                    "capabilities.rowid IN (SELECT rowid FROM capability_fts WHERE capability_fts MATCH ",
                )
                .bind::<Text, _>(query)
                .sql(")"),
            )
        }
        Backend::Postgres => {
            let query = terms
                .iter()
                .map(|t| format!("'{}':*", t.replace('\'', "''")))
                .collect::<Vec<_>>()
                .join(" & ");
            // The primary terms have a vector and a GIN index of their own: a
            // weight-restricted query on the combined vector would recheck every row that
            // holds the term anywhere.
            let primary = || {
                sql::<Bool>("capabilities.search_primary_vector @@ to_tsquery('simple', ")
                    .bind::<Text, _>(query.clone())
                    .sql(")")
            };
            match fields {
                Fields::Primary => Box::new(primary()),
                Fields::SecondaryOnly => Box::new(
                    sql::<Bool>("capabilities.search_vector @@ to_tsquery('simple', ")
                        .bind::<Text, _>(query.clone())
                        .sql(")")
                        .and(not(primary())),
                ),
            }
        }
    }
}
