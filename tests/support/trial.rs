//! Turning a check into a named libtest trial, and checks that need a
//! program from outside Rust (python3, Chromium).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use libtest_mimic::{Completion, Failed, Trial};

use super::required;

/// A check named after what it checks; `Err` says what is wrong, naming the
/// file and line.
pub fn check(
    name: impl Into<String>,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::test(name, move || check().map_err(Failed::from))
}

/// A program from outside Rust that some checks need.
pub struct Tool {
    /// What the checks that need it are called, in messages.
    pub checks: &'static str,
    /// Why it cannot be used here, if it cannot.
    pub missing: &'static LazyLock<Option<String>>,
    /// How to get it, for the closing note.
    pub install: &'static str,
    /// How many checks were skipped for want of it in this run.
    pub skipped: AtomicUsize,
}

impl Tool {
    /// A note for the end of the run if checks were skipped for want of
    /// this tool, so that a skipped check is never mistaken for a pass.
    pub fn closing_note(&self) -> Option<String> {
        let skipped = self.skipped.load(Ordering::Relaxed);
        let why = LazyLock::force(self.missing).as_ref()?;
        (skipped > 0).then(|| {
            format!(
                "NOTE: {skipped} {} did NOT run: {why}. {}, and run `cargo test` again \
                 to check them.",
                self.checks, self.install
            )
        })
    }
}

/// A check that needs `tool`: when the tool is missing, the check is
/// reported as ignored with the reason (never as passed), and counted for
/// the closing note; under CI it fails instead.
pub fn needs(
    tool: &'static Tool,
    name: impl Into<String>,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::ignorable_test(name, move || match tool.missing.as_ref() {
        Some(why) if required() => Err(Failed::from(format!(
            "{why}, and under CI all {} must run",
            tool.checks
        ))),
        Some(why) => {
            tool.skipped.fetch_add(1, Ordering::Relaxed);
            Ok(Completion::ignored_with(format!("not checked: {why}")))
        }
        None => check()
            .map(|()| Completion::Completed)
            .map_err(Failed::from),
    })
}
