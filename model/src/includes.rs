//! mdBook's `{{#include}}` and `{{#rustdoc_include}}`: found, checked, and
//! expanded as mdBook's link preprocessor expands them, with the place each
//! line came from (the tests prove [`expand`] gives what mdBook gives). A
//! missing file or anchor is an error naming the chapter line, where mdBook
//! would show an empty block.

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

const MAX_DEPTH: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub at: Location,
    /// `include`, `rustdoc_include` or `playground`; the file, relative to
    /// the book's root; what follows it after `:` (an anchor or lines).
    pub kind: String,
    pub file: PathBuf,
    pub selector: Option<String>,
}

enum Directive<'a> {
    /// `\{{#...}}`: the text without its backslash.
    Escaped,
    /// `{{#include FILE[:SELECTOR]}}`, `{{#rustdoc_include ...}}`;
    /// `{{#playground FILE ATTRIBUTES}}`, the file in a Rust code block.
    Include(Include, Option<&'a str>),
    Playground(Include, String),
    /// `{{#title ...}}`: shows nothing.
    Title,
}

/// The directive `cap` found at `at`, whose paths are relative to `dir`.
fn directive<'a>(cap: &Captures<'a>, dir: &Path, at: Location) -> Option<Directive<'a>> {
    let (Some(kind), Some(rest)) = (cap.get(1), cap.get(2)) else {
        return cap[0].starts_with('\\').then_some(Directive::Escaped);
    };
    let mut words = rest.as_str().split_whitespace();
    let target = words.next()?;
    let include = |kind: &str, path: &str, selector: Option<&str>| {
        let (kind, file) = (kind.to_owned(), normalize(&dir.join(path)));
        Include {
            at,
            kind,
            file,
            selector: selector.map(str::to_owned),
        }
    };
    Some(match kind.as_str() {
        "title" => Directive::Title,
        kind @ ("include" | "rustdoc_include") => {
            let (path, selector) = target.split_once(':').unzip();
            Directive::Include(include(kind, path.unwrap_or(target), selector), selector)
        }
        "playground" | "playpen" => {
            let attributes = words.collect::<Vec<_>>().join(",");
            Directive::Playground(include("playground", target, None), attributes)
        }
        _ => return None,
    })
}

/// The include directives in `text`, the file `file` from `first_line` on.
pub fn find(file: &Path, text: &str, first_line: usize) -> Vec<Include> {
    let dir = file.parent().unwrap_or(Path::new(""));
    let found = LINK.captures_iter(text).filter_map(|cap| {
        let start = cap.get(0).expect("group 0 always matches").start();
        let at = Location::new(file, first_line + text[..start].matches('\n').count());
        match directive(&cap, dir, at)? {
            Directive::Include(include, _) | Directive::Playground(include, _) => Some(include),
            Directive::Escaped | Directive::Title => None,
        }
    });
    found.collect()
}

/// Checks that an include's file can be read, and has the anchor (both
/// ends) or the lines it names.
pub fn check(root: &Path, include: &Include) -> Result<(), String> {
    let (at, kind, file) = (&include.at, &include.kind, include.file.display());
    let text = std::fs::read_to_string(root.join(&include.file));
    let text =
        text.map_err(|e| format!("{at}: {{{{#{kind}}}}} names {file}, which cannot be read: {e}"))?;
    match selection(include.selector.as_deref()) {
        Selection::Anchor(anchor) => {
            let named = |line: &str, pattern: &Regex| {
                pattern.captures(line).is_some_and(|c| &c[1] == anchor)
            };
            let has = |pattern| text.lines().any(|line| named(line, pattern));
            if !has(&ANCHOR_START) || !has(&ANCHOR_END) {
                return Err(format!(
                    "{at}: {{{{#{kind}}}}} names anchor `{anchor}` in {file}, which has no \
                     `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}` pair"
                ));
            }
        }
        Selection::Lines(lines) => {
            let count = text.lines().count();
            if lines.start + 1 > count || lines.end != usize::MAX && lines.end > count {
                let selector = include.selector.as_deref().unwrap_or("");
                return Err(format!(
                    "{at}: {{{{#{kind}}}}} names lines `{selector}` of {file}, which has \
                     {count} lines"
                ));
            }
        }
    }
    Ok(())
}

/// An anchor's lines, or a range (0-based; `usize::MAX`: to the end).
enum Selection<'a> {
    Anchor(&'a str),
    Lines(Range<usize>),
}

/// mdBook's reading of what follows the file name: `NAME` is an anchor;
/// `N`, `N:`, `:M`, `N:M`, nothing: lines.
fn selection(selector: Option<&str>) -> Selection<'_> {
    let mut parts = selector.unwrap_or("").splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selection::Anchor(first),
    };
    Selection::Lines(match (start, parts.next().map(str::parse::<usize>)) {
        (Some(start), Some(Ok(end))) => start..end,
        (Some(start), Some(Err(_))) => start..usize::MAX,
        (Some(start), None) => start..start + 1,
        (None, Some(Ok(end))) => 0..end,
        (None, _) => 0..usize::MAX,
    })
}

/// One line of an expanded text, and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub from: Location,
}

impl Line {
    fn new(text: impl Into<String>, file: &Path, line: usize) -> Line {
        Line {
            text: text.into(),
            from: Location::new(file, line),
        }
    }
}

/// `text`, part of `file` from its line `first_line` on, with its
/// includes expanded as mdBook expands them; line by line, with origins.
pub fn expand_lines(
    root: &Path,
    file: &Path,
    text: &str,
    first_line: usize,
) -> Result<Vec<Line>, String> {
    let lines = text.split('\n').enumerate();
    let lines = lines
        .map(|(i, line)| Line::new(line, file, first_line + i))
        .collect();
    expand_in(root, file.parent().unwrap_or(Path::new("")), lines, 0)
}

