//! mdBook's `{{#include}}` and `{{#rustdoc_include}}`: found, checked, and
//! expanded as mdBook's link preprocessor expands them (mdbook-driver,
//! `links.rs` and `links/take_lines.rs`), with the place each line of the
//! result came from. The tests prove that [`expand`] gives what mdBook
//! gives for every chapter of the book.
//!
//! Where mdBook only logs a missing file and renders an empty block for a
//! missing anchor, this module fails, naming the chapter line: a typo must
//! not become an empty code block on the page.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::{Location, read};

// mdBook's own patterns (mdbook-driver 0.5, `find_links` and take_lines.rs).
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}").expect("valid regex")
});
static ANCHOR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR:\s*([\w_-]+)").expect("valid regex"));
static ANCHOR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR_END:\s*([\w_-]+)").expect("valid regex"));

/// mdBook's limit on includes within includes.
const MAX_DEPTH: usize = 10;

/// One include directive of a chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub at: Location,
    /// `include`, `rustdoc_include` or `playground`.
    pub kind: String,
    /// The included file, relative to the book's root.
    pub file: PathBuf,
    /// What follows the file name after `:` (an anchor or a line range).
    pub selector: Option<String>,
}

impl Include {
    /// The anchor this directive names, if it names one rather than lines.
    pub fn anchor(&self) -> Option<&str> {
        match selection(self.selector.as_deref()) {
            Selection::Anchor(anchor) => Some(anchor),
            Selection::Lines(_) => None,
        }
    }
}

/// What a directive does, as mdBook reads it.
enum Directive<'a> {
    /// `\{{#...}}`: the text without its backslash.
    Escaped,
    /// `{{#include FILE[:SELECTOR]}}`, `{{#rustdoc_include ...}}`.
    Include {
        rustdoc: bool,
        path: &'a str,
        selector: Option<&'a str>,
    },
    /// `{{#playground FILE ATTRIBUTES}}`: the file in a Rust code block.
    Playground { path: &'a str, attributes: String },
    /// `{{#title ...}}`: sets the page's title, and shows nothing.
    Title,
}

fn directive<'a>(cap: &Captures<'a>) -> Option<Directive<'a>> {
    let (Some(kind), Some(rest)) = (cap.get(1), cap.get(2)) else {
        return cap[0].starts_with('\\').then_some(Directive::Escaped);
    };
    let mut words = rest.as_str().split_whitespace();
    let target = words.next()?;
    let (path, selector) = match target.split_once(':') {
        Some((path, selector)) => (path, Some(selector)),
        None => (target, None),
    };
    Some(match kind.as_str() {
        "title" => Directive::Title,
        "include" | "rustdoc_include" => Directive::Include {
            rustdoc: kind.as_str() == "rustdoc_include",
            path,
            selector,
        },
        "playground" | "playpen" => Directive::Playground {
            path: target,
            attributes: words.collect::<Vec<_>>().join(","),
        },
        _ => return None,
    })
}

/// The include directives in `text`, which is the file `file` (relative to
/// the book's root) from its line `first_line` on.
pub fn find(file: &Path, text: &str, first_line: usize) -> Vec<Include> {
    let dir = file.parent().unwrap_or(Path::new(""));
    LINK.captures_iter(text)
        .filter_map(|cap| {
            let whole = cap.get(0).expect("group 0 always matches");
            let (kind, path, selector) = match directive(&cap)? {
                Directive::Include {
                    rustdoc,
                    path,
                    selector,
                } => {
                    let kind = if rustdoc {
                        "rustdoc_include"
                    } else {
                        "include"
                    };
                    (kind, path, selector)
                }
                Directive::Playground { path, .. } => ("playground", path, None),
                Directive::Escaped | Directive::Title => return None,
            };
            Some(Include {
                at: Location::new(
                    file,
                    first_line + text[..whole.start()].matches('\n').count(),
                ),
                kind: kind.to_owned(),
                file: normalize(&dir.join(path)),
                selector: selector.map(str::to_owned),
            })
        })
        .collect()
}

/// Checks that an include names a file that can be read and, if it names an
/// anchor, that the file has that anchor with both its ends; if it names
/// lines, that the file has them.
pub fn check(root: &Path, include: &Include) -> Result<(), String> {
    let text = std::fs::read_to_string(root.join(&include.file)).map_err(|e| {
        format!(
            "{}: {{{{#{}}}}} names {}, which cannot be read: {e}",
            include.at,
            include.kind,
            include.file.display()
        )
    })?;
    match selection(include.selector.as_deref()) {
        Selection::Anchor(anchor) => {
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
        }
        Selection::Lines(lines) => {
            let count = text.lines().count();
            let past = |n: usize| n > count;
            if past(lines.start + 1) || lines.end != usize::MAX && past(lines.end) {
                return Err(format!(
                    "{}: {{{{#{}}}}} names lines `{}` of {}, which has {count} lines",
                    include.at,
                    include.kind,
                    include.selector.as_deref().unwrap_or(""),
                    include.file.display()
                ));
            }
        }
    }
    Ok(())
}

