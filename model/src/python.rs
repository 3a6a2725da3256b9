//! python3 as the book runs its asyncio programs: the interpreter the
//! reader asked for (`python3`, or `BOOK_PYTHON`), 3.11 or newer, set up so
//! that a program prints the same bytes on every machine.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The oldest Python the book's programs run on (`asyncio.TaskGroup`).
pub const MINIMUM: (u32, u32) = (3, 11);

/// The program that runs an asyncio original on the virtual clock, relative
/// to the book's root.
pub const VIRTUAL_CLOCK: &str = "tests/support/virtual_clock.py";

/// The interpreter itself, found through `python3` (or `BOOK_PYTHON`): a
/// version manager's `python3` is often a script that finds the interpreter
/// anew at every start, which would cost every run of every program.
pub fn interpreter() -> Result<PathBuf, String> {
    let requested = env::var("BOOK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let check = format!(
        "import sys; print(sys.executable); sys.exit(0 if sys.version_info >= {MINIMUM:?} else 1)"
    );
    match Command::new(&requested).args(["-c", &check]).output() {
        Ok(output) if output.status.success() => {
            let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            Ok(PathBuf::from(if path.is_empty() {
                requested
            } else {
                path
            }))
        }
        Ok(_) => Err(format!("python3 is older than {}.{}", MINIMUM.0, MINIMUM.1)),
        Err(_) => Err("python3 was not found".to_owned()),
    }
}

/// `interpreter` set up as for every program of the book: no .pyc files,
/// UTF-8 output, a fixed hash seed, no buffering (so that standard output
/// and standard error interleave as they were written).
pub fn command(interpreter: &Path) -> Command {
    let mut command = Command::new(interpreter);
    command
        .args(["-B", "-X", "utf8"])
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUNBUFFERED", "1")
        .env_remove("PYTHONSTARTUP");
    command
}
