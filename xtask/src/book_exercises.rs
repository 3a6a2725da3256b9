//! The book's exercises as `cargo xtask exercise` and `cargo test` both see
//! them: where they are, the reader's copy of a starter, and the verdict on
//! what a program printed. This one file is compiled into both (the test
//! suite includes it with `#[path]`), so the verdict a reader gets is the
//! one the tests prove, and the copy a reader gets is the program the tests
//! compile. It uses the standard library only.
//!
//! An exercise, in a chapter (the format is in the README):
//!
//! ````markdown
//! <!-- exercise: event-loop-exercise-blocking-sleep -->
//! ```rust,editable
//! {{#include ../examples/event-loop-exercise-blocking-sleep/main.rs:given}}
//! ...the starter's own lines...
//! ```
//! ````
//!
//! The block right after the marker is the starter; the example of the same
//! name is the solution, and its `output.txt` is what a correct answer
//! prints.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a reader's program may run before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Where the readers' copies live: binaries of the workspace member
/// `exercises`, in a folder that git ignores.
pub const COPIES: &str = "exercises/src/bin";

/// How a program is run to compare what it prints with a captured output,
/// as `cargo test` runs the examples: these variables removed (a backtrace
/// would change a panic's message)...
pub const ENV_REMOVED: &[&str] = &["RUST_BACKTRACE", "RUST_LIB_BACKTRACE"];
/// ...and these set.
pub const ENV_SET: &[(&str, &str)] = &[("NO_COLOR", "1")];

/// The reader's copy of exercise `name`, relative to the book's root.
pub fn copy_path(name: &str) -> PathBuf {
    Path::new(COPIES).join(format!("{name}.rs"))
}

/// A chapter as `src/SUMMARY.md` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub title: String,
    /// Relative to the book's root: `src/event-loop.md`.
    pub file: PathBuf,
    /// A chapter of the numbered parts (`- [Title](file.md)`), not a prefix
    /// or suffix chapter (`[Title](file.md)`).
    pub numbered: bool,
}

/// The chapters of the book at `root`, in the order of its `SUMMARY.md`.
pub fn summary(root: &Path) -> Result<Vec<Listed>, String> {
    let path = root.join("src/SUMMARY.md");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut listed = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let (numbered, entry) = match trimmed.strip_prefix("- ").or(trimmed.strip_prefix("* ")) {
            Some(entry) => (true, entry),
            None => (false, trimmed),
        };
        let Some(entry) = entry.strip_prefix('[') else {
            continue;
        };
        let Some((title, rest)) = entry.split_once("](") else {
            continue;
        };
        let Some(file) = rest.strip_suffix(')') else {
            continue;
        };
        if file.is_empty() {
            continue; // a draft chapter: listed, not written yet
        }
        listed.push(Listed {
            title: title.to_owned(),
            file: Path::new("src").join(file),
            numbered,
        });
    }
    Ok(listed)
}

/// What a marker comment announces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `<!-- exercise: NAME -->`
    Exercise(String),
    /// `<!-- puzzle -->`
    Puzzle,
}

/// A marker comment, on its own line of a chapter, outside code blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub kind: Kind,
    /// 1-based.
    pub line: usize,
}

/// The exercise and puzzle markers of a chapter's text.
pub fn markers(text: &str) -> Vec<Marker> {
    let mut found = Vec::new();
    let mut fence: Option<Fence> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(open) = &fence {
            if open.closed_by(line) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = Fence::opening(line) {
            fence = Some(open);
            continue;
        }
        let trimmed = line.trim();
        let kind = if trimmed == "<!-- puzzle -->" {
            Kind::Puzzle
        } else if let Some(name) = trimmed
            .strip_prefix("<!-- exercise:")
            .and_then(|rest| rest.strip_suffix("-->"))
        {
            Kind::Exercise(name.trim().to_owned())
        } else {
            continue;
        };
        found.push(Marker { kind, line: i + 1 });
    }
    found
}

/// The headings of a chapter's text (`#` to `######`, outside code blocks):
/// each line (1-based) and text.
pub fn headings(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut fence: Option<Fence> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(open) = &fence {
            if open.closed_by(line) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = Fence::opening(line) {
            fence = Some(open);
            continue;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        let rest = &line[hashes..];
        if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')) {
            found.push((i + 1, rest.trim().trim_end_matches('#').trim().to_owned()));
        }
    }
    found
}

