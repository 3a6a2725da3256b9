//! `cargo test` for the book: each promise of the README is a module of
//! `checks/` that returns a named check per thing checked; this file sets up
//! the run, assembles the checks and runs them.

mod checks;
mod support;

use std::env;
use std::process::ExitCode;
use std::sync::Arc;

use book_model::book::Book;
use libtest_mimic::Arguments;

use support::examples::Examples;
use support::run::{Run, Settings, Tools};
use support::{profile_dir, repository, rustc};

fn main() -> ExitCode {
    // This binary also plays the parts the snippet compiler needs of it.
    if let Some(code) = rustc::child_mode() {
        return code;
    }
    let (mut args, filters) = arguments();
    let setup = Settings::from_env().and_then(|settings| {
        let book = Book::load(repository())?;
        Ok((settings, book))
    });
    let (settings, book) = match setup {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let required = settings.required;
    let tools = Arc::new(Tools::new(repository(), &profile_dir(), None, None));
    let run = Arc::new(Run::new(
        "book",
        book,
        settings,
        Arc::clone(&tools),
        Examples::cargo(),
    ));
    let (mut checks, pages) = checks::of_book(&run);
    checks.extend(checks::selftest::checks(&tools));
    checks.extend(support::cache::harness_checks(&tools));
    checks.extend(support::server::harness_checks(&tools.scratch));
    checks.extend(checks::browser::harness_checks());
    let matches = |name: &str, filter: &String| {
        if args.exact {
            name == filter
        } else {
            name.contains(filter.as_str())
        }
    };
    if !filters.is_empty() {
        checks.retain(|c| filters.iter().any(|f| matches(&c.name, f)));
    }
    let skipped = |name: &str| args.skip.iter().any(|s| matches(name, s));
    if !args.list {
        pages.load_in_background(|name| checks.iter().any(|c| c.name == name) && !skipped(name));
    }
    let complete = filters.is_empty() && args.skip.is_empty();
    let trials: Vec<_> = checks
        .into_iter()
        .map(|check| check.into_trial(Arc::clone(&tools), required))
        .collect();
    // Most checks wait on a program or the browser: more at once than cores.
    if args.test_threads.is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        args.test_threads = Some(cores * 2);
    }
    let conclusion = libtest_mimic::run(&args, trials);

    for summary in [checks::rust_blocks::summary(&run), pages.summary()]
        .into_iter()
        .flatten()
    {
        eprintln!("\n{summary}");
    }
    // Only a run that looked at every check knows what kept results are unused.
    if complete && conclusion.num_filtered_out == 0 && !args.list {
        tools.compiler.sweep();
        pages.finish();
    }
    tools.shut_down();
    // Said last, where they cannot scroll away unseen.
    for note in tools.closing_notes() {
        eprintln!("\n{note}");
    }
    conclusion.exit_code()
}

/// The command line, as libtest reads it, but with any number of name
/// filters (`cargo test -- src/tasks.md examples/tasks-`).
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
