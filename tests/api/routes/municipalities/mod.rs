//! `/municipalities` and what names one: the list, adding partners, staff accounts
//! scoped to one, and registering a company of one.

mod create;
mod list;
mod registration;
mod staff;
