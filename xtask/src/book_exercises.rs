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
//! name is the solution. An exercise is of one of two kinds, by what its
//! page shows a correct answer printing (see [`Answer`]): a program, whose
//! output is `output.txt` (`$ cargo run --example NAME`); or tests, whose
//! output is `test-output.txt` (`$ cargo test --example NAME -- ARGS`).

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
/// Tests are run as `cargo test` runs the examples' tests for the book's
/// `test-output.txt` checks: these variables removed too, since each
/// changes what libtest prints (how many tests run at once, whether their
/// output is captured, their order, its timing notes).
pub const TEST_ENV_REMOVED: &[&str] = &[
    "RUST_TEST_THREADS",
    "RUST_TEST_NOCAPTURE",
    "RUST_TEST_SHUFFLE",
    "RUST_TEST_TIME_UNIT",
];

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

/// The lines of a chapter's text that are not inside a fenced code block,
/// with their 0-based index.
fn outside_code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fence: Option<Fence> = None;
    text.lines().enumerate().filter(move |(_, line)| {
        if let Some(open) = &fence {
            if open.closed_by(line) {
                fence = None;
            }
            return false;
        }
        if let Some(open) = Fence::opening(line) {
            fence = Some(open);
            return false;
        }
        true
    })
}

/// The exercise and puzzle markers of a chapter's text.
pub fn markers(text: &str) -> Vec<Marker> {
    let mut found = Vec::new();
    for (i, line) in outside_code(text) {
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
    for (i, line) in outside_code(text) {
        if let Some(title) = heading(line) {
            found.push((i + 1, title));
        }
    }
    found
}

/// The text of `line` if it is an ATX heading (`#` to `######`).
fn heading(line: &str) -> Option<String> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| rest.trim().trim_end_matches('#').trim().to_owned())
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

/// What an exercise asks for, by what its page shows a correct answer
/// printing; the checker compares the reader's copy with that.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A program. The page shows `$ cargo run --example NAME` and
    /// `examples/NAME/output.txt`; the checker runs the reader's copy and
    /// compares what it prints.
    Program,
    /// Tests. The page shows `$ cargo test --example NAME`, maybe with `--
    /// ARGS`, and `examples/NAME/test-output.txt`; the checker compiles the
    /// reader's copy as `cargo test` does (its `#[cfg(test)]` code in,
    /// libtest's `main` instead of its own), runs its tests with `ARGS`, and
    /// compares what they print.
    Tests { args: Vec<String> },
}

impl Answer {
    /// The file of the example's folder that holds what a correct answer
    /// prints.
    pub fn file_name(&self) -> &'static str {
        match self {
            Answer::Program => "output.txt",
            Answer::Tests { .. } => "test-output.txt",
        }
    }

    /// That file for exercise `name`, relative to the book's root.
    pub fn expected(&self, name: &str) -> PathBuf {
        Path::new("examples").join(name).join(self.file_name())
    }

    /// The command that runs the reader's copy of exercise `name` as the
    /// checker does, for the reader to see all it prints.
    pub fn copy_command(&self, name: &str) -> String {
        match self {
            Answer::Program => format!("cargo run -p exercises --bin {name}"),
            Answer::Tests { args } if args.is_empty() => {
                format!("cargo test -p exercises --bin {name}")
            }
            Answer::Tests { args } => {
                format!("cargo test -p exercises --bin {name} -- {}", args.join(" "))
            }
        }
    }
}

/// Where an exercise's page shows what a correct answer prints, and so what
/// kind of answer it asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The line of the console block's opening fence, 1-based.
    pub line: usize,
    pub answer: Answer,
}

/// The console block of `text` that shows what a correct answer to exercise
/// `name` prints: the first one in the exercise's section (after its
/// marker, on line `marker`, and before the next heading) that holds two
/// lines, a command that runs example `name` and the include of what it
/// prints: `$ cargo run --example NAME` and `examples/NAME/output.txt`, or
/// `$ cargo test --example NAME`, maybe followed by ` -- ARGS`, and
/// `examples/NAME/test-output.txt`.
pub fn shown(text: &str, marker: usize, name: &str) -> Result<Shown, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = marker; // the 0-based index of the line after the marker
    while let Some(line) = lines.get(at) {
        if let Some(fence) = Fence::opening(line) {
            let body: Vec<&str> = lines[at + 1..]
                .iter()
                .take_while(|l| !fence.closed_by(l))
                .copied()
                .collect();
            if fence.info.first().is_some_and(|word| word == "console")
                && let Some(answer) = answer_of(&body, name)
            {
                return Ok(Shown {
                    line: at + 1,
                    answer,
                });
            }
            at += body.len() + 2;
            continue;
        }
        if heading(line).is_some() {
            break;
        }
        at += 1;
    }
    Err(format!(
        "the exercise's page shows what a correct answer prints, after the starter \
         and before the next heading: a console block with `$ cargo run --example \
         {name}` and `{{{{#include ../examples/{name}/output.txt}}}}`; or, if the \
         answer is a test, `$ cargo test --example {name}` (with `-- \
         --test-threads=1` or not) and `{{{{#include \
         ../examples/{name}/test-output.txt}}}}`"
    ))
}

