mod lifecycle;
mod search;
