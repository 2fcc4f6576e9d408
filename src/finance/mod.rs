//! The programme's own books (issue 24, part 3): what it charges (fee schedules per fiscal
//! year), what it invoiced companies and what they paid (their contributions, 企業負担金),
//! the subsidies it received, what it spent by funding source, and from those the
//! self-financing ratio the plan aims at ("independent and stable operation from own funds
//! within three years").
//!
//! `invoice` holds the pure rules of an invoice (its total, its transitions), `ratio` the
//! ratio's definition and its loader for the KPI report, `store` the rows and queries, `api`
//! the handlers.

pub mod api;
pub mod invoice;
pub mod ratio;
pub mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a text enum of the books: serde, strum and Diesel spell it in snake_case.
macro_rules! books_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Serialize,
            Deserialize,
            ToSchema,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::EnumIter,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        crate::text_enum!($name);

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

books_enum! {
    /// What a fee is for: per event a booth, an interpreter or a meeting; per year the
    /// membership.
    FeeKind { Booth, Interpreter, PerMeeting, Membership }
}

impl FeeKind {
    /// Whether the fee is charged per event (the others per fiscal year).
    pub fn per_event(self) -> bool {
        self != FeeKind::Membership
    }
}

books_enum! {
    /// An invoice's state: `issued`, then `paid` or `cancelled`, both final.
    InvoiceStatus { Issued, Paid, Cancelled }
}

books_enum! {
    /// Who paid for a programme cost: the national grant (地方創生推進交付金), the city's
    /// budget, or the programme's own revenue (the companies' contributions).
    FundingSource { NationalGrant, CityBudget, OwnRevenue }
}

books_enum! {
    /// Where a subsidy came from: the national grant (地方創生推進交付金) or the city.
    SubsidySource { NationalGrant, CityBudget }
}
