//! The asyncio originals: every ```python block of the book is run with
//! python3 (3.11 or newer, for `asyncio.TaskGroup`), on a virtual clock
//! (`virtual_clock.py`) so that its sleeps take no time and its output is
//! the same on every run.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use super::process::{self, Streams};

/// The oldest Python the book's programs run on.
pub const MINIMUM: (u32, u32) = (3, 11);

/// The Python interpreter: `python3`, or the program `BOOK_PYTHON` names.
fn interpreter() -> String {
    env::var("BOOK_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Why the Python checks cannot run here, if they cannot.
pub static MISSING: LazyLock<Option<String>> = LazyLock::new(|| {
    let check = format!("import sys; sys.exit(0 if sys.version_info >= {MINIMUM:?} else 1)");
    match Command::new(interpreter()).args(["-c", &check]).status() {
        Ok(status) if status.success() => None,
        Ok(_) => Some(format!("python3 is older than {}.{}", MINIMUM.0, MINIMUM.1)),
        Err(_) => Some("python3 was not found".to_owned()),
    }
});

/// How many Python checks were reported as ignored for want of python3.
pub static SKIPPED: AtomicUsize = AtomicUsize::new(0);

/// A command that runs the Python program `file` on the virtual clock.
pub fn command(root: &Path, file: &Path) -> Command {
    let mut command = Command::new(interpreter());
    command
        .current_dir(root)
        // The same bytes on every machine: no .pyc files, UTF-8 output.
        .args(["-B", "-X", "utf8"])
        .arg(root.join("tests/support/virtual_clock.py"))
        .arg(file)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUNBUFFERED", "1")
        .env_remove("PYTHONSTARTUP");
    command
}

/// Runs a Python program written inline in a chapter; it must end without
/// an error.
pub fn run_inline(root: &Path, code: &str, work: &Path, limit: Duration) -> Result<(), String> {
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let file: PathBuf = work.join("block.py");
    fs::write(&file, code).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let finished = process::run(command(root, &file), b"", limit, Streams::Merged)
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let output = String::from_utf8_lossy(&finished.stdout);
    match finished.status {
        None => Err(format!(
            "did not finish within {} s, so it was stopped",
            limit.as_secs()
        )),
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!(
            "the Python program failed ({status}):\n{}",
            output
                .trim_end()
                .replace(&file.display().to_string(), "<this block>")
        )),
    }
}
