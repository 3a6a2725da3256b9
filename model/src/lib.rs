//! The book as the tests and the book's commands see it, read once and the
//! same way for both:
//!
//! - [`markdown`]: a chapter's code blocks, markers and headings, parsed
//!   with mdBook's own Markdown options;
//! - [`summary`]: the chapters `SUMMARY.md` lists, by mdBook's own parser;
//! - [`includes`]: `{{#include}}` and `{{#rustdoc_include}}`, checked and
//!   expanded as mdBook expands them (the tests prove the two agree);
//! - [`book`]: the chapters and the examples they show;
//! - [`snippet`]: a Rust block as the compiler gets it;
//! - [`exercise`]: the exercises, and the verdict on an answer;
//! - [`output`]: how a printed output is compared with the file a page
//!   shows, and re-captured;
//! - [`process`]: running a program with a time limit;
//! - [`cargo`], [`python`]: building with cargo, and python3 as the book
//!   runs it;
//! - [`pins`]: the versions of mdBook and mdbook-mermaid the site is built
//!   with.

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
        Location {
            file: file.into(),
            line,
        }
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