/// Which lines of a file an include takes.
enum Selection<'a> {
    Anchor(&'a str),
    /// 0-based, end excluded; `usize::MAX` for "to the end".
    Lines(Range<usize>),
}

/// mdBook's reading of what follows the file name (`parse_range_or_anchor`):
/// `NAME` is an anchor; `N` is line N; `N:` from N on; `:M` up to M; `N:M`
/// from N to M; nothing, everything.
fn selection(selector: Option<&str>) -> Selection<'_> {
    let mut parts = selector.unwrap_or("").splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selection::Anchor(first),
    };
    let end = parts.next().map(str::parse::<usize>);
    Selection::Lines(match (start, end) {
        (Some(start), Some(Ok(end))) => start..end,
        (Some(start), Some(Err(_))) => start..usize::MAX,
        (Some(start), None) => start..start + 1,
        (None, Some(Ok(end))) => 0..end,
        (None, _) => 0..usize::MAX,
    })
}

/// One line of an expanded text, and where it was written: a line of the
/// chapter, or of a file an include brought in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub from: Location,
}

/// `text`, a part of the Markdown file `file` (relative to `root`) starting
/// at its line `first_line`, with its includes expanded as mdBook expands
/// them when it renders the page; line by line, each with its origin.
pub fn expand_lines(
    root: &Path,
    file: &Path,
    text: &str,
    first_line: usize,
) -> Result<Vec<Line>, String> {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| Line {
            text: line.to_owned(),
            from: Location::new(file, first_line + i),
        })
        .collect();
    let dir = file.parent().unwrap_or(Path::new(""));
    expand_in(root, dir, lines, 0)
}

/// [`expand_lines`] as one text: what mdBook makes of `text`.
pub fn expand(root: &Path, file: &Path, text: &str) -> Result<String, String> {
    let lines = expand_lines(root, file, text, 1)?;
    Ok(lines
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Expands the directives of `lines`, whose paths are relative to `dir`
/// (relative to `root`).
fn expand_in(root: &Path, dir: &Path, lines: Vec<Line>, depth: usize) -> Result<Vec<Line>, String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if !LINK.is_match(&line.text) || depth >= MAX_DEPTH {
            out.push(line);
            continue;
        }
        // The line being built: text before a directive stays on the line
        // where it was written; what the directive brings in follows it.
        let mut current = Line {
            text: String::new(),
            from: line.from.clone(),
        };
        let mut end = 0;
        for cap in LINK.captures_iter(&line.text) {
            let Some(found) = directive(&cap) else {
                continue;
            };
            let whole = cap.get(0).expect("group 0 always matches");
            current.text.push_str(&line.text[end..whole.start()]);
            end = whole.end();
            let brought = match found {
                Directive::Escaped => {
                    current.text.push_str(&whole.as_str()[1..]);
                    continue;
                }
                Directive::Title => continue,
                Directive::Include {
                    rustdoc,
                    path,
                    selector,
                } => {
                    let include = Include {
                        at: line.from.clone(),
                        kind: cap[1].to_owned(),
                        file: normalize(&dir.join(path)),
                        selector: selector.map(str::to_owned),
                    };
                    check(root, &include)?;
                    let content = read(root, &include.file)?;
                    let taken = take(&include.file, &content, selection(selector), rustdoc);
                    let inner = include.file.parent().unwrap_or(Path::new(""));
                    expand_in(root, inner, taken, depth + 1)?
                }
                Directive::Playground { path, attributes } => {
                    let file = normalize(&dir.join(path));
                    let content = read(root, &file).map_err(|e| format!("{}: {e}", line.from))?;
                    let fence = if attributes.is_empty() {
                        "```rust".to_owned()
                    } else {
                        format!("```rust,{attributes}")
                    };
                    let mut lines = vec![Line {
                        text: fence,
                        from: line.from.clone(),
                    }];
                    lines.extend(content.lines().enumerate().map(|(i, text)| Line {
                        text: text.to_owned(),
                        from: Location::new(&file, i + 1),
                    }));
                    for text in ["```", ""] {
                        lines.push(Line {
                            text: text.to_owned(),
                            from: line.from.clone(),
                        });
                    }
                    lines
                }
            };
            let mut brought = brought.into_iter();
            if let Some(first) = brought.next() {
                // A line that held nothing before the directive is the
                // included line's own.
                if current.text.trim().is_empty() {
                    current.from = first.from;
                }
                current.text.push_str(&first.text);
                for next in brought {
                    out.push(std::mem::replace(&mut current, next));
                }
            }
        }
        current.text.push_str(&line.text[end..]);
        out.push(current);
    }
    Ok(out)
}

