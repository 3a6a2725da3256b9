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

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use libtest_mimic::Trial;
use regex::Regex;

use crate::support::book::{Book, COMPILE_ERRORS, Example, Printed, TestRun};
use crate::support::book_exercises as shared;
use crate::support::includes;
use crate::support::markdown::{CodeBlock, Location};
use crate::support::process::{self, Finished, Streams};
use crate::support::python::{self, PYTHON};
use crate::support::trial::{check, needs};
use crate::support::{TIME_LIMIT, examples, expected, work_dir};

use super::twins;

/// The examples whose tests a page shows: their test binaries are built
/// together, once (`examples::test_binary`).
pub fn tested(book: &Book) -> Arc<Vec<String>> {
    Arc::new(
        book.examples
            .iter()
            .filter(|(_, e)| e.has_rust && e.test_output.is_some())
            .map(|(name, _)| name.clone())
            .collect(),
    )
}

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    // A server run by a client, and the client, are checked together.
    let twins = twins::checked_here(book);
    let tested = tested(book);
    for (name, example) in &book.examples {
        if twins.contains(name) {
            continue;
        }
        if let (true, Some(run)) = (example.has_rust, &example.test_output) {
            let (name, example, run) = (name.clone(), example.clone(), run.clone());
            let (root, tested) = (book.root.clone(), Arc::clone(&tested));
            checks.push(check(format!("examples/{name} test output"), move || {
                test_output(&root, &name, &example, &run, &tested)
            }));
        }
        // An example shown through its tests alone need not show what its
        // `main` prints.
        let tests_only = example.test_output.is_some() && example.rust_output.is_none();
        if example.has_rust && !tests_only {
            let (name, example) = (name.clone(), example.clone());
            let root = book.root.clone();
            checks.push(check(format!("examples/{name} output"), move || {
                rust_output(&root, &name, &example)
            }));
        }
        if example.has_python {
            let (name, example) = (name.clone(), example.clone());
            let root = book.root.clone();
            checks.push(needs(
                &PYTHON,
                format!("examples/{name} python output"),
                move || python_output(&root, &name, &example),
            ));
        }
    }
    for chapter in &book.chapters {
        for (i, block) in chapter.blocks.iter().enumerate() {
            let shows_output = block.lang == "console" || block.raw.contains("output.txt");
            if shows_output {
                let block = block.clone();
                let before = i.checked_sub(1).map(|i| chapter.blocks[i].clone());
                checks.push(check(format!("{} {}", block.at, block.lang), move || {
                    console_block(&block, before.as_ref())
                }));
            }
        }
    }
    let shown: Vec<PathBuf> = book
        .chapters
        .iter()
        .flat_map(|c| includes::find(&c.file, &c.text, 1))
        .map(|i| i.file)
        .collect();
    let root = book.root.clone();
    checks.push(check(
        format!("{COMPILE_ERRORS} are all shown"),
        move || unshown_compile_errors(&root, &shown),
    ));
    checks
}

fn rust_output(root: &Path, name: &str, example: &Example) -> Result<(), String> {
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
    examples::built(name)?;
    let mut program = Command::new(examples::binary(name));
    // Where `cargo run --example` runs it.
    program
        .current_dir(root)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env("NO_COLOR", "1");
    let run = |limit| process::run(program, b"", limit, Streams::Merged).map_err(|e| e.to_string());
    let ending = if panics {
        Ending::Panic
    } else {
        Ending::Success
    };
    let output = root.join("examples").join(name).join("output.txt");
    let bless = expected::blessing()?;
    prints(run, &output, ending, Some(shown_at), TIME_LIMIT, bless)
}

fn test_output(
    root: &Path,
    name: &str,
    example: &Example,
    run: &TestRun,
    tested: &[String],
) -> Result<(), String> {
    if example.rust_shown.is_empty() {
        return Err(format!(
            "examples/{name}/main.rs: {} shows what its tests print, but no chapter shows \
             the example; include it in a rust block",
            run.at
        ));
    }
    let binary = examples::test_binary(name, tested)?;
    let mut program = Command::new(binary);
    // Where cargo runs a test binary, with what `--` passes it; and none of
    // the variables that change what libtest prints (the same as `cargo
    // xtask exercise` removes for an exercise's tests).
    program.current_dir(root).args(&run.args);
    for variable in shared::ENV_REMOVED.iter().chain(shared::TEST_ENV_REMOVED) {
        program.env_remove(variable);
    }
    for (variable, value) in shared::ENV_SET {
        program.env(variable, value);
    }
    let one_at_a_time = run.args.iter().any(|a| a == "--test-threads=1");
    let output = root
        .join("examples")
        .join(name)
        .join(Printed::Test.file_name());
    let bless = expected::blessing()?;
    let tests =
        |limit| process::run(program, b"", limit, Streams::Merged).map_err(|e| e.to_string());
    tests_print(
        tests,
        &output,
        one_at_a_time,
        Some(&run.at),
        TIME_LIMIT,
        bless,
    )
}

