//! Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow, so it runs on the blocking pool and leaves one core free
//! (at most cores − 1 hashes at once, at least one): a login flood queues instead of
//! starving every other request (bench/README.md: with one hash per core, catalogue p99
//! rose 4–6× during 100 concurrent logins on 2 cores).

use std::sync::Arc;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

pub const MIN_PASSWORD_CHARS: u64 = 10;
pub const MAX_PASSWORD_CHARS: u64 = 128;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes synchronously; for the CLI and tests. Request paths use [`Passwords`].
pub fn hash_blocking(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the e-mail is unknown, so that an unknown e-mail costs the
    /// same time as a wrong password and response times do not reveal who has an account.
    dummy_hash: Arc<str>,
}

impl Passwords {
    pub fn new() -> Result<Self, ApiError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Self {
            permits: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
            dummy_hash: hash_blocking("not a real password, only spends time")?.into(),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self.acquire().await?;
        actix_web::web::block(move || hash_blocking(&password))
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?
    }

    /// Checks `password` against `hash`, or against a dummy hash when there is none.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, ApiError> {
        let _permit = self.acquire().await?;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = actix_web::web::block(move || verify_blocking(&password, &hash))
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(known && matches)
    }

    async fn acquire(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        self.permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("password hashing is shut down"))
    }
}