/// The lines of `content` (the file `file`) that an include takes, as
/// mdBook's take_lines.rs takes them: the selected lines, or with
/// `rustdoc`, every line, those outside the selection hidden with `# `.
/// Anchor lines are never taken.
fn take(file: &Path, content: &str, selection: Selection<'_>, rustdoc: bool) -> Vec<Line> {
    let line = |i: usize, text: String| Line {
        text,
        from: Location::new(file, i + 1),
    };
    let hidden = |text: &str| format!("# {text}");
    let lines = content.lines().enumerate();
    match selection {
        Selection::Lines(range) if rustdoc => lines
            .map(|(i, l)| {
                let text = if range.contains(&i) {
                    l.to_owned()
                } else {
                    hidden(l)
                };
                line(i, text)
            })
            .collect(),
        Selection::Lines(range) => lines
            .filter(|(i, _)| range.contains(i))
            .map(|(i, l)| line(i, l.to_owned()))
            .collect(),
        Selection::Anchor(anchor) => {
            let named = |pattern: &Regex, l: &str| pattern.captures(l).map(|cap| cap[1] == *anchor);
            let mut taken = Vec::new();
            let mut inside = false;
            for (i, l) in lines {
                if inside {
                    match named(&ANCHOR_END, l) {
                        Some(true) if rustdoc => inside = false,
                        Some(true) => break,
                        Some(false) => {}
                        None if ANCHOR_START.is_match(l) => {}
                        None => taken.push(line(i, l.to_owned())),
                    }
                } else if let Some(start) = named(&ANCHOR_START, l) {
                    inside = start;
                } else if rustdoc && !ANCHOR_END.is_match(l) {
                    taken.push(line(i, hidden(l)));
                }
            }
            taken
        }
    }
}

/// `a/b/../c` as `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("examples/demo/main.rs");
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("writable");
        std::fs::write(
            &file,
            "use std::fmt;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    \
             println!(\"hi\");\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n",
        )
        .expect("writable");
        dir
    }

    fn expanded(text: &str) -> Result<Vec<(String, String)>, String> {
        let dir = book();
        let lines = expand_lines(dir.path(), Path::new("src/chapter.md"), text, 10)?;
        Ok(lines
            .into_iter()
            .map(|l| (l.text, l.from.to_string()))
            .collect())
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn an_anchor_without_its_anchor_lines() {
        let got = expanded("{{#include ../examples/demo/main.rs:main}}");
        let want = pairs(&[
            ("fn main() {", "examples/demo/main.rs:3"),
            ("    println!(\"hi\");", "examples/demo/main.rs:5"),
            ("}", "examples/demo/main.rs:7"),
        ]);
        assert_eq!(got, Ok(want));
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        let got = expanded("x\n{{#rustdoc_include ../examples/demo/main.rs:inner}}");
        let want = pairs(&[
            ("x", "src/chapter.md:10"),
            ("# use std::fmt;", "examples/demo/main.rs:1"),
            ("# fn main() {", "examples/demo/main.rs:3"),
            ("    println!(\"hi\");", "examples/demo/main.rs:5"),
            ("# }", "examples/demo/main.rs:7"),
        ]);
        assert_eq!(got, Ok(want));
    }

    #[test]
    fn line_ranges_escapes_and_text_around() {
        let got = expanded("a {{#include ../examples/demo/main.rs:3:3}} b \\{{#include x}}");
        let want = pairs(&[("a fn main() { b {{#include x}}", "src/chapter.md:10")]);
        assert_eq!(got, Ok(want));
        let got = expanded("{{#include ../examples/demo/main.rs::2}}");
        let want = pairs(&[
            ("use std::fmt;", "examples/demo/main.rs:1"),
            ("// ANCHOR: main", "examples/demo/main.rs:2"),
        ]);
        assert_eq!(got, Ok(want));
    }

    #[test]
    fn a_missing_file_or_anchor_is_an_error_naming_the_line() {
        let missing = expanded("\n{{#include ../examples/demo/none.rs}}").unwrap_err();
        assert!(
            missing.starts_with("src/chapter.md:11: {{#include}} names examples/demo/none.rs"),
            "{missing}"
        );
        let anchor = expanded("{{#include ../examples/demo/main.rs:nope}}").unwrap_err();
        assert!(anchor.contains("names anchor `nope`"), "{anchor}");
        let lines = expanded("{{#include ../examples/demo/main.rs:40:41}}").unwrap_err();
        assert!(lines.contains("which has 8 lines"), "{lines}");
    }

    #[test]
    fn find_names_the_file_relative_to_the_root() {
        let found = find(
            Path::new("src/chapter.md"),
            "\n{{#include ../examples/demo/output.txt}}\n\\{{#include no}}",
            5,
        );
        assert_eq!(
            found,
            [Include {
                at: Location::new("src/chapter.md", 6),
                kind: "include".to_owned(),
                file: PathBuf::from("examples/demo/output.txt"),
                selector: None,
            }]
        );
    }
}
