//! Promise: every output shown on a page is what its program prints,
//! byte for byte: an example's `output.txt` (both streams, as a terminal
//! shows them), its asyncio original's `python-output.txt` (on the virtual
//! clock), its tests' `test-output.txt` (see [`prints`]). A console block
//! holds a command and the include of the file it prints, never a pasted
//! output; every captured compile error is shown. Only what no program
//! controls is masked (`book_model::output::Mask`): a panic's thread id
//! and a place inside a dependency, and libtest's hundredths of a second.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock};

use book_model::Location;
use book_model::book::{COMPILE_ERRORS, Example, OutputFile, TestRun, client_run};
use book_model::exercise::{Answer, prepare};
use book_model::includes;
use book_model::markdown::CodeBlock;
use book_model::output::{self, Mask};
use book_model::process::{self, Finished, Streams};
use regex::Regex;

use crate::support::run::Run;
use crate::support::trial::{Check, Needs};

use super::twins;

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    // A server run by a client, and the client, are checked in `twins`.
    let twins = twins::checked_here(&run.book);
    let examples = run.book.examples.iter();
    let examples = examples.filter(|(name, _)| !twins.contains(name));
    for (name, example) in examples {
        let check = |kind: &str, check: fn(&Run, &str, &Example) -> Result<(), String>| {
            let (name, example, run) = (name.clone(), example.clone(), Arc::clone(run));
            let title = format!("examples/{name} {kind}");
            Check::new(title, move || check(&run, &name, &example))
        };
        if example.has_rust && example.test_output.is_some() {
            checks.push(check("test output", test_output));
        }
        // An example shown through its tests alone need not show its `main`.
        let tests_only = example.test_output.is_some() && example.rust_output.is_none();
        if example.has_rust && !tests_only {
            checks.push(check("output", rust_output));
        }
        if example.has_python {
            let mut python = check("python output", python_output);
            python.needs = Some(Needs::Python);
            checks.push(python);
        }
    }
    for chapter in &run.book.chapters {
        for (i, block) in chapter.blocks.iter().enumerate() {
            if block.lang == "console" || block.raw.contains("output.txt") {
                let block = block.clone();
                let before = i.checked_sub(1).map(|i| chapter.blocks[i].clone());
                let name = format!("{} {}", block.at, block.lang);
                checks.push(Check::new(name, move || {
                    console_block(&block, before.as_ref())
                }));
            }
        }
    }
    let chapters = run.book.chapters.iter();
    let shown = chapters.flat_map(|c| includes::find(&c.file, &c.text, 1));
    let shown: Vec<PathBuf> = shown.map(|i| i.file).collect();
    let root = run.root().to_owned();
    let name = format!("{COMPILE_ERRORS} are all shown");
    checks.push(Check::new(name, move || {
        unshown_compile_errors(&root, &shown)
    }));
    checks
}

fn rust_output(run: &Run, name: &str, example: &Example) -> Result<(), String> {
    let Some((at, panics)) = example.rust_shown.first().cloned() else {
        return Err(format!(
            "examples/{name}/main.rs: no chapter shows this example; include it in a \
             rust block, or remove it"
        ));
    };
    if let Some((other, _)) = example.rust_shown.iter().find(|(_, p)| *p != panics) {
        return Err(format!(
            "examples/{name}/main.rs is shown at {at} and at {other}, and only one of \
             them is marked should_panic"
        ));
    }
    let Some(shown_at) = &example.rust_output else {
        return Err(format!(
            "examples/{name}/main.rs is shown at {at}, but no console block shows \
             `$ cargo run --example {name}` and its output"
        ));
    };
    let mut program = Command::new(run.example(name)?);
    // Where `cargo run --example` runs it, as the exercises' checker does.
    program.current_dir(run.root());
    prepare(&mut program, &Answer::Output);
    let ending = if panics {
        Ending::Panic
    } else {
        Ending::Success
    };
    let finished = process::run(program, b"", run.settings.run_limit, Streams::Merged);
    let finished = finished.map_err(|e| e.to_string());
    prints(run, finished, &OutputFile::Run.of(name), ending, shown_at)
}