/// Runs a test binary (`run`, given the time limit) and compares what it
/// prints with the file `expected`; with `bless`, rewrites the file.
///
/// The binary must end as its summary line says: exit code 0 with `test
/// result: ok.`, 101 with `test result: FAILED.` (a failing test on a page
/// is there to teach something, and its output is checked like any other).
/// And libtest runs tests in parallel and lists each as it finishes, in an
/// order that changes from run to run: so an output that lists more than
/// one test must come from `--test-threads=1`, which runs them one at a
/// time, in the order of their names.
pub fn tests_print(
    run: impl FnOnce(Duration) -> Result<Finished, String>,
    expected: &Path,
    one_at_a_time: bool,
    shown_at: Option<&Location>,
    limit: Duration,
    bless: bool,
) -> Result<(), String> {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let name = expected
        .strip_prefix(crate::support::root())
        .unwrap_or(expected)
        .display()
        .to_string();
    let finished = run(limit).map_err(|e| format!("{name}: cannot run the tests: {e}"))?;
    let printed = String::from_utf8_lossy(&finished.stdout).into_owned();
    let Some(status) = finished.status else {
        return Err(format!(
            "{name}{shown}: the tests did not finish within {limit:?} and were stopped"
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
    expected::compare(expected, printed.as_bytes(), mask_test, shown_at, bless)
}

static TEST_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^running (\d+) tests?$").expect("valid regex"));

/// A test output with [`mask`]'s two parts masked, and one more: the
/// hundredths of a second in libtest's closing `finished in 0.00s`. That
/// figure is the real time the tests took, which no paused clock reaches,
/// and which varies from run to run. The whole seconds are compared: a test
/// that waits on the real clock for seconds, where the book says it takes
/// none, changes them and fails the check. The hundredths are masked by
/// the very function that `cargo xtask exercise` uses on an exercise's
/// tests, `book_exercises::unclocked`.
pub fn mask_test(output: &[u8]) -> Vec<u8> {
    let masked = mask(output);
    String::from_utf8_lossy(&masked)
        .split_inclusive('\n')
        .map(shared::unclocked)
        .collect::<String>()
        .into_bytes()
}

fn python_output(root: &Path, name: &str, example: &Example) -> Result<(), String> {
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
    let printed = work_dir(&format!("examples/{name} python output"));
    let run = |limit| {
        fs::create_dir_all(&printed).map_err(|e| format!("{}: {e}", printed.display()))?;
        python::run(&program, root, &printed.join("printed.txt"), limit)
    };
    let output = root.join("examples").join(name).join("python-output.txt");
    let bless = expected::blessing()?;
    prints(
        run,
        &output,
        Ending::Success,
        Some(shown_at),
        TIME_LIMIT,
        bless,
    )
}

/// How a program is expected to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Success,
    /// Rust's exit code for a panic in `main`.
    Panic,
}

/// Runs a program (`run`, given the time limit) and compares what it prints
/// with the file `expected`; with `bless`, rewrites the file.
pub fn prints(
    run: impl FnOnce(Duration) -> Result<Finished, String>,
    expected: &Path,
    ending: Ending,
    shown_at: Option<&Location>,
    limit: Duration,
    bless: bool,
) -> Result<(), String> {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let name = expected
        .strip_prefix(crate::support::root())
        .unwrap_or(expected)
        .display()
        .to_string();
    let finished = run(limit).map_err(|e| format!("{name}: cannot run the program: {e}"))?;
    let printed = finished.stdout;
    let Some(status) = finished.status else {
        return Err(format!(
            "{name}{shown}: the program did not finish within {limit:?} and was stopped"
        ));
    };
    let ended = match status.code() {
        Some(0) => Some(Ending::Success),
        Some(101) => Some(Ending::Panic),
        _ => None,
    };
    if ended != Some(ending) {
        let wanted = match ending {
            Ending::Success => "exit successfully",
            Ending::Panic => "panic (its block is marked should_panic)",
        };
        return Err(format!(
            "{name}{shown}: the program should {wanted}, but it ended with {status}; \
             it printed:\n{}",
            String::from_utf8_lossy(&printed)
        ));
    }
    expected::compare(expected, &printed, mask, shown_at, bless)
}

static PANIC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(thread '[^']*') \(\d+\) panicked at (/\S*:\d+:\d+:$)?").expect("valid regex")
});

/// The output with the two parts that no program controls masked, both in
/// the first line of a panic message: the operating system's id of the
/// thread (`thread 'main' (8164) panicked at`), which differs from run to
/// run, and the location of a panic inside a dependency, an absolute path
/// into the machine's cargo folder. Everything else, the panic message and
/// the location of a panic in the book's own code included, is compared
/// byte for byte.
pub fn mask(output: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(output);
    PANIC_LINE
        .replace_all(&text, |cap: &regex::Captures<'_>| {
            let place = if cap.get(2).is_some() {
                "<a dependency>:"
            } else {
                ""
            };
            format!("{} (<id>) panicked at {place}", &cap[1])
        })
        .as_bytes()
        .to_vec()
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
                Printed::ALL.iter().any(|p| n == p.file_name()) || n == "client-output.txt"
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
    if lines.first().is_some_and(|l| twins::command(l).is_some()) {
        return twins::console_block(block, &found);
    }
    let command = lines.first().and_then(|l| COMMAND_LINE.captures(l));
    let after_compile_fail = before.is_some_and(|b| b.lang == "rust" && b.has("compile_fail"));
    let expected = command.as_ref().map(|cap| {
        let shown = [(1, Printed::Run), (2, Printed::Python), (4, Printed::Test)]
            .into_iter()
            .find_map(|(group, printed)| Some((cap.get(group)?, printed)));
        // `None` for `cargo build`: any text file, which the compile_fail
        // block's check compares.
        shown.map(|(name, printed)| {
            PathBuf::from("examples")
                .join(name.as_str())
                .join(printed.file_name())
        })
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
