mod report;
mod targets;
