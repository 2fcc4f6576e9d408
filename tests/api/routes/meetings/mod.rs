mod list;
mod online;
mod request;
mod schedule;
mod transitions;
