//! Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow (≈ 70 ms of a core), so it runs on threads of its own, one
//! fewer than the cores (at least one), at a lower scheduling priority: a login flood queues
//! for those threads and takes the CPU that reads leave, instead of starving every other
//! request (bench/README.md: with one hash per core, catalogue p99 rose 4–6× during 100
//! concurrent logins on 2 cores; with one at normal priority, 3.7× on PostgreSQL, whose
//! server shares the cores).

use std::sync::{mpsc, Arc, Mutex};

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::error::ApiError;

pub const MIN_PASSWORD_CHARS: u64 = 10;
pub const MAX_PASSWORD_CHARS: u64 = 128;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes synchronously; for the CLI and tests. Request paths use [`Passwords`].
pub fn hash_blocking(password: &str) -> Result<String, ApiError> {
    // A fresh 16-byte salt from the operating system's generator (argon2's `getrandom`).
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))
}

/// The hash's own parameters (its `m=`, `t=`, `p=`) are used, not [`argon2`]'s: hashes made
/// with other parameters keep verifying. A malformed hash verifies nothing.
fn verify_blocking(password: &str, hash: &str) -> bool {
    argon2().verify_password(password.as_bytes(), hash).is_ok()
}

/// How much lower than the rest of the process hashing threads run (Linux nice value;
/// 10 gives them about a tenth of a core that other threads want).
const HASHING_NICENESS: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct Passwords {
    /// Hashing threads take jobs from here in order; they stop when every sender is gone.
    jobs: mpsc::Sender<Job>,
    /// Verified against when the e-mail is unknown, so that an unknown e-mail costs the
    /// same time as a wrong password and response times do not reveal who has an account.
    dummy_hash: Arc<str>,
}

impl Passwords {
    pub fn new() -> Result<Self, ApiError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..cores.saturating_sub(1).max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("password-hashing-{n}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .map_err(|e| ApiError::internal(format!("cannot start a hashing thread: {e}")))?;
        }
        Ok(Self {
            jobs,
            dummy_hash: hash_blocking("not a real password, only spends time")?.into(),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash_blocking(&password)).await?
    }

    /// Checks `password` against `hash`, or against a dummy hash when there is none.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, ApiError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = self.run(move || verify_blocking(&password, &hash)).await?;
        Ok(known && matches)
    }

    /// Runs `work` on a hashing thread, after the jobs queued before it.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let shut_down = || ApiError::internal("password hashing is shut down");
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(work());
            }))
            .map_err(|_| shut_down())?;
        result.await.map_err(|_| shut_down())
    }
}

/// Lowers the calling thread's scheduling priority (Linux keeps a nice value per thread).
/// Raising it back would need privileges, which is why hashing has threads of its own.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority only changes the nice value of the thread named by its id,
        // here the calling thread.
        let rc = unsafe {
            libc::setpriority(
                libc::PRIO_PROCESS,
                libc::gettid() as libc::id_t,
                HASHING_NICENESS,
            )
        };
        if rc != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "cannot lower the priority of a password hashing thread"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by `hash_blocking` with argon2 0.5.3: the hashes already in the database must
    /// keep verifying whatever version of the crate hashes new ones.
    const STORED: &str = "$argon2id$v=19$m=19456,t=2,p=1$I0ntasPOw6ZJM4INBiVPwQ$XLFmYXIZjyZcOvg357N7J+nUwQZcSmlt4ADBK3rer74";

    #[test]
    fn a_stored_hash_still_verifies() {
        assert!(verify_blocking("correct horse battery staple", STORED));
        assert!(!verify_blocking("correct horse battery stapler", STORED));
    }

    #[test]
    fn a_new_hash_has_the_stored_parameters_and_verifies() {
        let hash = hash_blocking("correct horse battery staple").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert_ne!(hash, STORED, "a fresh salt");
        assert!(verify_blocking("correct horse battery staple", &hash));
        assert!(!verify_blocking("Correct horse battery staple", &hash));
    }

    #[test]
    fn a_malformed_hash_verifies_nothing() {
        assert!(!verify_blocking(
            "correct horse battery staple",
            "$argon2id$v=19$garbage"
        ));
        assert!(!verify_blocking("", ""));
    }
}
