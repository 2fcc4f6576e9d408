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

crate::stored_enum! {
    /// What a fee is for: per event a booth, an interpreter or a meeting; per year the
    /// membership.
    pub enum FeeKind {
        Booth, Interpreter, PerMeeting, Membership,
    }
}

impl FeeKind {
    /// Whether the fee is charged per event (the others per fiscal year).
    pub fn per_event(self) -> bool {
        self != FeeKind::Membership
    }
}

crate::stored_enum! {
    /// An invoice's state: `issued`, then `paid` or `cancelled`, both final.
    pub enum InvoiceStatus {
        Issued, Paid, Cancelled,
    }
}

crate::stored_enum! {
    /// Who paid for a programme cost: the national grant (地方創生推進交付金), the city's
    /// budget, or the programme's own revenue (the companies' contributions).
    pub enum FundingSource {
        NationalGrant, CityBudget, OwnRevenue,
    }
}

crate::stored_enum! {
    /// Where a subsidy came from: the national grant (地方創生推進交付金) or the city.
    pub enum SubsidySource {
        NationalGrant, CityBudget,
    }
}
