//! Promise: a server and its asyncio twin answer one client alike.
//!
//! A page may show one client, an asyncio program, driving an example
//! server written twice, in Rust (`examples/<server>/main.rs`) and in
//! asyncio (`examples/<server>/main.py`), each in a console block of its
//! own that shows one and the same transcript:
//!
//! ```text
//! $ python3 examples/<client>/main.py cargo run -q --example <server>
//! {{#include ../examples/<server>/client-output.txt}}
//! ```
//!
//! and the same with `python3 examples/<server>/main.py` after the client.
//! `examples/<server> twin` runs the client against the Rust server (the
//! binary cargo built) and against the asyncio one, both on the real clock,
//! and each transcript must be the file, byte for byte; a failure names the
//! server that differed and the first line where it did. This check stands
//! in for the server's and the client's ordinary output checks
//! (`checks/outputs.rs`), which would run them without each other.
//!
//! The client starts the server itself. Both run in a process group of
//! their own, which is killed once the client has exited, or at the time
//! limit, so that no server is left running whatever happened.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::LazyLock;
use std::thread;
use std::time::{Duration, Instant};

use libtest_mimic::Trial;
use regex::Regex;

use crate::support::book::Book;
use crate::support::includes::Include;
use crate::support::markdown::{CodeBlock, Location};
use crate::support::python::{self, PYTHON};
use crate::support::trial::needs;
use crate::support::{TIME_LIMIT, examples, expected, first_lines};

/// Which of the two servers a console block runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Rust,
    Asyncio,
}

/// A console block that runs a client against a server.
#[derive(Clone, Debug)]
pub struct TwinRun {
    pub at: Location,
    pub client: String,
    pub server: String,
    pub side: Side,
}

static TWIN_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\$ python3 examples/([A-Za-z0-9_-]+)/main\.py (?:cargo run -q --example ([A-Za-z0-9_-]+)|python3 examples/([A-Za-z0-9_-]+)/main\.py)$",
    )
    .expect("valid regex")
});

/// The client, the server and the side a console block's command names, if
/// it is a client run against a server.
pub fn command(line: &str) -> Option<(String, String, Side)> {
    let cap = TWIN_COMMAND.captures(line)?;
    let (server, side) = match (cap.get(2), cap.get(3)) {
        (Some(rust), _) => (rust.as_str(), Side::Rust),
        (_, Some(asyncio)) => (asyncio.as_str(), Side::Asyncio),
        _ => return None,
    };
    Some((cap[1].to_owned(), server.to_owned(), side))
}

/// The transcript that every run of a client against `server` must print.
pub fn transcript_file(server: &str) -> PathBuf {
    PathBuf::from("examples")
        .join(server)
        .join("client-output.txt")
}

