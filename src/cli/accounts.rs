//! `create-user`: staff accounts from the command line, e.g. the first admin.

use std::io::{BufRead, IsTerminal};

use sagamihara_match::auth::{password, Role};
use sagamihara_match::config::Config;
use sagamihara_match::db;
use sagamihara_match::users::api::create_staff_user;
use sagamihara_match::users::normalize_email;

use super::CliResult;

pub fn create_user(email: &str, role: &str, display_name: &str, password_stdin: bool) -> CliResult {
    let role: Role = role
        .parse()
        .map_err(|_| format!("unknown role {role:?}; use admin, desk or reviewer"))?;
    if !role.is_staff() {
        return Err("create-user makes admin, desk or reviewer accounts; companies, buyers and candidates register through the API".into());
    }
    let email = normalize_email("email", email).map_err(|e| e.to_string())?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (generate_password(), true)
    };
    let length = password.chars().count() as u64;
    if !(password::MIN_PASSWORD_CHARS..=password::MAX_PASSWORD_CHARS).contains(&length) {
        return Err(format!(
            "the password must be {} to {} characters long",
            password::MIN_PASSWORD_CHARS,
            password::MAX_PASSWORD_CHARS
        )
        .into());
    }
    let config = Config::from_env()?;
    let pool = db::connect_and_migrate(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let hash = password::hash_blocking(&password).map_err(|e| e.to_string())?;
    let user = create_staff_user(&mut conn, &email, &hash, display_name, role, None)
        .map_err(|e| e.to_string())?;
    println!("created {} {} ({})", role.as_str(), user.email, user.id);
    if generated {
        println!("password: {password}");
        if !std::io::stdout().is_terminal() {
            eprintln!("note: the generated password was printed to standard output");
        }
    }
    Ok(())
}

fn generate_password() -> String {
    use base64::Engine;
    use rand::Rng;
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
