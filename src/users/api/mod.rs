//! The users domain's HTTP handlers, one file per resource.

pub mod me;
pub mod sessions;
pub mod staff;

// The CLI's `create-user` and the demo seeder create staff accounts as `POST /users` does.
pub use crate::users::accounts::create_staff_user;
