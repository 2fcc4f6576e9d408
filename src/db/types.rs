//! Typed columns. Statuses and kinds are text in both backends' schemas and enums in Rust.
//! [`text_enum!`] gives such an enum the Diesel `ToSql`/`FromSql<Text>` of every backend (the multi-backend connection's
//! included), so rows hold the type itself and queries compare with it, never with a
//! string literal.
//!
//! The type still derives `diesel::expression::AsExpression` and
//! `diesel::deserialize::FromSqlRow` itself with
//! `#[diesel(sql_type = diesel::sql_types::Text)]`; the macro adds the conversions.

/// `ToSql`/`FromSql<Text>` for an enum that derives `strum::IntoStaticStr` and
/// `strum::EnumString` (its database spelling is its strum spelling). A stored value that
/// is not one of the variants is an error reading the row, never a silent default.
#[macro_export]
macro_rules! text_enum {
    ($type:ty) => {
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $type
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                let text: &'static str = self.into();
                text.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $type
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                text.parse().map_err(|_| {
                    format!("{text:?} is not a {} in the database", stringify!($type)).into()
                })
            }
        }
    };
}
