//! `cargo xtask bench`: what a warm `cargo test` costs, beside the floor,
//! what no run of the tests can avoid: cargo's no-op build, and running
//! every program of the book once, as the tests run it and with their time
//! limit. A warm run with nothing changed has nothing to compile, so the
//! floor is the cost of the programs themselves:
//!
//! - every example program (`output.txt`);
//! - every example's tests that a page shows (`test-output.txt`);
//! - every asyncio original, on the virtual clock (`python-output.txt`);
//! - every client run against its servers (`client-output.txt`): the client
//!   starts the Rust server, then the asyncio one, on the real clock.
//!
//! A program that fails or runs past the limit stops the bench, by name:
//! its time would say nothing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use book_model::book::{Book, Side};
use book_model::exercise::{Answer, prepare};
use book_model::process::{self, Streams, TIME_LIMIT};
use book_model::{cargo, python};

use crate::run;

pub fn run_bench(root: &Path) -> Result<()> {
    let book = Book::load(root).map_err(|e| anyhow!(e))?;
    let quiet_test = || {
        let mut command = cargo::command(root);
        command.args(["test", "--quiet"]);
        command
    };
    println!("Building, and one run of `cargo test` to warm up (not timed)...");
    quietly(quiet_test())?;
    let no_op = time(|| {
        quietly(with_args(
            cargo::command(root),
            &["test", "--no-run", "--quiet"],
        ))
    })?;

    let interpreter = python::interpreter().map_err(|e| anyhow!(e))?;
    let programs = programs(root, &book, &interpreter)?;
    let mut spent = [Duration::ZERO; 4];
    let mut counts = [0; 4];
    for program in programs {
        let started = Instant::now();
        let finished = process::run(program.command, b"", TIME_LIMIT, Streams::Merged)
            .with_context(|| format!("cannot run {}", program.name))?;
        match finished.status {
            None => bail!("{} did not finish within {TIME_LIMIT:?}", program.name),
            Some(status) if !program.may_fail && !status.success() => {
                bail!("{} failed ({status})", program.name)
            }
            Some(_) => {}
        }
        spent[program.kind as usize] += started.elapsed();
        counts[program.kind as usize] += 1;
    }
    let programs_total: Duration = spent.iter().sum();
    let floor = no_op + programs_total;

    let without_browser = time(|| quietly(with_args(quiet_test(), &["--", "--skip", "browser"])))?;
    let full = time(|| quietly(quiet_test()))?;

    let secs = |d: Duration| format!("{:5.1} s", d.as_secs_f64());
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    println!();
    println!(
        "floor                  {}  (cargo's no-op build {})",
        secs(floor),
        secs(no_op).trim()
    );
    for (kind, label) in [
        (Kind::Example, "example programs"),
        (Kind::Tests, "examples' test binaries"),
        (Kind::Asyncio, "asyncio originals (virtual clock)"),
        (Kind::ClientRun, "client runs against a server (real clock)"),
    ] {
        let i = kind as usize;
        println!("  {:4} {label:45} {}", counts[i], secs(spent[i]));
    }
    println!(
        "warm, without browser  {}  {:.1}x the floor (at most 1.5x)",
        secs(without_browser),
        ratio(without_browser)
    );
    println!(
        "warm, full             {}  {:.1}x the floor (at most 3x)",
        secs(full),
        ratio(full)
    );
    Ok(())
}

#[derive(Clone, Copy)]
enum Kind {
    Example = 0,
    Tests = 1,
    Asyncio = 2,
    ClientRun = 3,
}

/// One program of the book, as the tests run it.
struct Program {
    name: String,
    kind: Kind,
    command: Command,
    /// A program that ends in a panic on purpose (its block is marked
    /// should_panic), or tests shown failing.
    may_fail: bool,
}

fn programs(root: &Path, book: &Book, interpreter: &Path) -> Result<Vec<Program>> {
    let in_client_runs = |name: &str| {
        book.client_runs
            .iter()
            .any(|run| run.client == name || run.server == name)
    };
    let binaries = root.join("target/debug/examples");
    let mut programs = Vec::new();
    let mut tested = Vec::new();
    for (name, example) in &book.examples {
        if in_client_runs(name) {
            continue;
        }
        if example.has_rust && example.test_output.is_some() {
            tested.push(name.clone());
        }
        if example.has_rust && example.rust_output.is_some() {
            let mut command = Command::new(binaries.join(name));
            command.current_dir(root);
            prepare(&mut command, &Answer::Output);
            programs.push(Program {
                name: format!("examples/{name}"),
                kind: Kind::Example,
                command,
                may_fail: example.rust_shown.iter().any(|(_, panics)| *panics),
            });
        }
        if example.has_python && example.python_output.is_some() {
            let mut command = python::command(interpreter);
            command
                .current_dir(root)
                .arg(python::VIRTUAL_CLOCK)
                .arg(Path::new("examples").join(name).join("main.py"));
            programs.push(Program {
                name: format!("examples/{name}/main.py"),
                kind: Kind::Asyncio,
                command,
                may_fail: false,
            });
        }
    }
    programs.extend(test_binaries(root, book, &tested)?);
    for run in &book.client_runs {
        let server: Vec<PathBuf> = match run.side {
            Side::Rust => vec![binaries.join(&run.server)],
            Side::Asyncio => vec![
                interpreter.to_owned(),
                "-B".into(),
                Path::new("examples").join(&run.server).join("main.py"),
            ],
        };
        let mut command = python::command(interpreter);
        command
            .current_dir(root)
            .arg(Path::new("examples").join(&run.client).join("main.py"))
            .args(server);
        programs.push(Program {
            name: format!("{} ({})", run.at, run.side.command(&run.server)),
            kind: Kind::ClientRun,
            command,
            may_fail: false,
        });
    }
    Ok(programs)
}

/// The test binaries of the examples in `tested`, each with the arguments
/// its page runs it with.
fn test_binaries(root: &Path, book: &Book, tested: &[String]) -> Result<Vec<Program>> {
    let mut args = vec![
        "test".to_owned(),
        "--no-run".to_owned(),
        "--quiet".to_owned(),
    ];
    for name in tested {
        args.extend(["--example".to_owned(), name.clone()]);
    }
    let built = cargo::build(root, &args, true).map_err(|e| anyhow!(e))?;
    let mut programs = Vec::new();
    for name in tested {
        let binary = built
            .programs
            .get(name)
            .ok_or_else(|| anyhow!("the tests of examples/{name} did not build"))?;
        let run = book.examples[name]
            .test_output
            .as_ref()
            .expect("a tested example shows its tests");
        let mut command = Command::new(binary);
        command.current_dir(root);
        prepare(
            &mut command,
            &Answer::Tests {
                args: run.args.clone(),
            },
        );
        programs.push(Program {
            name: format!("the tests of examples/{name}"),
            kind: Kind::Tests,
            command,
            may_fail: true,
        });
    }
    Ok(programs)
}

fn with_args(mut command: Command, args: &[&str]) -> Command {
    command.args(args);
    command
}

/// Runs `command` with its output discarded; fails if it fails.
fn quietly(mut command: Command) -> Result<()> {
    use std::process::Stdio;
    run(command.stdout(Stdio::null()).stderr(Stdio::null()))
}

fn time(f: impl FnOnce() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}
