//! `cargo test` for the book. Each promise that the README makes is one
//! module of `checks/` (see `checks/mod.rs` for the list), which finds what
//! it must check and returns one named check per thing checked; this file
//! only assembles them and runs them. The machinery they share is in
//! `support/`.

mod checks;
mod support;

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::Arguments;

use support::book::Book;
use support::cache::Cache;
use support::{chromium, python, root, rustc, scratch_dir};

fn main() -> ExitCode {
    // This binary also plays the parts the snippet compiler needs of it
    // (support/rustc.rs); then the environment says which.
    if let Some(code) = rustc::child_mode() {
        return code;
    }
    let (mut args, filters) = arguments();
    let inner = env::var_os(checks::selftest::INNER).map(PathBuf::from);
    let mut trials = match &inner {
        // A selftest checking this binary on a fixture book.
        Some(fixture) => checks::of_book(&Book::load(&root().join(fixture))),
        None => {
            let mut trials = checks::of_book(&Book::load(root()));
            trials.extend(checks::selftest::checks(root()));
            trials
        }
    };
    if !filters.is_empty() {
        trials.retain(|t| {
            filters.iter().any(|f| {
                if args.exact {
                    t.name() == f
                } else {
                    t.name().contains(f.as_str())
                }
            })
        });
    }
    if !args.list {
        let skipped = |name: &str| {
            args.skip.iter().any(|s| {
                if args.exact {
                    name == s
                } else {
                    name.contains(s.as_str())
                }
            })
        };
        let selected: Vec<String> = trials
            .iter()
            .map(|t| t.name().to_owned())
            .filter(|name| !skipped(name))
            .collect();
        checks::browser::load_in_background(|name| selected.iter().any(|s| s == name));
    }
    // Most checks wait on a program or on the browser rather than compute:
    // more of them at once than there are cores keeps the cores busy.
    if args.test_threads.is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        args.test_threads = Some(cores * 2);
    }
    let conclusion = libtest_mimic::run(&args, trials);

    checks::browser::shut_down();
    if let Some(summary) = checks::rust_blocks::summary() {
        eprintln!("\n{summary}");
    }
    if let Some(summary) = checks::browser::summary() {
        eprintln!("\n{summary}");
    }
    if inner.is_none() {
        let _ = fs::remove_dir_all(scratch_dir());
        // Only a run that looked at every block knows which entries are
        // no longer needed.
        if filters.is_empty() && args.skip.is_empty() && conclusion.num_filtered_out == 0 {
            Cache::book().sweep();
        }
    }
    // Said last, where they cannot scroll away unseen.
    for tool in [&chromium::CHROMIUM, &python::PYTHON] {
        if let Some(note) = tool.closing_note() {
            eprintln!("\n{note}");
        }
    }
    conclusion.exit_code()
}

/// The command line, as libtest reads it, except that any number of name
/// filters may be given (`cargo test -- src/tasks.md examples/tasks-`), as
/// with the standard test harness; a test runs if any filter matches.
fn arguments() -> (Arguments, Vec<String>) {
    const TAKES_VALUE: &[&str] = &[
        "--test-threads",
        "--logfile",
        "--skip",
        "--color",
        "--format",
        "-Z",
    ];
    let mut argv = env::args();
    let mut kept: Vec<String> = argv.next().into_iter().collect();
    let mut filters = Vec::new();
    while let Some(arg) = argv.next() {
        if TAKES_VALUE.contains(&arg.as_str()) {
            kept.push(arg);
            kept.extend(argv.next());
        } else if arg.starts_with('-') {
            kept.push(arg);
        } else {
            filters.push(arg);
        }
    }
    (Arguments::from_iter(kept), filters)
}
