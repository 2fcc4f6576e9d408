//! The `sagamihara-match` command. What it can do, and how, is in [`cli`]; this file only
//! sets up the process before any thread starts.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    limit_retained_memory();
    cli::run()
}

/// Every login runs argon2 with a 19 MiB block on some blocking thread. glibc raises its mmap
/// threshold after the first such block is freed, so later blocks come from per-thread arenas
/// that keep the memory, and concurrent logins would leave the process holding many of them.
/// A fixed threshold keeps large blocks in mmap, returned to the system when freed (the
/// before and after are in bench/README.md, "What was changed").
fn limit_retained_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}
