//! The consortium (issue 24, item 2): the universities, financial institutions, support
//! bodies, companies and experts the programme works with for research, events and forums.
//! Its members' names and kinds are public; their contacts are personal data, the desk's
//! only. Experts sign in with the `expert` role (they write research briefs); a forum names
//! the members taking part in it, each with the expert account that speaks for it.
//!
//! - `api/`: the public list, members, contacts, and a forum's members.
//! - `store`: rows and queries.

pub mod api;
pub mod store;

crate::stored_enum! {
    /// What a consortium member is.
    #[schema(as = ConsortiumMemberKind)]
    pub enum MemberKind {
        University,
        FinancialInstitution,
        SupportBody,
        Company,
        /// An individual expert.
        Expert,
    }
}
