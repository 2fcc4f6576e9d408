//! Inserts that Diesel builds per backend rather than through the enum connection
//! (`ON CONFLICT DO NOTHING`, a multi-row `VALUES`): each macro matches on the backend and
//! writes the same statement for both.

/// `INSERT … ON CONFLICT DO NOTHING` on either backend: a row that a unique index already
/// holds is left as it is, and the statement succeeds. For rows that two requests may write
/// at the same moment, each from what it read (the follow-up queue's items): on PostgreSQL
/// the later one waits for the first to commit and then writes nothing, instead of failing
/// on the index. Answers how many rows were written.
macro_rules! insert_or_ignore {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::db::DbConn::Pg(pg) => diesel::insert_into($table)
                .values($values)
                .on_conflict_do_nothing()
                .execute(pg),
            $crate::db::DbConn::Sqlite(sqlite) => diesel::insert_into($table)
                .values($values)
                .on_conflict_do_nothing()
                .execute(sqlite),
        }
    };
}
pub(crate) use insert_or_ignore;

/// One multi-row `INSERT` of `rows` on either backend (through the enum connection a list
/// goes in row by row): for rows one change writes together, such as a held meeting's six
/// surveys and their mails. Answers how many rows were written.
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::DbConn::Pg(pg) => diesel::insert_into($table).values($rows).execute(pg),
            $crate::db::DbConn::Sqlite(sqlite) => {
                diesel::insert_into($table).values($rows).execute(sqlite)
            }
        }
    };
}
pub(crate) use insert_all;
