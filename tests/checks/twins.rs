//! Promise: a server and its asyncio twin answer one client alike.
//!
//! A page may show one asyncio client driving an example server written
//! twice, in Rust and in asyncio, each in a console block that shows one
//! and the same transcript:
//!
//! ```text
//! $ python3 examples/<client>/main.py cargo run -q --example <server>
//! {{#include ../examples/<server>/client-output.txt}}
//! ```
//!
//! and the same with `python3 examples/<server>/main.py`. `examples/<server>
//! twin` runs the client against each server, on the real clock, and each
//! transcript must be the file, byte for byte. It stands in for the output
//! checks of the server and client, which would run them without each other.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use book_model::Location;
use book_model::book::{Book, ClientRun, Example, Side, client_run};
use book_model::includes::Include;
use book_model::markdown::CodeBlock;
use book_model::output::{self, Mask};
use book_model::process::{self, Streams};

use crate::support::first_lines;
use crate::support::run::Run;
use crate::support::trial::{Check, Needs};

fn transcript_file(server: &str) -> PathBuf {
    Path::new("examples").join(server).join("client-output.txt")
}

/// The console-block rule for a client run: the command, then the include
/// of the server's transcript.
pub fn console_block(block: &CodeBlock, found: &[Include]) -> Result<(), String> {
    let lines: Vec<&str> = block.raw.lines().collect();
    let Some((_, server, _)) = lines.first().and_then(|l| client_run(l)) else {
        return Err(format!("{}: not a client run", block.at));
    };
    let expected = transcript_file(&server);
    match (lines.len(), found) {
        (2, [include]) if include.file == expected && include.selector.is_none() => Ok(()),
        _ => Err(format!(
            "{}: a console block that runs a client against a server holds two \
             lines: the command and `{{{{#include ../{}}}}}`",
            block.at,
            expected.display()
        )),
    }
}

/// The servers and clients, whose output this module checks.
pub fn checked_here(book: &Book) -> Vec<String> {
    let runs = book.client_runs.iter();
    runs.flat_map(|run| [run.server.clone(), run.client.clone()])
        .collect()
}

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut runs: BTreeMap<String, Vec<ClientRun>> = BTreeMap::new();
    for client_run in &run.book.client_runs {
        runs.entry(client_run.server.clone())
            .or_default()
            .push(client_run.clone());
    }
    let mut checks = Vec::new();
    for (server, client_runs) in runs {
        let example = run.book.examples.get(&server).cloned().unwrap_or_default();
        let client = client_runs
            .first()
            .and_then(|r| run.book.examples.get(&r.client));
        let client_shown = client.is_some_and(|client| !client.python_shown.is_empty());
        let run = Arc::clone(run);
        let name = format!("examples/{server} twin");
        checks.push(Check::needing(Needs::Python, name, move || {
            let (client, shown_at) = shown_whole(&server, &client_runs, &example, client_shown)?;
            let rust = vec![run.example(&server)?.into_os_string()];
            let python = run.tools.python.interpreter()?.as_os_str().to_owned();
            let asyncio = vec![
                python,
                "-B".into(),
                format!("examples/{server}/main.py").into(),
            ];
            let servers = [
                (Side::Rust, "Rust", rust),
                (Side::Asyncio, "asyncio", asyncio),
            ];
            let servers = servers.map(|(side, name, command)| {
                (
                    format!("the {name} server (`{}`)", side.command(&server)),
                    command,
                )
            });
            let client = Path::new("examples").join(&client).join("main.py");
            same_transcript(&run, &client, servers, &transcript_file(&server), &shown_at)
        }));
    }
    checks
}

/// Checks that the pages show the run against both servers, with one
/// client, and the three programs: the client, and where the run is shown.
fn shown_whole(
    server: &str,
    runs: &[ClientRun],
    example: &Example,
    client_shown: bool,
) -> Result<(String, Location), String> {
    let first = runs.first().ok_or("no client run")?;
    if let Some(other) = runs.iter().find(|r| r.client != first.client) {
        return Err(format!(
            "{} and {} run different clients against examples/{server}; one \
             transcript needs one client",
            first.at, other.at
        ));
    }
    for side in [Side::Rust, Side::Asyncio] {
        if !runs.iter().any(|r| r.side == side) {
            return Err(format!(
                "{}: the client runs against one server only; show it against \
                 `{}` too, with the same transcript",
                first.at,
                side.command(server)
            ));
        }
    }
    let (rust_shown, python_shown) = (example.rust_shown.first(), example.python_shown.first());
    if rust_shown.is_none() || python_shown.is_none() || !client_shown {
        return Err(format!(
            "{}: a page must show examples/{server}/main.rs (in a rust block), \
             examples/{server}/main.py and examples/{}/main.py (in python blocks)",
            first.at, first.client
        ));
    }
    if example.rust_shown.iter().any(|(_, panics)| *panics) {
        return Err(format!(
            "examples/{server}/main.rs is a server run by a client: its block \
             cannot be marked should_panic"
        ));
    }
    Ok((first.client.clone(), first.at.clone()))
}

/// Runs `client` against each server in turn (the client starts it, in a
/// process group killed when the client exits or at the time limit), and
/// compares what it prints with `expected`. With blessing, the first
/// server's transcript is written first; the second must still match.
fn same_transcript(
    run: &Run,
    client: &Path,
    servers: [(String, Vec<OsString>); 2],
    expected: &Path,
    shown_at: &Location,
) -> Result<(), String> {
    let (limit, shown) = (run.settings.run_limit, client.display());
    for (i, (name, server)) in servers.into_iter().enumerate() {
        let mut command = run.tools.python.real_clock()?;
        command.arg(client).args(&server).current_dir(run.root());
        let printed = process::run(command, b"", limit, Streams::Merged);
        let printed = printed.map_err(|e| format!("{name}: cannot run {shown}: {e}"))?;
        let text = String::from_utf8_lossy(&printed.stdout);
        let Some(status) = printed.status else {
            return Err(format!(
                "{name}: {shown} did not finish within {limit:?}, so it was stopped, with \
                 the server; it printed:\n{}",
                first_lines(&text, 40)
            ));
        };
        if !status.success() {
            let text = text.trim_end();
            return Err(format!(
                "{name}: {shown} failed ({status}); it printed:\n{text}"
            ));
        }
        let (root, bless) = (run.root(), run.settings.bless && i == 0);
        let compared = output::compare(
            root,
            expected,
            &printed.stdout,
            Mask::EXACT,
            Some(shown_at),
            bless,
        );
        compared.map_err(|difference| format!("{name} answered differently:\n{difference}"))?;
    }
    Ok(())
}
