//! One folder or file per resource, one file per action where a resource has many tests.

mod auth;
mod buyers;
mod capabilities;
mod companies;
mod consortium;
mod events;
mod fair_day;
mod finance;
mod follow_ups;
mod imports;
mod kpi;
mod matching;
mod me;
mod meetings;
mod municipalities;
mod negotiations;
mod reports;
mod research;
mod talent;
mod users;
