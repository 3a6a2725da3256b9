//! `cargo xtask bench`: what a warm `cargo test` costs, beside the floor
//! no run can avoid: cargo's no-op build, and running every program of the
//! book once as the tests run it (examples, their tests, asyncio originals
//! on the virtual clock, client runs on the real clock). A program that
//! fails or runs past the limit stops the bench: its time would say nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use book_model::book::{Book, Side};
use book_model::exercise::{Answer, prepare};
use book_model::process::{self, Streams, TIME_LIMIT};
use book_model::{cargo, python};

use crate::run;

pub fn run_bench(root: &Path) -> Result<()> {
    let book = Book::load(root).map_err(|e| anyhow!(e))?;
    let cargo = |args: &[&str]| {
        let mut command = cargo::command(root);
        command
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let time = |args: &[&str]| -> Result<Duration> {
        let start = Instant::now();
        run(&mut cargo(args))?;
        Ok(start.elapsed())
    };
    println!("Building, and one run of `cargo test` to warm up (not timed)...");
    run(&mut cargo(&["test", "--quiet"]))?;
    let no_op = time(&["test", "--no-run", "--quiet"])?;

    let interpreter = python::interpreter().map_err(|e| anyhow!(e))?;
    let (mut spent, mut counts) = ([Duration::ZERO; 4], [0; 4]);
    for program in programs(root, &book, &interpreter)? {
        let (name, started) = (&program.name, Instant::now());
        let finished = process::run(program.command, b"", TIME_LIMIT, Streams::Merged);
        let finished = finished.with_context(|| format!("cannot run {name}"))?;
        match finished.status {
            None => bail!("{name} did not finish within {TIME_LIMIT:?}"),
            Some(status) if !program.may_fail && !status.success() => {
                bail!("{name} failed ({status})")
            }
            Some(_) => {}
        }
        spent[program.kind as usize] += started.elapsed();
        counts[program.kind as usize] += 1;
    }
    let floor = no_op + spent.iter().sum::<Duration>();
    let without_browser = time(&["test", "--quiet", "--", "--skip", "browser"])?;
    let full = time(&["test", "--quiet"])?;

    let secs = |d: Duration| format!("{:5.1} s", d.as_secs_f64());
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    let no_op = secs(no_op);
    println!(
        "\nfloor                  {}  (cargo's no-op build {})",
        secs(floor),
        no_op.trim()
    );
    let kinds = [
        "example programs",
        "examples' test binaries",
        "asyncio originals (virtual clock)",
        "client runs against a server (real clock)",
    ];
    for (i, label) in kinds.iter().enumerate() {
        println!("  {:4} {label:45} {}", counts[i], secs(spent[i]));
    }
    let (without, with) = (secs(without_browser), secs(full));
    let (r_without, r_with) = (ratio(without_browser), ratio(full));
    println!("warm, without browser  {without}  {r_without:.1}x the floor (at most 1.5x)");
    println!("warm, full             {with}  {r_with:.1}x the floor (at most 3x)");
    Ok(())
}

/// What a program of the book is, in the order the bench reports them.
#[derive(Clone, Copy)]
enum Kind {
    Example,
    Tests,
    Asyncio,
    ClientRun,
}

/// One program of the book, as the tests run it. `may_fail`: a program
/// that ends in a panic on purpose (its block is marked should_panic), or
/// tests shown failing.
struct Program {
    name: String,
    kind: Kind,
    command: Command,
    may_fail: bool,
}

fn programs(root: &Path, book: &Book, interpreter: &Path) -> Result<Vec<Program>> {
    let in_client_runs = |name: &str| {
        let runs = book.client_runs.iter();
        runs.clone()
            .any(|run| run.client == name || run.server == name)
    };
    let binaries = root.join("target/debug/examples");
    let program = |name, kind, command, may_fail| Program {
        name,
        kind,
        command,
        may_fail,
    };
    let (mut programs, mut tested) = (Vec::new(), Vec::new());
    for (name, example) in book
        .examples
        .iter()
        .filter(|(name, _)| !in_client_runs(name))
    {
        if example.has_rust && example.test_output.is_some() {
            tested.push(name.clone());
        }
        if example.has_rust && example.rust_output.is_some() {
            let mut command = Command::new(binaries.join(name));
            command.current_dir(root);
            prepare(&mut command, &Answer::Output);
            let panics = example.rust_shown.iter().any(|(_, panics)| *panics);
            programs.push(program(
                format!("examples/{name}"),
                Kind::Example,
                command,
                panics,
            ));
        }
        if example.has_python && example.python_output.is_some() {
            let mut command = python::command(interpreter);
            let main = Path::new("examples").join(name).join("main.py");
            command
                .current_dir(root)
                .arg(python::VIRTUAL_CLOCK)
                .arg(main);
            let name = format!("examples/{name}/main.py");
            programs.push(program(name, Kind::Asyncio, command, false));
        }
    }
    // The test binaries of the examples whose tests a page shows, each with
    // the arguments its page runs it with.
    let mut args = ["test", "--no-run", "--quiet"].map(String::from).to_vec();
    tested
        .iter()
        .for_each(|name| args.extend(["--example".to_owned(), name.clone()]));
    let built = cargo::build(root, &args, true).map_err(|e| anyhow!(e))?;
    for name in &tested {
        let binary = built.programs.get(name);
        let binary = binary.ok_or_else(|| anyhow!("the tests of examples/{name} did not build"))?;
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
        programs.push(program(
            format!("the tests of examples/{name}"),
            Kind::Tests,
            command,
            true,
        ));
    }
    for run in &book.client_runs {
        let server: Vec<PathBuf> = match run.side {
            Side::Rust => vec![binaries.join(&run.server)],
            Side::Asyncio => {
                let main = Path::new("examples").join(&run.server).join("main.py");
                vec![interpreter.to_owned(), "-B".into(), main]
            }
        };
        let mut command = python::command(interpreter);
        let client = Path::new("examples").join(&run.client).join("main.py");
        command.current_dir(root).arg(client).args(server);
        let name = format!("{} ({})", run.at, run.side.command(&run.server));
        programs.push(program(name, Kind::ClientRun, command, false));
    }
    Ok(programs)
}
