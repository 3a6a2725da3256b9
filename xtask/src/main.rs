//! The book's commands, run as `cargo xtask <command>`:
//!
//! - `serve`: serves the book with live reload on http://127.0.0.1:3000;
//! - `build`: writes the static site to `book/`;
//! - `bless`: re-captures every shown output (`output.txt`,
//!   `python-output.txt`, and rustc's messages in `examples/compile-errors/`)
//!   after an intended change, rewrites the index of `src/practice.md` from
//!   the chapters, then checks the book;
//! - `tools`: installs the pinned mdBook and mdbook-mermaid, if needed;
//! - `bench`: measures what a warm `cargo test` costs beside the floor, the
//!   cost of running every program of the book once;
//! - `exercise`: lists the exercises, writes the reader's copy of one, and
//!   checks the reader's answer (see `exercise.rs`).
//!
//! `serve` and `build` use mdBook 0.5.4 and mdbook-mermaid 0.17.1. If the
//! programs on PATH are not exactly those versions, the pinned ones are
//! installed once into `target/tools/` (cargo compiles them: a few minutes
//! the first time) and used from there; nothing outside the project changes.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

mod book_exercises;
mod exercise;

/// The pinned tools: crate name, version, and what `--version` prints.
const TOOLS: &[(&str, &str, &str)] = &[
    ("mdbook", "0.5.4", "mdbook v0.5.4"),
    ("mdbook-mermaid", "0.17.1", "mdbook-mermaid 0.17.1"),
];

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve   serve the book with live reload on http://127.0.0.1:3000
  build   write the static site to book/
  bless   re-capture every shown output and compiler message, and the index of
          the exercises (src/practice.md), then check the book
  tools   install the pinned mdbook and mdbook-mermaid if they are missing
  bench   time a warm `cargo test`, with and without the browser checks,
          against the floor: running every program of the book once
  exercise [NAME] [--reset]
          list the exercises; start one (your copy goes to
          exercises/src/bin/NAME.rs); check your answer";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let done = |result: Result<()>| result.map(|()| ExitCode::SUCCESS);
    let result = match args.first().map(String::as_str) {
        Some("serve") => done(serve(&args[1..])),
        Some("build") => done(build(&args[1..])),
        Some("bless") => done(bless()),
        Some("tools") => done(tools().map(|_| ())),
        Some("bench") => done(bench()),
        // A wrong answer is no error of the command: it says so, and fails.
        Some("exercise") => exercise::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The book's root: the folder above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the book's folder")
        .to_owned()
}

fn serve(extra: &[String]) -> Result<()> {
    let path = tools()?;
    println!("Serving the book on http://127.0.0.1:3000 (Ctrl-C stops it)");
    run(mdbook(&path)
        .args(["serve", "--hostname", "127.0.0.1", "--port", "3000"])
        .args(extra))
}

fn build(extra: &[String]) -> Result<()> {
    let path = tools()?;
    run(mdbook(&path).arg("build").args(extra))?;
    println!("The book is in {}", root().join("book").display());
    Ok(())
}

fn bless() -> Result<()> {
    if env::var("CI").is_ok_and(|v| v == "true") {
        bail!("bless rewrites the captured outputs; CI only checks them");
    }
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // Examples first, so that every output is re-captured before the rest
    // of the book is checked against it.
    // The outputs of the examples, rustc's messages for the blocks that do
    // not compile, and the practice page's index of the exercises.
    run(Command::new(&cargo)
        .current_dir(root())
        .args(["test", "--test", "book", "--", "examples/", " rust"])
        .arg("src/practice.md lists every exercise")
        .env("BOOK_BLESS", "1"))?;
    run(Command::new(&cargo).current_dir(root()).arg("test"))
}

/// An `mdbook` command run from the book's root, with PATH leading to the
/// pinned tools (mdbook runs `mdbook-mermaid` from PATH).
fn mdbook(path: &OsString) -> Command {
    let mut command = Command::new("mdbook");
    command.current_dir(root()).env("PATH", path);
    command
}

