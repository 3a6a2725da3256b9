//! Promise: every Rust block of the book compiles as edition 2024 with
//! warnings denied, and runs, or fails exactly as its page says; and every
//! compiler error shown on a page is what rustc prints.
//!
//! `src/<chapter>.md:<line> rust`: a block that shows an example whole
//! (`{{#rustdoc_include ../examples/NAME/main.rs:main}}`) is not compiled
//! again: the check proves that the code the page holds, hidden lines
//! included, is exactly `examples/NAME/main.rs`, which cargo built in this
//! run as strictly ([`examples_are_strict`]) and `examples/NAME output` runs.
//! Any other block is compiled as a program of its own (`support::rustc`),
//! through the compile cache, and run. It succeeds, panics (`should_panic`;
//! only an example, whose panic message its output shows), or does not
//! compile (`compile_fail`, maybe with the error code or lint: the console
//! block after it shows what rustc prints). `ignore`, `no_run` and other
//! editions are refused.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use book_model::book::{example_name, includes_of};
use book_model::includes::Include;
use book_model::markdown::CodeBlock;
use book_model::output::{self, Mask};
use book_model::process::{self, Streams};
use book_model::snippet::Snippet;
use regex::Regex;

use crate::support::run::Run;
use crate::support::rustc::{Build, Compiled, Diagnostic, SOURCE};
use crate::support::trial::Check;
use crate::support::{command, first_lines, indent, last_lines, none};

/// What the page says a block does: succeed, panic, or not compile, with
/// this error code or lint if one is named (some errors have none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Success,
    Panic,
    CompileError(Option<String>),
}

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    for chapter in &run.book.chapters {
        for (i, block) in chapter.blocks.iter().enumerate() {
            if block.lang == "rust" {
                let (block, run) = (block.clone(), Arc::clone(run));
                let after = shown_errors(&chapter.blocks, i);
                checks.push(Check::new(format!("{} rust", block.at), move || {
                    panic_is_shown(&block)?;
                    check_block(&run, &block, after.as_ref())
                }));
            }
        }
    }
    let manifest = run.root().join("Cargo.toml");
    if manifest.is_file() {
        let name = "examples are built as edition 2024 with warnings denied";
        checks.push(Check::new(name, move || examples_are_strict(&manifest)));
    }
    checks
}

/// The file the console block after block `i` shows as rustc's messages.
fn shown_errors(blocks: &[CodeBlock], i: usize) -> Option<Include> {
    let next = blocks.get(i + 1)?;
    let shows = next.lang == "console" && next.raw.starts_with("$ cargo build\n");
    includes_of(next).into_iter().next().filter(|_| shows)
}

/// Checks one Rust block as its page says it behaves.
fn check_block(run: &Run, block: &CodeBlock, errors_shown: Option<&Include>) -> Result<(), String> {
    let at = &block.at;
    let expect = expectation(block)?;
    let snippet = Snippet::of(run.root(), block)?;
    if let Some(name) = shows_example_whole(run.root(), block, &snippet) {
        return match expect {
            Expect::CompileError(_) => Err(format!(
                "{at}: examples/{name}/main.rs is an example, and examples must compile; \
                 show code that does not compile in the chapter itself"
            )),
            // The example build compiled it; `examples/NAME output` runs it.
            Expect::Success | Expect::Panic => run.example(&name).map(drop),
        };
    }
    if let (Expect::Success | Expect::Panic, Some(shown)) = (&expect, errors_shown) {
        return Err(format!(
            "{}: shows rustc's errors for the block above it, which is not marked \
             compile_fail",
            shown.at
        ));
    }
    let compiled = compile(run, &snippet, &expect, Build::Binary)?;
    if let Some(binary) = &compiled.program {
        return run_block(run, &snippet, binary, &expect);
    }
    let Some(shown) = errors_shown else {
        return Err(format!(
            "{at}: a block that does not compile is followed by what rustc prints \
             for it: a console block with `$ cargo build` and `{{{{#include \
             ../examples/compile-errors/NAME.txt}}}}` (then run `cargo xtask \
             bless` to capture it)"
        ));
    };
    let printed = rendered(&compiled.diagnostics);
    let (root, bless) = (run.root(), run.settings.bless);
    let compared = output::compare(
        root,
        &shown.file,
        printed.as_bytes(),
        Mask::EXACT,
        Some(&shown.at),
        bless,
    );
    compared.map_err(|e| {
        format!("{at}: what rustc prints for this block is not what the page shows:\n  {e}")
    })
}

pub fn summary(run: &Run) -> Option<String> {
    use std::sync::atomic::Ordering::Relaxed;
    let compiler = &run.tools.compiler;
    let (fresh, cached) = (compiler.fresh.load(Relaxed), compiler.cached.load(Relaxed));
    (fresh + cached > 0).then(|| {
        format!(
            "Rust snippets: {fresh} compiled in this run, {cached} from the cache (a block \
             that shows an example whole is compiled by cargo, with the examples)"
        )
    })
}

