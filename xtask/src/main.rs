//! The book's commands, run as `cargo xtask <command>` (see [`USAGE`];
//! `bench.rs` and `exercise.rs` for the two larger ones).
//!
//! `serve` and `build` use the mdBook and mdbook-mermaid versions pinned in
//! `[workspace.dependencies]` of the root Cargo.toml, the libraries the
//! tests build the site with (`book_model::pins`). If the programs on PATH
//! are not exactly those versions, the pinned ones are installed once into
//! `target/tools/` (cargo compiles them: a few minutes the first time) and
//! used from there; nothing outside the project changes.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use book_model::pins::Tool;

mod bench;
mod exercise;

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
        Some("bench") => done(bench::run_bench(&root())),
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
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .expect("xtask lives inside the book's folder")
        .to_owned()
}

fn serve(extra: &[String]) -> Result<()> {
    let path = tools()?;
    println!("Serving the book on http://127.0.0.1:3000 (Ctrl-C stops it)");
    let serve = ["serve", "--hostname", "127.0.0.1", "--port", "3000"];
    run(mdbook(&path).args(serve).args(extra))
}

fn build(extra: &[String]) -> Result<()> {
    let path = tools()?;
    run(mdbook(&path).arg("build").args(extra))?;
    println!("The book is in {}", root().join("book").display());
    Ok(())
}

/// Re-captures the outputs of the examples, rustc's messages for the
/// blocks that do not compile, and the practice page's index of the
/// exercises; then checks the whole book against them.
fn bless() -> Result<()> {
    if env::var("CI").is_ok_and(|v| v == "true") {
        bail!("bless rewrites the captured outputs; CI only checks them");
    }
    let mut recapture = book_model::cargo::command(&root());
    recapture.args(["test", "--test", "book", "--", "examples/", " rust"]);
    recapture.arg("src/practice.md lists every exercise");
    recapture.env("BOOK_BLESS", "1");
    run(&mut recapture)?;
    run(book_model::cargo::command(&root()).arg("test"))
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

    let pinned = book_model::pins::tools(&root()).map_err(anyhow::Error::msg)?;
    let wrong = |tool: &&Tool| version(tool.name, &path) != Some(tool.version_line());
    let missing: Vec<&Tool> = pinned.iter().filter(wrong).collect();
    if missing.is_empty() {
        return Ok(path);
    }
    let spec = |tool: &&Tool| format!("{}@{}", tool.name, tool.version);
    let specs: Vec<String> = missing.iter().map(spec).collect();
    println!(
        "Installing {} into {} (the first time, cargo compiles them: a few minutes)",
        specs.join(" and "),
        local.display()
    );
    let mut install = book_model::cargo::command(&root());
    install.args(["install", "--locked", "--root"]).arg(&local);
    run(install.args(&specs))?;
    for tool in &pinned {
        let (found, want) = (version(tool.name, &path), tool.version_line());
        if found.as_ref() != Some(&want) {
            bail!(
                "after the install, `{} --version` says {found:?}, not {want:?}",
                tool.name
            );
        }
    }
    Ok(path)
}

/// What `<name> --version` prints, found through `path`.
fn version(name: &str, path: &OsString) -> Option<String> {
    let mut command = Command::new(name);
    let output = command.arg("--version").env("PATH", path).output().ok()?;
    let said = || String::from_utf8_lossy(&output.stdout).trim().to_owned();
    output.status.success().then(said)
}

pub(crate) fn run(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_owned();
    let status = command
        .status()
        .with_context(|| format!("cannot run {program:?}"))?;
    let succeeded = status.success().then_some(());
    succeeded.with_context(|| format!("{program:?} failed ({status})"))
}
