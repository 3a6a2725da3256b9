//! From a chapter's code block to something a checker can run.

use std::fs;
use std::path::{Path, PathBuf};

use super::includes::{self, Include};
use super::markdown::{CodeBlock, Location};
use super::snippet::{Expect, Snippet};

/// mdBook's own attributes for Rust blocks, which change only how the page
/// shows the block.
const DISPLAY_ATTRIBUTES: &[&str] = &["editable", "noplayground", "mdbook-runnable", "edition2024"];

/// Attributes that would let a block go untested, and why the book has none.
const REFUSED_ATTRIBUTES: &[(&str, &str)] = &[
    ("ignore", "every block of the book is compiled and run"),
    ("no_run", "every block of the book is compiled and run"),
    ("norun", "every block of the book is compiled and run"),
    ("edition2015", "the book's edition is 2024"),
    ("edition2018", "the book's edition is 2024"),
    ("edition2021", "the book's edition is 2024"),
];

/// Reads a Rust block's attributes: what the page says it does.
pub fn expectation(block: &CodeBlock) -> Result<Expect, String> {
    let mut expect = Expect::Success;
    let mut compile_fail = false;
    let mut code = None;
    for attribute in &block.attributes {
        let attribute = attribute.as_str();
        if let Some((_, why)) = REFUSED_ATTRIBUTES.iter().find(|(a, _)| *a == attribute) {
            return Err(format!("{}: remove `{attribute}`: {why}", block.at));
        }
        match attribute {
            "should_panic" => expect = Expect::Panic,
            "compile_fail" => compile_fail = true,
            a if DISPLAY_ATTRIBUTES.contains(&a) => {}
            a if is_error_code(a) || is_lint_name(a) => code = Some(a.to_owned()),
            other => {
                return Err(format!(
                    "{}: unknown attribute `{other}` on a rust block (known: \
                     should_panic, compile_fail with an error code, {})",
                    block.at,
                    DISPLAY_ATTRIBUTES.join(", ")
                ));
            }
        }
    }
    match (compile_fail, code, &expect) {
        (true, _, Expect::Panic) => Err(format!(
            "{}: a block cannot be both compile_fail and should_panic",
            block.at
        )),
        (true, Some(code), _) => Ok(Expect::CompileError(code)),
        (true, None, _) => Err(format!(
            "{}: compile_fail needs the error it shows, for example \
             `rust,compile_fail,E0728`, so that the test can check it",
            block.at
        )),
        (false, Some(code), _) => Err(format!(
            "{}: `{code}` only makes sense with compile_fail",
            block.at
        )),
        (false, None, _) => Ok(expect),
    }
}

/// A `should_panic` block must be an example program, so that its panic
/// message is shown on the page (in the example's `output.txt`) and checked
/// byte for byte, not merely known to be some panic.
pub fn panic_is_shown(block: &CodeBlock) -> Result<(), String> {
    let example = includes_of(block)
        .iter()
        .any(|include| example_name(&include.file).is_some());
    if block.has("should_panic") && !example {
        return Err(format!(
            "{}: a should_panic block must include an example \
             (examples/NAME/main.rs), so that the panic it shows is checked \
             with the example's output",
            block.at
        ));
    }
    Ok(())
}

fn is_error_code(s: &str) -> bool {
    s.len() == 5 && s.starts_with('E') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A rustc lint, such as `unused_must_use`, which a block can deny and then
/// show as its compile error.
fn is_lint_name(s: &str) -> bool {
    s.contains('_') && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The includes of a block, each found at its chapter line.
pub fn includes_of(block: &CodeBlock) -> Vec<Include> {
    includes::find(&block.at.file, &block.raw, block.at.line + 1)
}

/// A block's program as the compiler gets it: includes expanded as mdBook
/// expands them, hidden `# ` lines shown, and wrapped in `fn main` if it has
/// none (as rustdoc and mdBook's playground do).
pub fn snippet(root: &Path, block: &CodeBlock, expect: Expect) -> Snippet {
    let expanded = includes::expand(root, &block.at.file, &block.raw);
    let lines: Vec<String> = expanded.lines().map(|l| unhide(l).to_owned()).collect();
    let mut origins = trace_origins(root, block, &lines);

    let has_main = lines.iter().any(|l| l.contains("fn main("));
    let code_lines = if has_main {
        lines
    } else {
        // Crate attributes (`#![...]`) must stay at the top of the crate.
        let (attrs, body): (Vec<_>, Vec<_>) = lines
            .into_iter()
            .zip(origins)
            .partition(|(line, _)| line.trim_start().starts_with("#!["));
        let mut out = Vec::new();
        origins = Vec::new();
        for (line, origin) in attrs {
            out.push(line);
            origins.push(origin);
        }
        out.push("fn main() {".to_owned());
        origins.push(None);
        for (line, origin) in body {
            out.push(line);
            origins.push(origin);
        }
        out.push("}".to_owned());
        origins.push(None);
        out
    };
    let mut code = code_lines.join("\n");
    code.push('\n');
    Snippet {
        at: block.at.clone(),
        code,
        origins,
        expect,
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

/// Where each line of the expanded block was written: a line of the chapter,
/// or a line of a file that an include brought in. Lines are matched in
/// order against the candidates, so the result is right for any include
/// form mdBook supports.
fn trace_origins(root: &Path, block: &CodeBlock, lines: &[String]) -> Vec<Option<Location>> {
    let mut candidates: Vec<(String, Location)> = Vec::new();
    for (i, raw_line) in block.raw.lines().enumerate() {
        let here = Location {
            file: block.at.file.clone(),
            line: block.at.line + 1 + i,
        };
        let found = includes::find(&block.at.file, raw_line, here.line);
        match found.first() {
            Some(include) => {
                let text = fs::read_to_string(root.join(&include.file)).unwrap_or_default();
                for (j, line) in text.lines().enumerate() {
                    let at = Location {
                        file: include.file.clone(),
                        line: j + 1,
                    };
                    candidates.push((line.trim().to_owned(), at));
                }
            }
            None => candidates.push((unhide(raw_line).trim().to_owned(), here)),
        }
    }
    let mut next = 0;
    lines
        .iter()
        .map(|line| {
            let key = line.trim();
            let hit = candidates[next..]
                .iter()
                .position(|(text, _)| text == key)?;
            let (_, at) = &candidates[next + hit];
            next += hit + 1;
            Some(at.clone())
        })
        .collect()
}

/// `examples/<name>/main.rs` (or `main.py`) -> `<name>`.
pub fn example_name(file: &Path) -> Option<String> {
    let mut parts = file.components();
    (parts.next()?.as_os_str() == "examples")
        .then(|| parts.next())
        .flatten()
        .map(|name| name.as_os_str().to_string_lossy().into_owned())
        .filter(|_| file.extension().is_some_and(|e| e == "rs" || e == "py"))
}

/// `examples/<name>/output.txt` -> `<name>`, and the same for the
/// `python-output.txt` of the example's asyncio original, with `true`.
pub fn example_of_output(file: &Path) -> Option<(String, bool)> {
    let mut parts = file.components();
    let top = parts.next()?.as_os_str() == "examples";
    let name = parts.next()?.as_os_str().to_string_lossy().into_owned();
    let leaf = parts.next()?.as_os_str();
    let python = leaf == "python-output.txt";
    (top && (python || leaf == "output.txt") && parts.next().is_none()).then_some((name, python))
}

/// All Markdown files under `dir`, sorted, relative to `root`.
pub fn markdown_files(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path.strip_prefix(root).unwrap_or(&path).to_owned());
            }
        }
    }
    found.sort();
    found
}