/// mdBook's pattern for the anchor lines a page leaves out (take_lines.rs).
static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR(_END)?:\s*[\w_-]+").expect("valid regex"));

/// The example whose `main.rs` the block shows whole, if it does: its one
/// include is of that file, and the code the page holds is the file line
/// for line, but for anchor lines and blank lines at the end.
pub fn shows_example_whole(root: &Path, block: &CodeBlock, snippet: &Snippet) -> Option<String> {
    let [include] = includes_of(block).try_into().ok()?;
    let name = example_name(&include.file).filter(|_| include.file.ends_with("main.rs"))?;
    let file = fs::read_to_string(root.join(&include.file)).ok()?;
    let compiled = file.lines().filter(|l| !ANCHOR.is_match(l));
    fn unpadded(mut lines: Vec<&str>) -> Vec<&str> {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines
    }
    let same = unpadded(compiled.collect()) == unpadded(snippet.code.lines().collect());
    (!snippet.wrapped && same).then_some(name)
}

/// Compiles `snippet` through the run's compiler, which keeps the result if
/// it is what the page expects; fails if it is not.
pub fn compile(
    run: &Run,
    snippet: &Snippet,
    expect: &Expect,
    build: Build,
) -> Result<Compiled, String> {
    let verdict =
        |succeeded, diagnostics: &[Diagnostic]| verdict(snippet, expect, succeeded, diagnostics);
    let (label, limit) = (snippet.at.to_string(), run.settings.compile_limit);
    let (source, expects) = ((SOURCE, snippet.code.as_str()), format!("{expect:?}"));
    run.tools
        .compiler
        .compile(&label, source, &expects, build, limit, &verdict)
}

fn verdict(
    program: &Snippet,
    expect: &Expect,
    succeeded: bool,
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let at = &program.at;
    match (expect, succeeded) {
        (Expect::CompileError(None), false) | (Expect::Success | Expect::Panic, true) => Ok(()),
        (Expect::CompileError(Some(code)), false) => {
            if diagnostics.iter().any(|d| d.is_error() && d.code == *code) {
                return Ok(());
            }
            Err(format!(
                "{at}: the page says this block fails to compile with {code}, \
                 but rustc reports other errors:\n{}",
                render(program, diagnostics)
            ))
        }
        (Expect::CompileError(_), true) => Err(format!(
            "{at}: the page says this block does not compile, but it compiles"
        )),
        (expect, false) => {
            let what = match expect {
                Expect::Panic => {
                    "is marked should_panic, but it must compile first, and it does not"
                }
                _ => "does not compile",
            };
            Err(format!(
                "{at}: this block {what}:\n{}",
                render(program, diagnostics)
            ))
        }
    }
}

fn run_block(run: &Run, program: &Snippet, binary: &Path, expect: &Expect) -> Result<(), String> {
    let (at, limit) = (&program.at, run.settings.run_limit);
    let dir = run.work_dir(&at.to_string())?;
    let finished = process::run(command(binary, &dir), b"", limit, Streams::Separate);
    let finished = finished.map_err(|e| format!("{at}: cannot run the program: {e}"))?;
    let _ = fs::remove_dir_all(&dir);
    let Some(status) = finished.status else {
        return Err(format!(
            "{at}: did not finish within {limit:?}, so it was stopped: it hangs or \
             waits for something that never happens"
        ));
    };
    let stderr = locate(program, &String::from_utf8_lossy(&finished.stderr));
    let last = || last_lines(&stderr, 12);
    match expect {
        Expect::Success if status.success() => Ok(()),
        Expect::Success => Err(format!(
            "{at}: this block compiles, but the program failed:\n{}",
            last()
        )),
        Expect::Panic if status.success() => Err(format!(
            "{at}: this block is marked should_panic, but the program finished without \
             panicking"
        )),
        Expect::Panic if stderr.contains("panicked at") => Ok(()),
        Expect::Panic => Err(format!(
            "{at}: this block is marked should_panic; the program failed, but not with a \
             panic:\n{}",
            last()
        )),
        Expect::CompileError(_) => unreachable!("a block that must not compile is never run"),
    }
}

/// What rustc prints for a block that does not compile, as under `cargo
/// build`: every message, less the "aborting due to" line cargo replaces;
/// cargo's and rustup's folders written `~/.cargo` and `~/.rustup`.
fn rendered(diagnostics: &[Diagnostic]) -> String {
    let messages = diagnostics.iter().map(|d| d.rendered.as_str());
    let mut text: String = messages
        .filter(|r| !r.starts_with("error: aborting due to"))
        .collect();
    for (variable, folder) in [("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup")] {
        let home = || env::var_os("HOME").map(|home| PathBuf::from(home).join(folder));
        let path = env::var_os(variable).map(PathBuf::from).or_else(home);
        if let Some(path) = path.as_ref().and_then(|p| p.to_str()) {
            text = text.replace(path, &format!("~/{folder}"));
        }
    }
    text
}