/// The block right after a marker, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The line of its opening fence, 1-based.
    pub line: usize,
    /// The words of its info string: `rust`, `editable`, ...
    pub info: Vec<String>,
    /// Its text, between the fences.
    pub raw: String,
}

/// The fenced code block that starts on the first non-blank line after line
/// `marker` (1-based) of `text`.
pub fn block_after(text: &str, marker: usize) -> Result<Block, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = marker; // the 0-based index of the line after the marker
    while lines.get(at).is_some_and(|l| l.trim().is_empty()) {
        at += 1;
    }
    let fence = lines
        .get(at)
        .and_then(|l| Fence::opening(l))
        .ok_or("the marker is not followed by a code block")?;
    let mut raw = String::new();
    for line in &lines[at + 1..] {
        if fence.closed_by(line) {
            break;
        }
        // A fence indented by n spaces takes up to n spaces off each line.
        let indent = line.len() - line.trim_start_matches(' ').len();
        raw.push_str(&line[indent.min(fence.indent)..]);
        raw.push('\n');
    }
    Ok(Block {
        line: at + 1,
        info: fence.info,
        raw,
    })
}

/// An opening code fence (CommonMark): up to three spaces, then three or
/// more backticks or tildes, then the info string.
struct Fence {
    indent: usize,
    char: char,
    len: usize,
    info: Vec<String>,
}

impl Fence {
    fn opening(line: &str) -> Option<Fence> {
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        let char = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.len() - rest.trim_start_matches(char).len();
        let info = &rest[len..];
        if indent > 3 || len < 3 || (char == '`' && info.contains('`')) {
            return None;
        }
        let info = info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Some(Fence {
            indent,
            char,
            len,
            info,
        })
    }

    fn closed_by(&self, line: &str) -> bool {
        let rest = line.trim_start_matches(' ');
        let len = rest.len() - rest.trim_start_matches(self.char).len();
        line.len() - rest.len() <= 3 && len >= self.len && rest[len..].trim().is_empty()
    }
}

