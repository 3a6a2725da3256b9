//! mdBook's `{{#include}}` and `{{#rustdoc_include}}`: checked, then expanded
//! by mdBook's own link preprocessor so the tests see exactly what the
//! rendered page shows.
//!
//! mdBook itself only logs a warning for a missing file and silently includes
//! nothing for a missing anchor, so a typo would render an empty code block.
//! [`check`] turns both into errors that name the chapter line.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_driver::book::{Book, Chapter};
use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_driver::config::Config;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use super::markdown::Location;

/// One include directive found in a chapter.
#[derive(Clone, Debug)]
pub struct Include {
    pub at: Location,
    pub kind: String,
    /// The included file, relative to the book's root.
    pub file: PathBuf,
    /// What follows the file name after `:` (an anchor or a line range).
    pub selector: Option<String>,
}

impl Include {
    /// The anchor this directive names, if it names one rather than lines.
    pub fn anchor(&self) -> Option<&str> {
        let selector = self.selector.as_deref()?;
        let first = selector.split(':').next().unwrap_or("");
        (!first.is_empty() && first.parse::<usize>().is_err()).then_some(first)
    }
}

// The pattern mdBook uses (mdbook-driver, links.rs), less the escaped form.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\\)?\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}").expect("valid regex")
});
static ANCHOR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR:\s*([\w_-]+)").expect("valid regex"));
static ANCHOR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR_END:\s*([\w_-]+)").expect("valid regex"));

/// The include directives in `text`, which is `file` (relative to the root)
/// or a part of it starting at line `first_line`.
pub fn find(file: &Path, text: &str, first_line: usize) -> Vec<Include> {
    let dir = file.parent().unwrap_or(Path::new(""));
    DIRECTIVE
        .captures_iter(text)
        .filter(|cap| cap.get(1).is_none())
        .filter(|cap| matches!(&cap[2], "include" | "rustdoc_include" | "playground"))
        .map(|cap| {
            let whole = cap.get(0).expect("group 0 always matches");
            let target = cap[3].split_whitespace().next().unwrap_or("");
            let (path, selector) = match target.split_once(':') {
                Some((path, selector)) => (path, Some(selector.to_owned())),
                None => (target, None),
            };
            Include {
                at: Location {
                    file: file.to_owned(),
                    line: first_line + super::markdown::line_of(text, whole.start()) - 1,
                },
                kind: cap[2].to_owned(),
                file: normalize(&dir.join(path)),
                selector,
            }
        })
        .collect()
}

/// Checks that an include names a file that exists and, if it names an
/// anchor, that the file has that anchor with both its ends.
pub fn check(root: &Path, include: &Include) -> Result<(), String> {
    let path = root.join(&include.file);
    let text = fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {{{{#{}}}}} names {}, which cannot be read: {e}",
            include.at,
            include.kind,
            include.file.display()
        )
    })?;
    if let Some(anchor) = include.anchor() {
        let has = |pattern: &Regex| {
            text.lines()
                .any(|line| pattern.captures(line).is_some_and(|cap| &cap[1] == anchor))
        };
        if !has(&ANCHOR_START) || !has(&ANCHOR_END) {
            return Err(format!(
                "{}: {{{{#{}}}}} names anchor `{anchor}` in {}, which has no \
                 `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}` pair",
                include.at,
                include.kind,
                include.file.display()
            ));
        }
    } else if let Some(selector) = &include.selector {
        let lines = text.lines().count();
        let numbers = selector
            .split(':')
            .filter(|part| !part.is_empty())
            .map(|part| part.parse::<usize>());
        for number in numbers {
            match number {
                Ok(n) if n >= 1 && n <= lines => {}
                _ => {
                    return Err(format!(
                        "{}: {{{{#{}}}}} names lines `{selector}` of {}, which has \
                         {lines} lines",
                        include.at,
                        include.kind,
                        include.file.display()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Expands the include directives of `text`, a part of the Markdown file
/// `chapter` (relative to `root`), exactly as mdBook does when it renders
/// the page.
pub fn expand(root: &Path, chapter: &Path, text: &str) -> String {
    // mdBook resolves an include against the chapter's folder inside the
    // book's source folder; with the root as that folder, `chapter` can be
    // any Markdown file of the repository (the test fixtures among them).
    let mut config = Config::default();
    config.book.src = PathBuf::new();
    let ctx = PreprocessorContext::new(root.to_owned(), config, "html".to_owned());
    let mut book = Book::new();
    book.push_item(Chapter::new("", text.to_owned(), chapter, Vec::new()));
    let book = LinkPreprocessor::new()
        .run(&ctx, book)
        .expect("mdBook's link preprocessor does not fail");
    book.chapters()
        .next()
        .map(|chapter| chapter.content.clone())
        .unwrap_or_default()
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