/// Makes sure the pinned tools are there, and returns the PATH to run them
/// with.
fn tools() -> Result<OsString> {
    let local = root().join("target").join("tools");
    let bin = local.join("bin");
    let system = env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin.clone()];
    dirs.extend(env::split_paths(&system));
    let path = env::join_paths(dirs).context("PATH holds a folder that cannot be joined")?;

    let missing: Vec<_> = TOOLS
        .iter()
        .filter(|(name, _, want)| version(name, &path).as_deref() != Some(*want))
        .collect();
    if missing.is_empty() {
        return Ok(path);
    }
    let specs: Vec<String> = missing
        .iter()
        .map(|(name, v, _)| format!("{name}@{v}"))
        .collect();
    println!(
        "Installing {} into {} (the first time, cargo compiles them: a few minutes)",
        specs.join(" and "),
        local.display()
    );
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(Command::new(cargo)
        .args(["install", "--locked", "--root"])
        .arg(&local)
        .args(&specs))?;
    for (name, _, want) in TOOLS {
        let found = version(name, &path);
        if found.as_deref() != Some(*want) {
            bail!("after the install, `{name} --version` says {found:?}, not {want:?}");
        }
    }
    Ok(path)
}

/// What `<name> --version` prints, found through `path`.
fn version(name: &str, path: &OsString) -> Option<String> {
    let output = Command::new(name)
        .arg("--version")
        .env("PATH", path)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {:?}", command.get_program()))?;
    if !status.success() {
        bail!("{:?} failed ({status})", command.get_program());
    }
    Ok(())
}

/// Times a warm `cargo test` against the floor: cargo's no-op build, plus
/// running every example program once, plus every asyncio original once on
/// the virtual clock, one after another. A warm run with nothing changed
/// has nothing to compile, so the floor is what it cannot avoid.
fn bench() -> Result<()> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = root();
    let test = || {
        let mut command = Command::new(&cargo);
        command.current_dir(&root).args(["test", "--quiet"]);
        command
    };
    println!("Building, and one run of `cargo test` to warm up (not timed)...");
    quiet(&mut test())?;

    let no_op = time(|| {
        quiet(
            Command::new(&cargo)
                .current_dir(&root)
                .args(["test", "--no-run", "--quiet"]),
        )
    })?;
    let examples = programs(&root, "main.rs");
    let binaries = root.join("target/debug/examples");
    let rust = time(|| {
        for name in &examples {
            // Some end in a panic on purpose: only the time counts.
            let _ = Command::new(binaries.join(name))
                .current_dir(&root)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
        }
        Ok(())
    })?;
    let originals = programs(&root, "main.py");
    let python = python()?;
    let clock = root.join("tests/support/virtual_clock.py");
    let asyncio = time(|| {
        for name in &originals {
            let program = root.join("examples").join(name).join("main.py");
            quiet(
                Command::new(&python)
                    .current_dir(&root)
                    .args(["-B", "-X", "utf8"])
                    .arg(&clock)
                    .arg(program),
            )?;
        }
        Ok(())
    })?;
    let floor = no_op + rust + asyncio;

    let without_browser = time(|| quiet(test().args(["--", "--skip", "browser"])))?;
    let full = time(|| quiet(&mut test()))?;

    let secs = |d: Duration| format!("{:5.1} s", d.as_secs_f64());
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    println!();
    println!(
        "floor                  {}  (cargo's no-op build {}, {} example programs {}, {} asyncio originals {})",
        secs(floor),
        secs(no_op).trim(),
        examples.len(),
        secs(rust).trim(),
        originals.len(),
        secs(asyncio).trim()
    );
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

/// The examples that have `file` (`main.rs` or `main.py`), sorted.
fn programs(root: &Path, file: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("examples"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(file).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The interpreter behind `python3` (or `BOOK_PYTHON`), as the tests find
/// it: a version manager's `python3` may be a script that costs time at
/// every start.
fn python() -> Result<PathBuf> {
    let requested = env::var("BOOK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let output = Command::new(&requested)
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .with_context(|| format!("cannot run {requested}"))?;
    let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Ok(if path.is_empty() {
        requested.into()
    } else {
        path.into()
    })
}

/// Runs `command` with its output discarded; fails if it fails.
fn quiet(command: &mut Command) -> Result<()> {
    run(command.stdout(Stdio::null()).stderr(Stdio::null()))
}

fn time(f: impl FnOnce() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}