fn test_output(run: &Run, name: &str, example: &Example) -> Result<(), String> {
    let test_run: &TestRun = example.test_output.as_ref().ok_or("no test output")?;
    if example.rust_shown.is_empty() {
        return Err(format!(
            "examples/{name}/main.rs: {} shows what its tests print, but no chapter shows \
             the example; include it in a rust block",
            test_run.at
        ));
    }
    let mut program = Command::new(run.example_tests(name)?);
    program.current_dir(run.root());
    prepare(
        &mut program,
        &Answer::Tests {
            args: test_run.args.clone(),
        },
    );
    let one_at_a_time = test_run.args.iter().any(|a| a == "--test-threads=1");
    let finished = process::run(program, b"", run.settings.run_limit, Streams::Merged);
    let finished = finished.map_err(|e| e.to_string());
    let ending = Ending::Tests { one_at_a_time };
    prints(
        run,
        finished,
        &OutputFile::Test.of(name),
        ending,
        &test_run.at,
    )
}

fn python_output(run: &Run, name: &str, example: &Example) -> Result<(), String> {
    let Some(at) = example.python_shown.first() else {
        return Err(format!(
            "examples/{name}/main.py: no chapter shows this program; include it in a \
             python block, or remove it"
        ));
    };
    let Some(shown_at) = &example.python_output else {
        return Err(format!(
            "examples/{name}/main.py is shown at {at}, but no console block shows \
             `$ python3 examples/{name}/main.py` and its output"
        ));
    };
    // Relative, as a reader types it: Python's warnings name the file so.
    let program = Path::new("examples").join(name).join("main.py");
    let printed = run.work_dir(&format!("examples/{name} python output"))?;
    let (output, limit) = (printed.join("printed.txt"), run.settings.run_limit);
    let finished = run.tools.python.run(&program, run.root(), &output, limit);
    prints(
        run,
        finished,
        &OutputFile::Python.of(name),
        Ending::Success,
        shown_at,
    )
}

/// How a program is expected to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Success,
    Panic,
    Tests { one_at_a_time: bool },
}

static TEST_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^running (\d+) tests?$").expect("valid regex"));

/// Compares what a program printed with the file `expected`, after checking
/// that it ended as expected; with blessing, rewrites the file. Tests end as
/// their summary line says (0 with `ok`, 101 with `FAILED`: a failing test
/// on a page teaches something); and since libtest lists parallel tests as
/// they finish, more than one must run with `--test-threads=1`.
fn prints(
    run: &Run,
    finished: Result<Finished, String>,
    expected: &Path,
    ending: Ending,
    shown_at: &Location,
) -> Result<(), String> {
    let (name, shown) = (expected.display(), format!(" (shown at {shown_at})"));
    let tests = matches!(ending, Ending::Tests { .. });
    let (what, was) = if tests {
        ("the tests", "were")
    } else {
        ("the program", "was")
    };
    let finished = finished.map_err(|e| format!("{name}: cannot run {what}: {e}"))?;
    let Some(status) = finished.status else {
        let limit = run.settings.run_limit;
        return Err(format!(
            "{name}{shown}: {what} did not finish within {limit:?} and {was} stopped"
        ));
    };
    let printed = String::from_utf8_lossy(&finished.stdout);
    if let Ending::Tests { one_at_a_time } = ending {
        let mut lines = printed.lines().rev();
        let summary = lines.find(|l| l.starts_with("test result: "));
        let summary = summary.unwrap_or("(no summary line)");
        let agrees = match status.code() {
            Some(0) => summary.starts_with("test result: ok."),
            Some(101) => summary.starts_with("test result: FAILED."),
            _ => false,
        };
        if !agrees {
            return Err(format!(
                "{name}{shown}: the tests ended with {status}, and their summary says \
                 `{summary}`; it printed:\n{printed}"
            ));
        }
        let count = TEST_COUNT.captures(&printed);
        let count = count.and_then(|cap| cap[1].parse::<usize>().ok());
        if let Some(count @ 2..) = count
            && !one_at_a_time
        {
            return Err(format!(
                "{name}{shown}: {count} tests run in parallel, and libtest lists each as it \
                 finishes, in any order; show `$ cargo test --example NAME -- \
                 --test-threads=1`, which runs them one at a time, in the order of their names"
            ));
        }
    } else {
        let ended = match status.code() {
            Some(0) => Some(Ending::Success),
            Some(101) => Some(Ending::Panic),
            _ => None,
        };
        if ended != Some(ending) {
            let wanted = match ending {
                Ending::Panic => "panic (its block is marked should_panic)",
                _ => "exit successfully",
            };
            return Err(format!(
                "{name}{shown}: the program should {wanted}, but it ended with {status}; \
                 it printed:\n{printed}"
            ));
        }
    }
    let mask = if tests { Mask::TESTS } else { Mask::PROGRAM };
    let (root, bless) = (run.root(), run.settings.bless);
    output::compare(
        root,
        expected,
        &finished.stdout,
        mask,
        Some(shown_at),
        bless,
    )
}