/// rustc's errors, at most three, each cut to a few lines, and placed.
fn render(program: &Snippet, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let coded = errors
        .iter()
        .filter(|d| !d.code.is_empty() || errors.len() == 1);
    let shown = coded
        .take(3)
        .map(|d| indent(&first_lines(&locate(program, &d.rendered), 14), "  "));
    let out: String = shown.map(|text| text + "\n").collect();
    if out.is_empty() {
        "  (rustc gave no error message)\n".to_owned()
    } else {
        out
    }
}

static POSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{}:(\d+):(\d+)", regex::escape(SOURCE))).expect("valid regex")
});

/// `text` with every position in the compiled file replaced by the chapter
/// or example line it came from.
fn locate(program: &Snippet, text: &str) -> String {
    let place = |cap: &regex::Captures<'_>| {
        let line: usize = cap[1].parse().unwrap_or(0);
        match program.origins.get(line.wrapping_sub(1)).cloned().flatten() {
            Some(origin) => format!("{origin}:{}", &cap[2]),
            None => format!("{} (a line the test adds):{}", program.at, &cap[2]),
        }
    };
    POSITION.replace_all(text, place).into_owned()
}

/// mdBook's attributes, which change only how the page shows the block.
const DISPLAY_ATTRIBUTES: &[&str] = &["editable", "noplayground", "mdbook-runnable", "edition2024"];

/// What the page says a block does; refused, the attributes that would
/// let a block go untested.
pub fn expectation(block: &CodeBlock) -> Result<Expect, String> {
    let at = &block.at;
    let (mut expect, mut compile_fail, mut code) = (Expect::Success, false, None);
    for attribute in &block.attributes {
        let refused = match attribute.as_str() {
            "ignore" | "no_run" | "norun" => "every block of the book is compiled and run",
            "edition2015" | "edition2018" | "edition2021" => "the book's edition is 2024",
            _ => "",
        };
        if !refused.is_empty() {
            return Err(format!("{at}: remove `{attribute}`: {refused}"));
        }
        match attribute.as_str() {
            "should_panic" => expect = Expect::Panic,
            "compile_fail" => compile_fail = true,
            a if DISPLAY_ATTRIBUTES.contains(&a) => {}
            a if is_error_code(a) || is_lint_name(a) => code = Some(a.to_owned()),
            other => {
                return Err(format!(
                    "{at}: unknown attribute `{other}` on a rust block (known: \
                     should_panic, compile_fail and an error code or lint, {})",
                    DISPLAY_ATTRIBUTES.join(", ")
                ));
            }
        }
    }
    match (compile_fail, code, &expect) {
        (true, _, Expect::Panic) => Err(format!(
            "{at}: a block cannot be both compile_fail and should_panic"
        )),
        (true, code, _) => Ok(Expect::CompileError(code)),
        (false, Some(code), _) => Err(format!("{at}: `{code}` only makes sense with compile_fail")),
        (false, None, _) => Ok(expect),
    }
}

/// A `should_panic` block must be an example, so that its panic message is
/// shown (in its `output.txt`) and checked byte for byte.
fn panic_is_shown(block: &CodeBlock) -> Result<(), String> {
    let example = includes_of(block)
        .iter()
        .any(|i| example_name(&i.file).is_some());
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

/// A lint (`unused_must_use`) a block can deny and show as its error.
fn is_lint_name(s: &str) -> bool {
    s.contains('_') && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// cargo's build of the examples stands for the snippet compiler's, so it
/// is at least as strict: edition 2024, every warning an error.
fn examples_are_strict(manifest: &Path) -> Result<(), String> {
    let shown = manifest.display();
    let text = fs::read_to_string(manifest).map_err(|e| format!("{shown}: cannot be read: {e}"))?;
    let toml = toml::Value::Table(text.parse().map_err(|e| format!("{shown}: {e}"))?);
    let get = |path: &[&str]| path.iter().try_fold(&toml, |value, key| value.get(key));
    let edition = match get(&["package", "edition"]) {
        Some(toml::Value::Table(t)) if t.get("workspace").is_some() => {
            get(&["workspace", "package", "edition"])
        }
        other => other,
    };
    let level = match get(&["lints", "rust", "warnings"]) {
        Some(toml::Value::Table(t)) => t.get("level"),
        other => other,
    };
    let mut problems = Vec::new();
    if edition.and_then(|e| e.as_str()) != Some("2024") {
        problems.push("set the package's edition to \"2024\"");
    }
    if level.and_then(|l| l.as_str()) != Some("deny") {
        problems.push("set `[lints.rust] warnings = \"deny\"`");
    }
    none(&problems).map_err(|_| {
        let problems = problems.join("; ");
        format!("{shown}: the examples must be built as strictly as the snippets: {problems}")
    })
}
