mod list;
mod request;
mod schedule;
mod transitions;
