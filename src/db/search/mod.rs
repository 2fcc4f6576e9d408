//! Full-text search: the one place where SQLite (FTS5) and PostgreSQL (`tsvector` + GIN)
//! differ for the catalogue. Both index the same normalised terms (`crate::search_terms`);
//! a query's terms must all match, each as a prefix (a Japanese bigram, which no longer
//! index term begins with, as itself). Here: the match conditions; in `statistics`, how
//! common the words are (PostgreSQL's plan choice); in `statements`, the hand-written
//! statements Diesel's DSL cannot express; in `documents`, what the index holds.

mod documents;
mod statements;
mod statistics;

pub use documents::{
    capability_documents, reindex_company_capabilities, CapabilityText, SearchDocuments,
};
pub use statements::{fts_ordered_page, FtsPage, LiteralLimit, SqlCondition};
pub use statistics::{TermFrequencies, TermStatistics, COMMON_SHARE};

use diesel::dsl::not;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::{Backend, DbConn};
use crate::search_terms::is_whole_term;
use statements::TextMatch;

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
    Box<dyn BoxableExpression<QS, <DbConn as diesel::Connection>::Backend, SqlType = Bool>>;

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
/// non-empty and come from [`crate::search_terms::query_terms`] (letters and digits only).
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

/// The FTS5 table to ask and the query: each term quoted (so nothing in it is FTS syntax)
/// and matched as a prefix, unless it is a whole term (a prefix query merges the lists of
/// every term it begins). The primary terms have an index of their own
/// (`capability_primary_fts`); `capability_fts` indexes both columns.
pub(super) fn fts5_match(terms: &[String], fields: Fields) -> (&'static str, String) {
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