/// The console-block rule for a client run (see `outputs::console_block`):
/// the command, then the include of the server's transcript, and nothing
/// else.
pub fn console_block(block: &CodeBlock, found: &[Include]) -> Result<(), String> {
    let lines: Vec<&str> = block.raw.lines().collect();
    let Some((_, server, _)) = lines.first().and_then(|l| command(l)) else {
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

/// Every client run shown in the book, by server.
pub fn runs(book: &Book) -> BTreeMap<String, Vec<TwinRun>> {
    let mut runs: BTreeMap<String, Vec<TwinRun>> = BTreeMap::new();
    for block in book.chapters.iter().flat_map(|c| &c.blocks) {
        if block.lang != "console" {
            continue;
        }
        let first = block.raw.lines().next().unwrap_or("");
        if let Some((client, server, side)) = command(first) {
            runs.entry(server.clone()).or_default().push(TwinRun {
                at: block.at.clone(),
                client,
                server,
                side,
            });
        }
    }
    runs
}

/// The examples whose output this module checks instead of `outputs`: the
/// servers and the clients of the client runs.
pub fn checked_here(book: &Book) -> Vec<String> {
    runs(book)
        .into_values()
        .flatten()
        .flat_map(|run| [run.server, run.client])
        .collect()
}

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    for (server, runs) in runs(book) {
        let root = book.root.clone();
        let example = book.examples.get(&server).cloned().unwrap_or_default();
        let client_shown = runs
            .first()
            .and_then(|run| book.examples.get(&run.client))
            .is_some_and(|client| !client.python_shown.is_empty());
        checks.push(needs(
            &PYTHON,
            format!("examples/{server} twin"),
            move || {
                let (client, shown_at) = shown_whole(&server, &runs, &example, client_shown)?;
                let rust = vec![examples::binary(&server).into_os_string()];
                let asyncio = vec![
                    python::interpreter()?.into_os_string(),
                    "-B".into(),
                    format!("examples/{server}/main.py").into(),
                ];
                examples::built(&server)?;
                same_transcript(
                    &root,
                    &Path::new("examples").join(&client).join("main.py"),
                    [
                        (
                            format!("the Rust server (`cargo run -q --example {server}`)"),
                            rust,
                        ),
                        (
                            format!("the asyncio server (`python3 examples/{server}/main.py`)"),
                            asyncio,
                        ),
                    ],
                    &root.join(transcript_file(&server)),
                    Some(&shown_at),
                    TIME_LIMIT,
                    expected::blessing()?,
                )
            },
        ));
    }
    checks
}

/// Checks that the pages show the client run against both servers, with
/// one client, and show the three programs; returns the client and where
/// the transcript is shown.
fn shown_whole(
    server: &str,
    runs: &[TwinRun],
    example: &crate::support::book::Example,
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
    for (side, command) in [
        (Side::Rust, format!("cargo run -q --example {server}")),
        (Side::Asyncio, format!("python3 examples/{server}/main.py")),
    ] {
        if !runs.iter().any(|r| r.side == side) {
            return Err(format!(
                "{}: the client runs against one server only; show it against \
                 `{command}` too, with the same transcript",
                first.at
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

/// Runs `client` (relative to `root`) against each server command in turn
/// and compares what it prints with `expected`: the first server that
/// differs fails the check, by name. With `bless`, the first server's
/// transcript is written to `expected` first; the second must still match.
pub fn same_transcript(
    root: &Path,
    client: &Path,
    servers: [(String, Vec<OsString>); 2],
    expected: &Path,
    shown_at: Option<&Location>,
    limit: Duration,
    bless: bool,
) -> Result<(), String> {
    for (i, (name, server)) in servers.into_iter().enumerate() {
        let mut run = python::real_clock()?;
        run.arg(client).args(&server).current_dir(root);
        let printed = in_own_group(run, limit)
            .map_err(|e| format!("{name}: cannot run {}: {e}", client.display()))?;
        let Some(status) = printed.status else {
            return Err(format!(
                "{name}: {} did not finish within {limit:?}, so it was stopped, with \
                 the server; it printed:\n{}",
                client.display(),
                first_lines(&String::from_utf8_lossy(&printed.output), 40)
            ));
        };
        if !status.success() {
            return Err(format!(
                "{name}: {} failed ({status}); it printed:\n{}",
                client.display(),
                String::from_utf8_lossy(&printed.output).trim_end()
            ));
        }
        let bless_this = bless && i == 0;
        expected::compare(
            expected,
            &printed.output,
            expected::exact,
            shown_at,
            bless_this,
        )
        .map_err(|difference| format!("{name} answered differently:\n{difference}"))?;
    }
    Ok(())
}

/// What a client run left behind.
pub struct Printed {
    /// `None` when it was stopped at the time limit.
    pub status: Option<ExitStatus>,
    /// Standard output and standard error, in the order written.
    pub output: Vec<u8>,
}

/// Runs `command` in a process group of its own, with its two output
/// streams in one pipe, until it exits or `limit` passes; then kills the
/// whole group, whatever happened, so that what it started dies with it.
pub fn in_own_group(mut command: Command, limit: Duration) -> io::Result<Printed> {
    let (mut reader, writer) = io::pipe()?;
    command
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command.spawn()?;
    // Our copies of the write end must go, or the reader never sees the end.
    drop(command);
    let output = thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        bytes
    });

    let group = child.id() as libc::pid_t;
    let deadline = Instant::now() + limit;
    let in_time = loop {
        match exited(group) {
            Ok(true) => break true,
            Ok(false) => {}
            Err(error) => {
                kill_group(group);
                let _ = child.wait();
                return Err(error);
            }
        }
        if Instant::now() >= deadline {
            break false;
        }
        thread::sleep(Duration::from_millis(5));
    };
    // The client has not been reaped yet, so no other process can have
    // taken its id, which is the group's: the kill reaches only its group.
    kill_group(group);
    let status = child.wait()?;
    let output = output.join().expect("the reader thread does not panic");
    Ok(Printed {
        status: in_time.then_some(status),
        output,
    })
}

/// Whether the child `pid` has exited, asked without reaping it.
fn exited(pid: libc::pid_t) -> io::Result<bool> {
    // SAFETY: waitid(2) writes only into `info`, which is ours and zeroed;
    // WNOWAIT leaves the child to be reaped by `Child::wait`.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        if libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(info.si_pid() != 0)
    }
}

fn kill_group(group: libc::pid_t) {
    // SAFETY: kill(2) with a negative pid signals the process group that
    // the child leads; it touches no memory of ours.
    unsafe { libc::kill(-group, libc::SIGKILL) };
}

/// Whether process `pid` is gone: no such process, or (on Linux, where
/// `/proc` says so) a zombie that only waits to be reaped.
pub fn is_gone(pid: libc::pid_t) -> bool {
    // SAFETY: kill(2) with signal 0 only asks whether the process exists.
    if unsafe { libc::kill(pid, 0) } != 0 {
        return io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
    }
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // The state follows the command's closing parenthesis.
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']))
    })
}
