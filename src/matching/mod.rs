//! Two-sided matchmaking before a trade fair (事前マッチング): both sides' wishes about each
//! other (`preferences`, stored in `store`), what a pair's wishes are worth and how a meeting
//! came about (`wishes`, pure), and explainable suggestions both ways (`score`, pure, over
//! facts `store` loads). The HTTP surface is in `api`.
//!
//! It sits between events and meetings: it reads a fair's exhibitors and registered buyers,
//! and the meetings domain reads wishes from it to schedule by preference. Earlier meetings
//! between a pair are read from the meetings table directly (columns only), since the
//! meetings domain stands above.

pub mod api;
pub mod matches;
pub mod preferences;
pub mod score;
pub mod store;
pub mod wishes;

crate::stored_enum! {
    /// How much a side wants to meet a counterpart at a fair.
    #[schema(as = WishLevel)]
    pub enum Level {
        /// Must meet.
        Must,
        /// Would like to meet.
        Want,
        /// Does not want to meet: never scheduled together.
        NoThanks,
    }
}

crate::stored_enum! {
    /// Whose wish a row is: the company's about a buyer, or the buyer's about a company.
    pub enum WishSide {
        Company,
        Buyer,
    }
}
