//! Running the asyncio originals with python3 (3.11 or newer, for
//! `asyncio.TaskGroup`) on a virtual clock (`virtual_clock.py`), so that
//! their sleeps take no time and their output is the same on every run.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::sync::atomic::AtomicUsize;

use super::trial::Tool;

/// The oldest Python the book's programs run on.
pub const MINIMUM: (u32, u32) = (3, 11);

/// python3 for the checks that need it.
pub static PYTHON: Tool = Tool {
    checks: "of the book's Python checks",
    missing: &MISSING,
    install: "Install python3 3.11 or newer",
    skipped: AtomicUsize::new(0),
};

/// The interpreter the user asked for: `python3`, or `BOOK_PYTHON`.
fn requested() -> String {
    env::var("BOOK_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The interpreter itself, found once: a version manager's `python3` is
/// often a script that finds the interpreter anew at every start, which
/// would cost every run of every program.
static INTERPRETER: LazyLock<Result<PathBuf, String>> = LazyLock::new(|| {
    let check = format!(
        "import sys; print(sys.executable); sys.exit(0 if sys.version_info >= {MINIMUM:?} else 1)"
    );
    match Command::new(requested()).args(["-c", &check]).output() {
        Ok(output) if output.status.success() => {
            let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            Ok(if path.is_empty() {
                PathBuf::from(requested())
            } else {
                PathBuf::from(path)
            })
        }
        Ok(_) => Err(format!("python3 is older than {}.{}", MINIMUM.0, MINIMUM.1)),
        Err(_) => Err("python3 was not found".to_owned()),
    }
});

/// Why the Python checks cannot run here, if they cannot.
static MISSING: LazyLock<Option<String>> = LazyLock::new(|| INTERPRETER.as_ref().err().cloned());

/// A command that runs the Python program `file` on the virtual clock.
pub fn command(root: &Path, file: &Path) -> Command {
    let interpreter = INTERPRETER
        .as_ref()
        .cloned()
        .unwrap_or_else(|_| PathBuf::from(requested()));
    let mut command = Command::new(interpreter);
    command
        .current_dir(root)
        // The same bytes on every machine: no .pyc files, UTF-8 output.
        .args(["-B", "-X", "utf8"])
        .arg(super::root().join("tests/support/virtual_clock.py"))
        .arg(file)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUNBUFFERED", "1")
        .env_remove("PYTHONSTARTUP");
    command
}
