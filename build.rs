//! Build script: re-embed migrations when their files change, and turn the PostgreSQL
//! variant of every API test on when `TEST_POSTGRES_URL` is set at build time (otherwise
//! those tests are listed as ignored, so a run without PostgreSQL says so instead of
//! passing quietly); likewise the mail tests with `TEST_SMTP_SINK`, the command that starts
//! the tests' SMTP server (`.ci/smtp-sink`).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-env-changed=TEST_POSTGRES_URL");
    println!("cargo:rustc-check-cfg=cfg(pg_tests)");
    println!("cargo:rerun-if-env-changed=TEST_SMTP_SINK");
    println!("cargo:rustc-check-cfg=cfg(smtp_tests)");
    if std::env::var_os("TEST_SMTP_SINK").is_some_and(|v| !v.is_empty()) {
        println!("cargo:rustc-cfg=smtp_tests");
    }
    if std::env::var_os("TEST_POSTGRES_URL").is_some_and(|v| !v.is_empty()) {
        println!("cargo:rustc-cfg=pg_tests");
    }
}
