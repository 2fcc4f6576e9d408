//! Full-text search conditions: the one place where SQLite (FTS5) and PostgreSQL
//! (`tsvector` + GIN) differ for the catalogue. Both index the same normalised terms
//! (`crate::search`); a query's terms must all match, each as a prefix.

use diesel::dsl::{sql, AsExprOf};
use diesel::expression::{SqlLiteral, UncheckedBind};
use diesel::sql_types::{Bool, Text};

use super::Backend;

/// Where the terms must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Titles, tags and the company's names: what ranks a result first.
    Primary,
    /// Everything indexed, descriptions included.
    All,
}

pub type Condition = SqlLiteral<Bool, UncheckedBind<SqlLiteral<Bool>, AsExprOf<String, Text>>>;

/// A condition on `capabilities` that is true when every term matches. `terms` must be
/// non-empty and come from [`crate::search::query_terms`] (letters and digits only).
pub fn capability_matches(backend: Backend, terms: &[String], fields: Fields) -> Condition {
    match backend {
        Backend::Sqlite => {
            // Each term quoted (so nothing in it is FTS syntax) and matched as a prefix.
            let terms = terms
                .iter()
                .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" ");
            let query = match fields {
                Fields::All => terms,
                Fields::Primary => format!("search_primary : ({terms})"),
            };
            sql::<Bool>(
                "capabilities.rowid IN (SELECT rowid FROM capability_fts WHERE capability_fts MATCH ",
            )
            .bind::<Text, _>(query)
            .sql(")")
        }
        Backend::Postgres => {
            let weight = match fields {
                Fields::All => "",
                Fields::Primary => "A",
            };
            let query = terms
                .iter()
                .map(|t| format!("'{}':*{weight}", t.replace('\'', "''")))
                .collect::<Vec<_>>()
                .join(" & ");
            sql::<Bool>("capabilities.search_vector @@ to_tsquery('simple', ")
                .bind::<Text, _>(query)
                .sql(")")
        }
    }
}
