mod applications;
mod candidates;
mod jobs;
