//! Promise: every output shown on a page is what its program prints,
//! checked byte for byte.
//!
//! - `examples/<name> output`: the example program, as cargo built it,
//!   prints exactly its `output.txt` (standard output and standard error,
//!   interleaved as a terminal shows them) and ends as its page says.
//! - `examples/<name> python output`: the same for the asyncio original and
//!   its `python-output.txt`, run on the virtual clock.
//! - `examples/<name> test output`: the example's tests, as `cargo test
//!   --example NAME` runs them, print exactly its `test-output.txt`, and
//!   end as their summary line says (see [`tests_print`]).
//! - `src/<chapter>.md:<line> console`: a shown output is never pasted: a
//!   console block holds a command and the include of the file it prints.
//!   (A server and the client that drives it are checked in `twins`.)
//! - `examples/compile-errors`: every captured compile error is shown.
//!
//! Only two things are masked, both in the first line of a panic message:
//! the operating system's id of the thread, and the location of a panic
//! inside a dependency (an absolute path into the machine's cargo folder).
//! In a test output, a third: the hundredths of a second in libtest's
//! `finished in 0.00s`, which is real time (see [`mask_test`]).

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
    // A server run by a client, and the client, are checked together.
    let twins = twins::checked_here(&run.book);
    for (name, example) in &run.book.examples {
        if twins.contains(name) {
            continue;
        }
        if let (true, Some(test_run)) = (example.has_rust, &example.test_output) {
            let (name, example, test_run) = (name.clone(), example.clone(), test_run.clone());
            let run = Arc::clone(run);
            checks.push(Check::new(
                format!("examples/{name} test output"),
                move || test_output(&run, &name, &example, &test_run),
            ));
        }
        // An example shown through its tests alone need not show what its
        // `main` prints.
        let tests_only = example.test_output.is_some() && example.rust_output.is_none();
        if example.has_rust && !tests_only {
            let (name, example) = (name.clone(), example.clone());
            let run = Arc::clone(run);
            checks.push(Check::new(format!("examples/{name} output"), move || {
                rust_output(&run, &name, &example)
            }));
        }
        if example.has_python {
            let (name, example) = (name.clone(), example.clone());
            let run = Arc::clone(run);
            checks.push(Check::needing(
                Needs::Python,
                format!("examples/{name} python output"),
                move || python_output(&run, &name, &example),
            ));
        }
    }
    for chapter in &run.book.chapters {
        for (i, block) in chapter.blocks.iter().enumerate() {
            let shows_output = block.lang == "console" || block.raw.contains("output.txt");
            if shows_output {
                let block = block.clone();
                let before = i.checked_sub(1).map(|i| chapter.blocks[i].clone());
                checks.push(Check::new(
                    format!("{} {}", block.at, block.lang),
                    move || console_block(&block, before.as_ref()),
                ));
            }
        }
    }
    let shown: Vec<PathBuf> = run
        .book
        .chapters
        .iter()
        .flat_map(|c| includes::find(&c.file, &c.text, 1))
        .map(|i| i.file)
        .collect();
    let root = run.root().to_owned();
    checks.push(Check::new(
        format!("{COMPILE_ERRORS} are all shown"),
        move || unshown_compile_errors(&root, &shown),
    ));
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
    // Where `cargo run --example` runs it, as the exercises' checker runs
    // a reader's program.
    program.current_dir(run.root());
    prepare(&mut program, &Answer::Output);
    let ending = if panics {
        ExpectedEnd::Panic
    } else {
        ExpectedEnd::Success
    };
    let finished = process::run(program, b"", run.settings.run_limit, Streams::Merged)
        .map_err(|e| e.to_string());
    prints(
        run,
        finished,
        &OutputFile::Run.of(name),
        ending,
        Some(shown_at),
    )
}

fn test_output(run: &Run, name: &str, example: &Example, test_run: &TestRun) -> Result<(), String> {
    if example.rust_shown.is_empty() {
        return Err(format!(
            "examples/{name}/main.rs: {} shows what its tests print, but no chapter shows \
             the example; include it in a rust block",
            test_run.at
        ));
    }
    let mut program = Command::new(run.example_tests(name)?);
    // Where cargo runs a test binary, with what `--` passes it, as the
    // exercises' checker runs a reader's tests.
    program.current_dir(run.root());
    let args = test_run.args.clone();
    prepare(&mut program, &Answer::Tests { args });
    let one_at_a_time = test_run.args.iter().any(|a| a == "--test-threads=1");
    let finished = process::run(program, b"", run.settings.run_limit, Streams::Merged)
        .map_err(|e| e.to_string());
    tests_print(
        run,
        finished,
        &OutputFile::Test.of(name),
        one_at_a_time,
        Some(&test_run.at),
    )
}

/// Compares what a test binary printed (`finished`) with the file
/// `expected` (relative to the book's root); with blessing, rewrites the
/// file.
///
/// The binary must end as its summary line says: exit code 0 with `test
/// result: ok.`, 101 with `test result: FAILED.` (a failing test on a page
/// is there to teach something, and its output is checked like any other).
/// And libtest runs tests in parallel and lists each as it finishes, in an
/// order that changes from run to run: so an output that lists more than
/// one test must come from `--test-threads=1`, which runs them one at a
/// time, in the order of their names.
pub fn tests_print(
    run: &Run,
    finished: Result<Finished, String>,
    expected: &Path,
    one_at_a_time: bool,
    shown_at: Option<&Location>,
) -> Result<(), String> {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let name = expected.display();
    let finished = finished.map_err(|e| format!("{name}: cannot run the tests: {e}"))?;
    let printed = String::from_utf8_lossy(&finished.stdout).into_owned();
    let Some(status) = finished.status else {
        return Err(format!(
            "{name}{shown}: the tests did not finish within {:?} and were stopped",
            run.settings.run_limit
        ));
    };
    let summary = printed
        .lines()
        .rev()
        .find(|l| l.starts_with("test result: "))
        .unwrap_or("(no summary line)");
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
    let count = TEST_COUNT
        .captures(&printed)
        .and_then(|cap| cap[1].parse::<usize>().ok())
        .unwrap_or(0);
    if count > 1 && !one_at_a_time {
        return Err(format!(
            "{name}{shown}: {count} tests run in parallel, and libtest lists each as it \
             finishes, in any order; show `$ cargo test --example NAME -- \
             --test-threads=1`, which runs them one at a time, in the order of their names"
        ));
    }
    output::compare(
        run.root(),
        expected,
        printed.as_bytes(),
        Mask::TESTS,
        shown_at,
        run.settings.bless,
    )
}