static COMMAND_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\$ (?:cargo run --example ([A-Za-z0-9_-]+)|python3 examples/([A-Za-z0-9_-]+)/main\.py|(cargo build)|cargo test --example ([A-Za-z0-9_-]+)(?: -- --test-threads=1)?)$",
    )
    .expect("valid regex")
});

/// A `console` block shows a command and its output's include, nothing
/// else: `$ cargo run --example NAME` and `output.txt`, or the same for
/// `python-output.txt` or `test-output.txt`; after a `compile_fail` block,
/// `$ cargo build` and what rustc prints; or a client run (see `twins`).
/// So the output on the page is always a checked file.
fn console_block(block: &CodeBlock, before: Option<&CodeBlock>) -> Result<(), String> {
    let found = includes::find(&block.at.file, &block.raw, block.at.line + 1);
    if block.lang != "console" {
        let outputs = OutputFile::ALL.map(OutputFile::name);
        let output =
            |n: &std::ffi::OsStr| outputs.iter().any(|o| n == *o) || n == "client-output.txt";
        return match found
            .iter()
            .find(|i| i.file.file_name().is_some_and(output))
        {
            Some(include) => Err(format!(
                "{}: program output is shown in `console` blocks only, after \
                 the `$ cargo run --example ...` line that prints it",
                include.at
            )),
            None => Ok(()),
        };
    }
    let lines: Vec<&str> = block.raw.lines().collect();
    // A client run against a server shows the transcript they share.
    if lines.first().is_some_and(|l| client_run(l).is_some()) {
        return twins::console_block(block, &found);
    }
    let command = lines.first().and_then(|l| COMMAND_LINE.captures(l));
    let after_compile_fail = before.is_some_and(|b| b.lang == "rust" && b.has("compile_fail"));
    // `Some(None)` for `cargo build`: any text file (its block checks it).
    let expected = command.as_ref().map(|cap| {
        let outputs = [
            (1, OutputFile::Run),
            (2, OutputFile::Python),
            (4, OutputFile::Test),
        ];
        let mut shown = outputs
            .into_iter()
            .filter_map(|(group, o)| Some((cap.get(group)?, o)));
        shown.next().map(|(name, output)| output.of(name.as_str()))
    });
    let text = |i: &includes::Include| i.file.extension().is_some_and(|e| e == "txt");
    let fits = match (lines.len(), &expected, found.as_slice()) {
        (2, Some(Some(expected)), [include]) => include.file == *expected,
        (2, Some(None), [include]) => after_compile_fail && text(include),
        _ => false,
    };
    if fits && found[0].selector.is_none() {
        return Ok(());
    }
    if matches!(expected, Some(None)) && !after_compile_fail {
        return Err(format!(
            "{}: `$ cargo build` shows what rustc prints for the block right above \
             it, which must be marked compile_fail",
            block.at
        ));
    }
    Err(format!(
        "{}: a console block holds two lines: `$ cargo run --example NAME` and \
         `{{{{#include ../examples/NAME/output.txt}}}}`; or `$ python3 \
         examples/NAME/main.py` and `{{{{#include ../examples/NAME/python-output.txt}}}}`; \
         or `$ cargo test --example NAME` (with `-- --test-threads=1` or not) and \
         `{{{{#include ../examples/NAME/test-output.txt}}}}`; \
         or, after a compile_fail block, `$ cargo build` and \
         `{{{{#include ../{COMPILE_ERRORS}/NAME.txt}}}}`; or `$ python3 \
         examples/CLIENT/main.py` followed by `cargo run -q --example SERVER` or \
         `python3 examples/SERVER/main.py`, and `{{{{#include \
         ../examples/SERVER/client-output.txt}}}}` (output is never pasted into a \
         page, so it can always be checked)",
        block.at
    ))
}

fn unshown_compile_errors(root: &Path, shown: &[PathBuf]) -> Result<(), String> {
    let files = std::fs::read_dir(root.join(COMPILE_ERRORS))
        .into_iter()
        .flatten()
        .flatten();
    let files = files.map(|e| Path::new(COMPILE_ERRORS).join(e.file_name()));
    let mut unshown: Vec<String> = files
        .filter(|file| !shown.contains(file))
        .map(|f| f.display().to_string())
        .collect();
    unshown.sort();
    if unshown.is_empty() {
        return Ok(());
    }
    let unshown = unshown.join(", ");
    Err(format!(
        "no page shows {unshown}: include each after its compile_fail block, or remove it"
    ))
}
