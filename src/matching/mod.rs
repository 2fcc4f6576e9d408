//! Two-sided matchmaking before a trade fair (事前マッチング): both sides' wishes about each
//! other (`preferences`, stored in `store`) and what a pair's wishes are worth and how a
//! meeting came about (`wishes`, pure). The HTTP surface is in `api`.
//!
//! It sits between events and meetings: it reads a fair's exhibitors and registered buyers,
//! and the meetings domain reads wishes from it to schedule by preference. The suggestions
//! made from the profiles (and earlier meetings) are the `suggestions` domain's, above
//! negotiations.

pub mod api;
pub mod preferences;
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
