//! Typed columns. Statuses and kinds are text in both backends' schemas and enums in Rust.
//! [`text_enum!`] gives such an enum the Diesel `ToSql`/`FromSql<Text>` of every backend (the multi-backend connection's
//! included), so rows hold the type itself and queries compare with it, never with a
//! string literal.
//!
//! [`stored_enum!`] declares such an enum in one place: the derives every stored enum has
//! (serde and strum in `snake_case`, the OpenAPI schema, iteration, ordering by declaration),
//! the conversions, and `as_str`. An enum with a default variant adds `#[derive(Default)]`;
//! a variant spelled otherwise says so with `#[serde(rename)]` and `#[strum(serialize)]`.

/// A stored enum: its derives, its Diesel conversions (via [`text_enum!`]) and `as_str`, the
/// spelling in the database, in JSON and in the document alike.
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::EnumIter,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $(#[$meta])*
        pub enum $name { $($body)* }

        $crate::text_enum!($name);

        impl $name {
            /// The spelling in the database and in JSON.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

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
