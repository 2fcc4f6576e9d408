mod login;
mod logout;
mod refresh;
mod register;
mod tokens;
