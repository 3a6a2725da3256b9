//! The machinery the checks share. Nothing here decides whether the book
//! keeps a promise; the modules of `checks/` do.

pub mod cache;
pub mod chromium;
pub mod examples;
pub mod playground;
pub mod python;
pub mod run;
pub mod rustc;
pub mod server;
pub mod trial;

use std::borrow::Borrow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn profile_dir() -> PathBuf {
    // OUT_DIR is `target/<profile>/build/<package>-<hash>/out`.
    Path::new(env!("OUT_DIR"))
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies inside target/")
        .to_owned()
}

/// The first `n` lines of `text`, with `...` if there were more.
pub fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let mut out = lines[..lines.len().min(n)].join("\n");
    if lines.len() > n {
        out.push_str("\n...");
    }
    out
}

/// The last `n` lines of `text`, indented.
pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let start = lines.len().saturating_sub(n);
    indent(&lines[start..].join("\n"), "  ")
}

pub fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Ok` if there are no problems; else all of them, a line each.
pub fn none<S: Borrow<str>>(problems: &[S]) -> Result<(), String> {
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("\n")),
    }
}

/// `mutex`, locked, poisoned or not.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// `program`, to run in `dir` with no backtrace in a panic message.
pub fn command(program: &Path, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    command
}
