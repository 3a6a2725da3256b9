//! The machinery the checks share: reading the book, running programs with
//! a time limit, compiling snippets (with their cache), Python, and the
//! browser. Nothing here decides whether the book keeps a promise; the
//! modules of `checks/` do.

pub mod book;
/// The exercises as `cargo xtask exercise` finds and judges them: this is
/// xtask's own file, so that the tests prove the verdict a reader gets and
/// compile the copy a reader gets. (Some of it only xtask uses.)
#[path = "../../xtask/src/book_exercises.rs"]
#[allow(dead_code)]
pub mod book_exercises;
pub mod cache;
pub mod chromium;
pub mod examples;
pub mod expected;
pub mod includes;
pub mod markdown;
pub mod passes;
pub mod playground;
pub mod process;
pub mod python;
pub mod rustc;
pub mod server;
pub mod trial;

use std::env;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest any one program or compilation may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The repository's root, where `Cargo.toml` and `book.toml` are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>`, where this build put its binaries.
pub fn profile_dir() -> PathBuf {
    // OUT_DIR is `target/<profile>/build/<package>-<hash>/out`.
    Path::new(env!("OUT_DIR"))
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies inside target/")
        .to_owned()
}

/// This run's scratch folder, `target/<profile>/book-tests/<pid>`: its own,
/// so that two test runs at once (an editor's and a terminal's, say) never
/// build or serve into each other's files. Removed at the end of the run.
pub fn scratch_dir() -> PathBuf {
    profile_dir()
        .join("book-tests")
        .join(std::process::id().to_string())
}

/// A place for one check's scratch files, named after the check.
pub fn work_dir(name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    scratch_dir().join(safe)
}

/// Whether every check must run, as under CI (`CI=true`): then a missing
/// python3 or Chromium fails the checks that need it instead of skipping
/// them, and re-capturing outputs is refused.
pub fn required() -> bool {
    env::var("CI").is_ok_and(|v| v == "true")
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
