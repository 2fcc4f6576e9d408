//! Sums that read a span and its latest part in one query.

/// `CAST(SUM(CASE WHEN {at} >= $1 THEN {amount} ELSE 0 END) AS BIGINT)`: the part of a sum
/// (or, with `"1"`, of a count) from `$1` on, to select beside the whole in the same query, so
/// a year and the years up to it cost one round trip. Cast so that both backends type it
/// alike (PostgreSQL's SUM(bigint) is numeric). `$at` and `$amount` are SQL written in the
/// code, never input; `$from` is bound.
#[macro_export]
macro_rules! sum_from {
    ($amount:literal, $at:literal, $sql_type:ty, $from:expr) => {
        diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(concat!(
            "CAST(SUM(CASE WHEN ",
            $at,
            " >= "
        ))
        .bind::<$sql_type, _>($from)
        .sql(concat!(" THEN ", $amount, " ELSE 0 END) AS BIGINT)"))
    };
}