static TEST_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^running (\d+) tests?$").expect("valid regex"));

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
    let finished = run.tools.python.run(
        &program,
        run.root(),
        &printed.join("printed.txt"),
        run.settings.run_limit,
    );
    prints(
        run,
        finished,
        &OutputFile::Python.of(name),
        ExpectedEnd::Success,
        Some(shown_at),
    )
}

/// How a program is expected to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedEnd {
    Success,
    /// Rust's exit code for a panic in `main`.
    Panic,
}

/// Compares what a program printed (`finished`) with the file `expected`
/// (relative to the book's root), through [`Mask::PROGRAM`], after checking
/// that it ended as expected; with blessing, rewrites the file.
pub fn prints(
    run: &Run,
    finished: Result<Finished, String>,
    expected: &Path,
    ending: ExpectedEnd,
    shown_at: Option<&Location>,
) -> Result<(), String> {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let name = expected.display();
    let finished = finished.map_err(|e| format!("{name}: cannot run the program: {e}"))?;
    let printed = finished.stdout;
    let Some(status) = finished.status else {
        return Err(format!(
            "{name}{shown}: the program did not finish within {:?} and was stopped",
            run.settings.run_limit
        ));
    };
    let ended = match status.code() {
        Some(0) => Some(ExpectedEnd::Success),
        Some(101) => Some(ExpectedEnd::Panic),
        _ => None,
    };
    if ended != Some(ending) {
        let wanted = match ending {
            ExpectedEnd::Success => "exit successfully",
            ExpectedEnd::Panic => "panic (its block is marked should_panic)",
        };
        return Err(format!(
            "{name}{shown}: the program should {wanted}, but it ended with {status}; \
             it printed:\n{}",
            String::from_utf8_lossy(&printed)
        ));
    }
    output::compare(
        run.root(),
        expected,
        &printed,
        Mask::PROGRAM,
        shown_at,
        run.settings.bless,
    )
}

static COMMAND_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\$ (?:cargo run --example ([A-Za-z0-9_-]+)|python3 examples/([A-Za-z0-9_-]+)/main\.py|(cargo build)|cargo test --example ([A-Za-z0-9_-]+)(?: -- --test-threads=1)?)$",
    )
    .expect("valid regex")
});

/// A `console` block shows a command and its output, and nothing else:
///
/// ```text
/// $ cargo run --example event-loop-hello
/// {{#include ../examples/event-loop-hello/output.txt}}
/// ```
///
/// or, for an asyncio original, `$ python3 examples/NAME/main.py` and
/// `{{#include ../examples/NAME/python-output.txt}}`; or, for what an
/// example's tests print, `$ cargo test --example NAME` (with `--
/// --test-threads=1` if there are several) and `{{#include
/// ../examples/NAME/test-output.txt}}`; or, right after a block marked
/// `compile_fail`, `$ cargo build` and the include of the file that holds
/// what rustc prints for it; or a client run against a server and the
/// transcript they share (see `twins`). So the output on the page is always a checked
/// file. Also refuses an output file included anywhere else.
pub fn console_block(block: &CodeBlock, before: Option<&CodeBlock>) -> Result<(), String> {
    let found = includes::find(&block.at.file, &block.raw, block.at.line + 1);
    if block.lang != "console" {
        let output = found.iter().find(|i| {
            i.file.file_name().is_some_and(|n| {
                OutputFile::ALL.iter().any(|o| n == o.name()) || n == "client-output.txt"
            })
        });
        return match output {
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
    let expected = command.as_ref().map(|cap| {
        let shown = [
            (1, OutputFile::Run),
            (2, OutputFile::Python),
            (4, OutputFile::Test),
        ]
        .into_iter()
        .find_map(|(group, output)| Some((cap.get(group)?, output)));
        // `None` for `cargo build`: any text file, which the compile_fail
        // block's check compares.
        shown.map(|(name, output)| output.of(name.as_str()))
    });
    let fits = match (lines.len(), &expected, found.as_slice()) {
        (2, Some(Some(expected)), [include]) => {
            include.file == *expected && include.selector.is_none()
        }
        (2, Some(None), [include]) => {
            after_compile_fail
                && include.selector.is_none()
                && include.file.extension().is_some_and(|e| e == "txt")
        }
        _ => false,
    };
    if fits {
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

/// Every file of `examples/compile-errors/` is shown by some page.
fn unshown_compile_errors(root: &Path, shown: &[PathBuf]) -> Result<(), String> {
    let dir = root.join(COMPILE_ERRORS);
    let mut unshown: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| Path::new(COMPILE_ERRORS).join(e.file_name()))
        .filter(|file| !shown.contains(file))
        .map(|file| file.display().to_string())
        .collect();
    unshown.sort();
    if unshown.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "no page shows {}: include each after its compile_fail block, or remove it",
            unshown.join(", ")
        ))
    }
}
