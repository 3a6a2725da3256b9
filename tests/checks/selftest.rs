//! Promise: the checkers catch the faults they exist for.
//!
//! Each selftest is a fixture book, `tests/fixtures/<promise>/<case>/`, and
//! `expected.txt`: what the checks of that promise's module say of it,
//! check by check. The fixture is checked exactly as the book is, with a
//! [`Run`] of its own (its examples compiled as snippets); `selftest:
//! <promise>/<case>` fails where the verdicts differ from `expected.txt`,
//! which `BOOK_BLESS=1 cargo test --test book -- selftest:` rewrites. A
//! fixture the book model cannot read has that error as its snapshot.
//!
//! A case may hold `selftest.toml`, with any of:
//!
//! ```toml
//! run_limit_ms = 300            # the time limit of its programs
//! python = "/no/such/program"   # python3 as if missing
//! chromium = "/no/such/program" # Chromium as if missing
//! ci = true                     # every check required, as under CI
//! with = ["theme", "src/assets"] # the book's own folders, copied in first
//! only = ["examples/"]          # the checks whose names hold one of these
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use book_model::book::Book;
use book_model::output::{self, Mask};
use regex::Regex;
use serde::Deserialize;

use crate::support::examples::Examples;
use crate::support::repository;
use crate::support::run::{Run, Settings, Tools};
use crate::support::trial::{Check, Ran};

use super::{asyncio, browser, exercises, outputs, rust_blocks, site, twins};

const FIXTURES: &str = "tests/fixtures";

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Case {
    run_limit_ms: Option<u64>,
    python: Option<PathBuf>,
    chromium: Option<PathBuf>,
    ci: bool,
    with: Vec<PathBuf>,
    only: Vec<String>,
}

pub fn checks(tools: &Arc<Tools>) -> Vec<Check> {
    let mut checks = Vec::new();
    let root = repository().join(FIXTURES);
    for promise in folders(&root) {
        for case in folders(&root.join(&promise)) {
            let (tools, promise) = (Arc::clone(tools), promise.clone());
            let name = format!("selftest: {promise}/{case}");
            checks.push(Check::new(name, move || selftest(&tools, &promise, &case)));
        }
    }
    checks
}

fn folders(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

fn selftest(tools: &Arc<Tools>, promise: &str, case: &str) -> Result<(), String> {
    let fixture = Path::new(FIXTURES).join(promise).join(case);
    let source = repository().join(&fixture);
    let settings: Case = match fs::read_to_string(source.join("selftest.toml")) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| format!("{}/selftest.toml: {e}", fixture.display()))?,
        Err(_) => Case::default(),
    };
    // A case that needs the book's own folders is checked in a copy.
    let book_root = if settings.with.is_empty() {
        source.clone()
    } else {
        let copy = tools.scratch.join("fixtures").join(promise).join(case);
        copy_dir(&source, &copy)?;
        for folder in &settings.with {
            copy_dir(&repository().join(folder), &copy.join(folder))?;
        }
        copy
    };
    let report = match Book::load(&book_root) {
        Err(e) => format!("the book cannot be read: {e}\n"),
        Ok(book) => verdicts(tools, promise, case, &settings, book)?,
    };
    let report = stable(
        &report
            .replace(&book_root.display().to_string(), "<fixture>")
            .replace(&repository().display().to_string(), "<repository>")
            .replace(&tools.scratch.display().to_string(), "<scratch>"),
    );
    let bless = Settings::from_env()?.bless;
    output::compare(
        repository(),
        &fixture.join("expected.txt"),
        report.as_bytes(),
        Mask::EXACT,
        None,
        bless,
    )
    .map_err(|e| {
        format!(
            "what the checks of `{promise}` say of {} is not its expected.txt:\n  {e}\n  \
             (after an intended change: `BOOK_BLESS=1 cargo test --test book -- \
             selftest:`)",
            fixture.display()
        )
    })
}

/// What the checks of `promise` say of `book`, a paragraph a check.
fn verdicts(
    tools: &Arc<Tools>,
    promise: &str,
    case: &str,
    settings: &Case,
    book: Book,
) -> Result<String, String> {
    let tools = if settings.python.is_some() || settings.chromium.is_some() {
        Arc::new(Tools::new(
            &book.root,
            &crate::support::profile_dir(),
            settings.python.clone(),
            settings.chromium.clone(),
        ))
    } else {
        Arc::clone(tools)
    };
    let limit = settings.run_limit_ms.map(Duration::from_millis);
    let defaults = Settings::from_env()?;
    let run_settings = Settings {
        // A fixture's outputs are never re-captured: they hold the faults.
        bless: false,
        required: settings.ci,
        run_limit: limit.unwrap_or(defaults.run_limit),
        compile_limit: defaults.compile_limit,
    };
    let run = Arc::new(Run::new(
        &format!("fixture {promise} {case}"),
        book,
        run_settings,
        Arc::clone(&tools),
        Examples::Snippets,
    ));
    let checks = match promise {
        "rust_blocks" => rust_blocks::checks(&run),
        "outputs" => outputs::checks(&run),
        "asyncio" => asyncio::checks(&run),
        "twins" => twins::checks(&run),
        "site" => site::checks(&run),
        "exercises" => exercises::checks(&run),
        "browser" => browser::checks(&run).0,
        // Reading the book: a fixture that loads has nothing more to show.
        "book" => Vec::new(),
        other => {
            return Err(format!(
                "{FIXTURES}/{other}: no promise is called `{other}`"
            ));
        }
    };
    let mut report = String::new();
    for check in checks {
        if !settings.only.is_empty() && !settings.only.iter().any(|o| check.name.contains(o)) {
            continue;
        }
        let name = check.name.clone();
        match check.run(&tools, run.settings.required) {
            Ran::Passed => report.push_str(&format!("ok: {name}\n")),
            Ran::Skipped(why) => report.push_str(&format!("skipped: {name}: {why}\n")),
            Ran::Failed(message) => {
                report.push_str(&format!("FAILED: {name}\n"));
                for line in message.lines() {
                    report.push_str(&format!("    {line}\n").replace("    \n", "\n"));
                }
            }
        }
    }
    if let Some(note) = tools.closing_notes().into_iter().next() {
        report.push_str(&format!("closing note: {note}\n"));
    }
    Ok(report)
}

/// `report` with what changes from run to run masked: a panicking
/// thread's id, the hundredths of a second a test run took.
fn stable(report: &str) -> String {
    static THREAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(\d+\) panicked at").expect("valid regex"));
    static SECONDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"finished in (\d+)\.\d\ds").expect("valid regex"));
    let report = THREAD.replace_all(report, "(<id>) panicked at");
    SECONDS
        .replace_all(&report, "finished in $1.<hundredths>s")
        .into_owned()
}

/// Copies the folder `from` to `to`, which is replaced.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(to);
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}