/// The program of a block, as the reader's copy holds it and the tests
/// compile it: its `{{#include}}`s expanded as mdBook expands them, its
/// hidden lines (`# `) shown, and wrapped in `fn main() { ... }` if it has
/// no `main` (as rustdoc and mdBook's playground do). `chapter` is the
/// chapter's file relative to `root`.
pub fn program(root: &Path, chapter: &Path, raw: &str) -> Result<String, String> {
    let dir = root.join(chapter.parent().unwrap_or(Path::new("")));
    let expanded = expand(&dir, raw, 0)?;
    let lines: Vec<&str> = expanded.lines().map(unhide).collect();
    if lines.iter().any(|l| l.contains("fn main(")) {
        return Ok(lines.join("\n") + "\n");
    }
    // Crate attributes (`#![...]`) must stay at the top of the crate.
    let (attributes, body): (Vec<&str>, Vec<&str>) = lines
        .iter()
        .partition(|line| line.trim_start().starts_with("#!["));
    let mut code: Vec<&str> = attributes;
    code.push("fn main() {");
    code.extend(body);
    code.push("}");
    Ok(code.join("\n") + "\n")
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

/// mdBook's link preprocessor, for the directives a code block can hold:
/// `{{#include FILE}}`, `{{#include FILE:ANCHOR}}`, `{{#include
/// FILE:FROM:TO}}`, the same with `{{#rustdoc_include}}` (the lines outside
/// the anchor or range hidden with `# `), and `\{{#...}}`, which stays as
/// written less its backslash. `dir` is the folder the paths are relative
/// to. A file that cannot be read is an error (mdBook would leave the
/// directive in the page).
fn expand(dir: &Path, text: &str, depth: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(found) = next_directive(rest) {
        out.push_str(&rest[..found.start]);
        match found.kind {
            Directive::Escaped => out.push_str(&rest[found.start + 1..found.end]),
            Directive::Include {
                rustdoc,
                path,
                selector,
            } => {
                let file = dir.join(&path);
                let content = fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                let taken = take(&content, selector.as_deref(), rustdoc);
                let inner = file.parent().unwrap_or(dir);
                // mdBook expands what an include brings in, a few levels deep.
                if depth < 10 {
                    out.push_str(&expand(inner, &taken, depth + 1)?);
                } else {
                    out.push_str(&taken);
                }
            }
            Directive::Other => out.push_str(&rest[found.start..found.end]),
        }
        rest = &rest[found.end..];
    }
    out.push_str(rest);
    Ok(out)
}

struct Found {
    start: usize,
    end: usize,
    kind: Directive,
}

enum Directive {
    Escaped,
    Include {
        rustdoc: bool,
        path: String,
        selector: Option<String>,
    },
    /// A directive this module leaves alone (`{{#title}}`, `{{#playground}}`).
    Other,
}

/// The first directive in `text`, found as mdBook's pattern finds it:
/// `\{{#` up to the last `}}` on its line, or `{{`, spaces, `#TYPE`, spaces,
/// anything but `}`, and `}}`.
fn next_directive(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("\\{{#") {
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            if let Some(close) = text[i..line_end].rfind("}}") {
                return Some(Found {
                    start: i,
                    end: i + close + 2,
                    kind: Directive::Escaped,
                });
            }
        }
        if text[i..].starts_with("{{")
            && let Some(found) = directive_at(text, i)
        {
            return Some(found);
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn directive_at(text: &str, start: usize) -> Option<Found> {
    let after = &text[start + 2..];
    let after = after.trim_start();
    let after = after.strip_prefix('#')?;
    let type_len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let (kind, after) = after.split_at(type_len);
    if kind.is_empty() || !after.starts_with(char::is_whitespace) {
        return None;
    }
    let close = after.find('}')?;
    if !after[close..].starts_with("}}") || after[..close].trim().is_empty() {
        return None;
    }
    let end = text.len() - after.len() + close + 2;
    let mut words = after[..close].split_whitespace();
    let target = words.next()?;
    let (path, selector) = match target.split_once(':') {
        Some((path, selector)) => (path, Some(selector.to_owned())),
        None => (target, None),
    };
    let kind = match kind {
        "include" | "rustdoc_include" => Directive::Include {
            rustdoc: kind == "rustdoc_include",
            path: path.to_owned(),
            selector,
        },
        _ => Directive::Other,
    };
    Some(Found { start, end, kind })
}

/// The part of `content` that an include with `selector` (an anchor, a
/// line range, or nothing) takes; with `rustdoc`, the whole file, the rest
/// hidden.
fn take(content: &str, selector: Option<&str>, rustdoc: bool) -> String {
    let mut parts = selector.unwrap_or("").splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let range = if let Ok(start) = first.parse::<usize>() {
        let start = start.saturating_sub(1);
        match parts.next().map(str::parse::<usize>) {
            Some(Ok(end)) => Some((start, Some(end))),
            Some(Err(_)) => Some((start, None)),
            None => Some((start, Some(start + 1))),
        }
    } else if first.is_empty() {
        match parts.next().map(str::parse::<usize>) {
            Some(Ok(end)) => Some((0, Some(end))),
            _ => Some((0, None)),
        }
    } else {
        None
    };
    let lines: Vec<&str> = content.lines().collect();
    match (range, rustdoc) {
        (Some((start, end)), false) => {
            let end = end.unwrap_or(usize::MAX).min(lines.len());
            lines.get(start..end.max(start)).unwrap_or(&[]).join("\n")
        }
        (Some((start, end)), true) => {
            let end = end.unwrap_or(usize::MAX);
            let shown: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i >= start && i < end {
                        (*l).to_owned()
                    } else {
                        format!("# {l}")
                    }
                })
                .collect();
            shown.join("\n")
        }
        (None, rustdoc) => anchored(&lines, first, rustdoc),
    }
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any
/// anchor line; with `rustdoc`, every other line too, hidden.
fn anchored(lines: &[&str], name: &str, rustdoc: bool) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut inside = false;
    for line in lines {
        let start = anchor_name(line, "ANCHOR:");
        let end = anchor_name(line, "ANCHOR_END:");
        if inside {
            if let Some(end) = end {
                if end == name {
                    if !rustdoc {
                        break;
                    }
                    inside = false;
                }
            } else if start.is_none() {
                kept.push((*line).to_owned());
            }
        } else if let Some(start) = start {
            inside = start == name;
        } else if rustdoc && end.is_none() {
            kept.push(format!("# {line}"));
        }
    }
    kept.join("\n")
}

/// The name after `ANCHOR:` (or `ANCHOR_END:`) in `line`, if any: mdBook's
/// `ANCHOR:\s*([\w_-]+)`.
fn anchor_name<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let at = line.find(tag)?;
    let rest = line[at + tag.len()..].trim_start();
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

/// How a program ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// It exited successfully.
    Success,
    /// It exited otherwise: how, as the system says (`exit status: 101`).
    Failure(String),
    /// It ran past the time limit and was stopped.
    Stopped(Duration),
}