/// What kind of answer a console block's two lines show, if they are a
/// command that runs example `name` and the include of what it prints.
fn answer_of(body: &[&str], name: &str) -> Option<Answer> {
    let [command, include] = body else {
        return None;
    };
    let command = command.trim_end().strip_prefix("$ ")?;
    let answer = if command == format!("cargo run --example {name}") {
        Answer::Program
    } else {
        let rest = command.strip_prefix("cargo test --example ")?;
        let (example, args) = rest.split_once(" -- ").unwrap_or((rest, ""));
        (example == name).then_some(())?;
        Answer::Tests {
            args: args.split_whitespace().map(str::to_owned).collect(),
        }
    };
    let file = format!("/examples/{name}/{}}}}}", answer.file_name());
    let include = include.trim();
    (include.starts_with("{{#include ") && include.ends_with(&file)).then_some(answer)
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
/// but for the first line of a panic message (see [`unplaced`]) and, when
/// the answer is tests, the hundredths of a second of libtest's summary
/// (see [`unclocked`]); and says how it ended: a pass needs the same output
/// and a successful exit.
pub fn verdict(expected: &[u8], printed: &[u8], ending: &Ending, answer: &Answer) -> Verdict {
    let expected = String::from_utf8_lossy(expected);
    let printed = String::from_utf8_lossy(printed);
    let want: Vec<&str> = expected.split_inclusive('\n').collect();
    let got: Vec<&str> = printed.split_inclusive('\n').collect();
    let compared = |line: &str| match answer {
        Answer::Program => unplaced(line).into_owned(),
        Answer::Tests { .. } => unplaced(&unclocked(line)).into_owned(),
    };
    let differs = |a: &str, b: &str| compared(a) != compared(b);
    let first_difference = want
        .iter()
        .zip(&got)
        .position(|(a, b)| differs(a, b))
        .or((want.len() != got.len()).then(|| want.len().min(got.len())));
    // What the verdict speaks of: the program, or its tests.
    let (prints, subject, they) = match answer {
        Answer::Program => ("it prints what a correct answer prints", "it", "it"),
        Answer::Tests { .. } => (
            "its tests print what a correct answer's tests print",
            "its tests",
            "they",
        ),
    };
    let mut text = Vec::new();
    match (ending, first_difference) {
        (Ending::Success, None) => {
            return Verdict::Pass(format!("{prints} ({})", count(want.len())));
        }
        (Ending::Success, Some(_)) => {}
        (Ending::Failure(status), None) => {
            text.push(format!("{prints}, but {they} ended with {status}"));
        }
        (Ending::Failure(status), Some(_)) => text.push(format!("{subject} ended with {status}")),
        (Ending::Stopped(limit), _) => text.push(match answer {
            Answer::Program => format!(
                "it did not finish within {} s, so it was stopped: it waits for something \
                 that never happens, or never stops",
                limit.as_secs()
            ),
            Answer::Tests { .. } => format!(
                "its tests did not finish within {} s, so they were stopped: a test waits \
                 for something that never happens, or never stops",
                limit.as_secs()
            ),
        }),
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

/// A line of a test output as it is compared, by this checker and by the
/// book's check of every `test-output.txt`: libtest's closing summary,
/// `test result: ok. 1 passed; ...; finished in 0.14s`, with the hundredths
/// of a second masked (`finished in 0.<hundredths>s`). They are the real
/// time the tests took, which changes from run to run. The whole seconds
/// are compared: tests that the book says run on the paused clock fail if
/// they wait for seconds of real time. Any other line is left as it is.
pub fn unclocked(line: &str) -> std::borrow::Cow<'_, str> {
    const FINISHED: &str = "; finished in ";
    let (body, end) = match line.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (line, ""),
    };
    let masked = (|| {
        let summary = body
            .strip_prefix("test result: ok. ")
            .or_else(|| body.strip_prefix("test result: FAILED. "))?;
        let at = body.rfind(FINISHED)?;
        (at >= body.len() - summary.len()).then_some(())?;
        let time = body[at + FINISHED.len()..].strip_suffix('s')?;
        let (whole, hundredths) = time.split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(whole) && digits(hundredths)).then_some(())?;
        Some(format!(
            "{}{whole}.<hundredths>s{end}",
            &body[..at + FINISHED.len()]
        ))
    })();
    match masked {
        Some(masked) => masked.into(),
        None => line.into(),
    }
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
