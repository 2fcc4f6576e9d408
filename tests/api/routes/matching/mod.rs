//! Matchmaking before a fair: who comes, both sides' wishes, proposals, suggestions.

mod matrix;
mod preferences;
mod proposals;
mod suggestions;
