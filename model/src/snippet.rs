//! A Rust block as the compiler gets it, and as a reader's copy of an
//! exercise holds it: its includes expanded as mdBook expands them, its
//! hidden lines shown, and wrapped in `fn main` if it has none (as rustdoc
//! and mdBook's playground do).

use std::path::Path;

use crate::Location;
use crate::includes;
use crate::markdown::CodeBlock;

/// The program of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The opening fence of the block.
    pub at: Location,
    pub code: String,
    /// Where each line of `code` was written (a chapter line, or a line of
    /// an included file); `None` for the lines of the `fn main` wrapper.
    pub origins: Vec<Option<Location>>,
    /// Whether `code` was wrapped in a `fn main`.
    pub wrapped: bool,
}

impl Snippet {
    /// The program of `block`, a block of a chapter of the book at `root`.
    /// An include that names a missing file or anchor is an error.
    pub fn of(root: &Path, block: &CodeBlock) -> Result<Snippet, String> {
        let mut lines =
            includes::expand_lines(root, &block.at.file, &block.raw, block.at.line + 1)?;
        // The block's text ends with a line end: no line follows it.
        if lines.last().is_some_and(|l| l.text.is_empty()) {
            lines.pop();
        }
        let lines: Vec<(String, Option<Location>)> = lines
            .into_iter()
            .map(|l| (unhide(&l.text).to_owned(), Some(l.from)))
            .collect();
        let wrapped = !lines.iter().any(|(l, _)| l.contains("fn main("));
        let lines = if wrapped {
            // Crate attributes (`#![...]`) must stay at the top of the crate.
            let (attributes, body): (Vec<_>, Vec<_>) = lines
                .into_iter()
                .partition(|(line, _)| line.trim_start().starts_with("#!["));
            let mut all = attributes;
            all.push(("fn main() {".to_owned(), None));
            all.extend(body);
            all.push(("}".to_owned(), None));
            all
        } else {
            lines
        };
        let (code, origins): (Vec<String>, Vec<Option<Location>>) = lines.into_iter().unzip();
        Ok(Snippet {
            at: block.at.clone(),
            code: code.join("\n") + "\n",
            origins,
            wrapped,
        })
    }
}

/// rustdoc's hidden lines: `# ` at the start (after indentation) hides the
/// line on the page, and the compiler sees it without the marker; `##`
/// stands for a literal `#`.
pub fn unhide(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        rest
    } else if trimmed == "#" {
        ""
    } else if trimmed.starts_with("##") {
        &trimmed[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(raw: &str) -> CodeBlock {
        CodeBlock {
            at: Location::new("src/chapter.md", 3),
            lang: "rust".to_owned(),
            attributes: Vec::new(),
            raw: raw.to_owned(),
        }
    }

    #[test]
    fn a_block_without_main_is_wrapped_below_its_crate_attributes() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let snippet = Snippet::of(
            dir.path(),
            &block("#![allow(dead_code)]\n# let x = 1;\nprintln!(\"{x}\");\n"),
        )
        .expect("no includes");
        assert_eq!(
            snippet.code,
            "#![allow(dead_code)]\nfn main() {\nlet x = 1;\nprintln!(\"{x}\");\n}\n"
        );
        assert!(snippet.wrapped);
        let origins: Vec<Option<usize>> = snippet
            .origins
            .iter()
            .map(|o| o.as_ref().map(|l| l.line))
            .collect();
        assert_eq!(origins, [Some(4), None, Some(5), Some(6), None]);
    }

    #[test]
    fn hidden_lines() {
        assert_eq!(unhide("    # let x = 1;"), "let x = 1;");
        assert_eq!(unhide("#"), "");
        assert_eq!(unhide("##[derive(Debug)]"), "#[derive(Debug)]");
        assert_eq!(unhide("#[derive(Debug)]"), "#[derive(Debug)]");
    }
}
