//! The book as the tests and the book's commands (`cargo xtask`) see it,
//! read once and the same way for both: its chapters, code blocks and
//! includes as mdBook reads them, its examples and exercises, how a program
//! of the book is run, and how what it prints is compared with the page.

pub mod book;
pub mod cargo;
pub mod exercise;
pub mod includes;
pub mod markdown;
pub mod output;
pub mod pins;
pub mod process;
pub mod python;
pub mod snippet;
pub mod summary;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// Where something is in the book: a file (relative to the book's root) and
/// a 1-based line. Printed as `src/event-loop.md:42`, which terminals and
/// editors turn into a link.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Location {
        let file = file.into();
        Location { file, line }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// Reads `file` (relative to `root`) as text; the error names the file.
pub fn read(root: &Path, file: &Path) -> Result<String, String> {
    fs::read_to_string(root.join(file))
        .map_err(|e| format!("{}: cannot be read: {e}", file.display()))
}
