//! Cross-cutting suites: properties of the whole API rather than of one route.

mod catalogue_matrix;
mod cli;
mod cluster;
mod contract;
mod crash;
mod deploy;
mod errors;
mod hostile;
mod http_details;
mod interpreters;
mod languages;
mod mail;
mod matching;
mod municipalities;
mod ops;
mod owasp;
mod races;
mod replan;
mod research;
mod rules;
mod surveys;
mod webhooks;