pub fn expand(root: &Path, file: &Path, text: &str) -> Result<String, String> {
    let lines = expand_lines(root, file, text, 1)?;
    Ok(lines
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n"))
}

fn expand_in(root: &Path, dir: &Path, lines: Vec<Line>, depth: usize) -> Result<Vec<Line>, String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if !LINK.is_match(&line.text) || depth >= MAX_DEPTH {
            out.push(line);
            continue;
        }
        // Text before a directive stays on its line; what it brings follows.
        let mut current = Line {
            text: String::new(),
            from: line.from.clone(),
        };
        let mut end = 0;
        for cap in LINK.captures_iter(&line.text) {
            let Some(found) = directive(&cap, dir, line.from.clone()) else {
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
                Directive::Include(include, selector) => {
                    check(root, &include)?;
                    let content = read(root, &include.file)?;
                    let rustdoc = include.kind == "rustdoc_include";
                    let taken = take(&include.file, &content, selection(selector), rustdoc);
                    let inner = include.file.parent().unwrap_or(Path::new(""));
                    expand_in(root, inner, taken, depth + 1)?
                }
                Directive::Playground(include, attributes) => {
                    let file = &include.file;
                    let content = read(root, file).map_err(|e| format!("{}: {e}", line.from))?;
                    let fence = match attributes.as_str() {
                        "" => "```rust".to_owned(),
                        attributes => format!("```rust,{attributes}"),
                    };
                    let here = |text: &str| Line {
                        text: text.to_owned(),
                        from: line.from.clone(),
                    };
                    let code = content
                        .lines()
                        .enumerate()
                        .map(|(i, text)| Line::new(text, file, i + 1));
                    let mut lines = vec![here(&fence)];
                    lines.extend(code);
                    lines.extend([here("```"), here("")]);
                    lines
                }
            };
            let mut brought = brought.into_iter();
            if let Some(first) = brought.next() {
                // A line with nothing before the directive is the included line's own.
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

/// The lines of `content` an include takes, as take_lines.rs takes them:
/// the selected lines, or with `rustdoc`, all, the rest hidden with `# `;
/// never anchor lines.
fn take(file: &Path, content: &str, selection: Selection<'_>, rustdoc: bool) -> Vec<Line> {
    let line = |i: usize, text: String| Line::new(text, file, i + 1);
    let hidden = |text: &str| format!("# {text}");
    let lines = content.lines().enumerate();
    match selection {
        Selection::Lines(range) if rustdoc => lines
            .map(|(i, l)| {
                line(
                    i,
                    if range.contains(&i) {
                        l.to_owned()
                    } else {
                        hidden(l)
                    },
                )
            })
            .collect(),
        Selection::Lines(range) => {
            let taken = lines.filter(|(i, _)| range.contains(i));
            taken.map(|(i, l)| line(i, l.to_owned())).collect()
        }
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

    /// What `text`, line 10 on of a chapter, expands to, each line with its
    /// origin (an example's line by its number alone).
    fn expanded(text: &str) -> Result<String, String> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("examples/demo/main.rs");
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("writable");
        let main = "use std::fmt;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    \
                    println!(\"hi\");\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";
        std::fs::write(&file, main).expect("writable");
        let lines = expand_lines(dir.path(), Path::new("src/chapter.md"), text, 10)?;
        let line = |l: Line| format!("{} <- {}", l.text, l.from);
        let lines: Vec<String> = lines.into_iter().map(line).collect();
        Ok(lines.join("\n").replace("<- examples/demo/main.rs:", "<- "))
    }

    #[test]
    fn expansions() {
        let cases = [
            // An anchor, without its anchor lines.
            (
                "{{#include ../examples/demo/main.rs:main}}",
                "fn main() { <- 3\n    println!(\"hi\"); <- 5\n} <- 7",
            ),
            // rustdoc_include hides the rest.
            (
                "x\n{{#rustdoc_include ../examples/demo/main.rs:inner}}",
                "x <- src/chapter.md:10\n# use std::fmt; <- 1\n# fn main() { <- 3\n    \
                 println!(\"hi\"); <- 5\n# } <- 7",
            ),
            // Line ranges, escapes and text around.
            (
                "a {{#include ../examples/demo/main.rs:3:3}} b \\{{#include x}}",
                "a fn main() { b {{#include x}} <- src/chapter.md:10",
            ),
            (
                "{{#include ../examples/demo/main.rs::2}}",
                "use std::fmt; <- 1\n// ANCHOR: main <- 2",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(expanded(text).as_deref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn a_missing_file_or_anchor_is_an_error_naming_the_line() {
        let missing = expanded("\n{{#include ../examples/demo/none.rs}}").unwrap_err();
        let named = "src/chapter.md:11: {{#include}} names examples/demo/none.rs";
        assert!(missing.starts_with(named), "{missing}");
        let anchor = expanded("{{#include ../examples/demo/main.rs:nope}}").unwrap_err();
        assert!(anchor.contains("names anchor `nope`"), "{anchor}");
        let lines = expanded("{{#include ../examples/demo/main.rs:40:41}}").unwrap_err();
        assert!(lines.contains("which has 8 lines"), "{lines}");
    }

    #[test]
    fn find_names_the_file_relative_to_the_root() {
        let text = "\n{{#include ../examples/demo/output.txt}}\n\\{{#include no}}";
        let found = find(Path::new("src/chapter.md"), text, 5);
        let shown =
            |i: &Include| format!("{} {} {} {:?}", i.at, i.kind, i.file.display(), i.selector);
        let found: Vec<String> = found.iter().map(shown).collect();
        assert_eq!(
            found,
            ["src/chapter.md:6 include examples/demo/output.txt None"]
        );
    }
}
