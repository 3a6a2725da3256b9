//! The book's commands, run as `cargo xtask <command>`:
//!
//! - `serve`: serves the book with live reload on http://127.0.0.1:3000;
//! - `build`: writes the static site to `book/`;
//! - `bless`: re-captures every example's `output.txt` after an intended
//!   change, then checks the book;
//! - `tools`: installs the pinned mdBook and mdbook-mermaid, if needed.
//!
//! `serve` and `build` use mdBook 0.5.4 and mdbook-mermaid 0.17.1. If the
//! programs on PATH are not exactly those versions, the pinned ones are
//! installed once into `target/tools/` (cargo compiles them: a few minutes
//! the first time) and used from there; nothing outside the project changes.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

/// The pinned tools: crate name, version, and what `--version` prints.
const TOOLS: &[(&str, &str, &str)] = &[
    ("mdbook", "0.5.4", "mdbook v0.5.4"),
    ("mdbook-mermaid", "0.17.1", "mdbook-mermaid 0.17.1"),
];

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve   serve the book with live reload on http://127.0.0.1:3000
  build   write the static site to book/
  bless   re-capture every example's output.txt, then check the book
  tools   install the pinned mdbook and mdbook-mermaid if they are missing";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("build") => build(&args[1..]),
        Some("bless") => bless(),
        Some("tools") => tools().map(|_| ()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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
    run(Command::new(&cargo)
        .current_dir(root())
        .args(["test", "--test", "book", "--", "examples/"])
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