/// Whether a program printed what a correct answer prints, in a few lines
/// for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass(String),
    Fail(String),
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Pass(_))
    }

    pub fn text(&self) -> &str {
        match self {
            Verdict::Pass(text) | Verdict::Fail(text) => text,
        }
    }
}

/// Compares what a program `printed` (standard output and error, as a
/// terminal shows them) with what a correct answer prints, byte for byte
/// but for the first line of a panic message (see [`unplaced`]), and says
/// how it ended: a pass needs the same output and a successful exit.
pub fn verdict(expected: &[u8], printed: &[u8], ending: &Ending) -> Verdict {
    let expected = String::from_utf8_lossy(expected);
    let printed = String::from_utf8_lossy(printed);
    let want: Vec<&str> = expected.split_inclusive('\n').collect();
    let got: Vec<&str> = printed.split_inclusive('\n').collect();
    let differs = |a: &str, b: &str| unplaced(a) != unplaced(b);
    let first_difference = want
        .iter()
        .zip(&got)
        .position(|(a, b)| differs(a, b))
        .or((want.len() != got.len()).then(|| want.len().min(got.len())));
    let mut text = Vec::new();
    match (ending, first_difference) {
        (Ending::Success, None) => {
            return Verdict::Pass(format!(
                "it prints what a correct answer prints ({})",
                count(want.len())
            ));
        }
        (Ending::Success, Some(_)) => {}
        (Ending::Failure(status), None) => text.push(format!(
            "it prints what a correct answer prints, but it ended with {status}"
        )),
        (Ending::Failure(status), Some(_)) => text.push(format!("it ended with {status}")),
        (Ending::Stopped(limit), _) => text.push(format!(
            "it did not finish within {} s, so it was stopped: it waits for something \
             that never happens, or never stops",
            limit.as_secs()
        )),
    }
    if let Some(index) = first_difference {
        let (a, b) = (want.get(index).copied(), got.get(index).copied());
        // Shown without their line ends, unless that is all that differs.
        let only_ends = a.zip(b).is_some_and(|(a, b)| a.trim_end() == b.trim_end());
        let show = |line: Option<&str>, lines: usize| match line {
            Some(line) if only_ends => format!("{line:?}"),
            Some(line) => format!("{:?}", line.strip_suffix('\n').unwrap_or(line)),
            None if lines == 0 => "nothing at all".to_owned(),
            None => format!("nothing: the output ends after line {lines}"),
        };
        text.push(format!("line {} differs:", index + 1));
        text.push(format!("  expected: {}", show(a, want.len())));
        text.push(format!("  printed:  {}", show(b, got.len())));
        text.push(format!(
            "({} expected, {} printed)",
            count(want.len()),
            got.len()
        ));
    }
    Verdict::Fail(text.join("\n"))
}

/// A line as the verdict compares it: the first line of a panic message,
/// `thread 'main' (8164) panicked at src/main.rs:12:5:`, without the
/// thread's id, which changes from run to run, and without the place,
/// which is a line of the reader's own file; the message on the next line
/// is compared as it is.
pub fn unplaced(line: &str) -> std::borrow::Cow<'_, str> {
    let parsed = (|| {
        let rest = line.strip_prefix("thread '")?;
        let (thread, rest) = rest.split_once('\'')?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(id) => {
                let (digits, rest) = id.split_once(')')?;
                digits.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
                rest.trim_start()
            }
            None => rest,
        };
        let place = rest.strip_prefix("panicked at ")?;
        place.trim_end().ends_with(':').then_some(())?;
        Some(format!("thread '{thread}' panicked at (a place):\n"))
    })();
    match parsed {
        Some(masked) => masked.into(),
        None => line.into(),
    }
}

fn count(lines: usize) -> String {
    match lines {
        1 => "1 line".to_owned(),
        n => format!("{n} lines"),
    }
}
