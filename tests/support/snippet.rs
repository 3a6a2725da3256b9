//! Compiling and running one Rust block of the book with skeptic.
//!
//! skeptic's runtime (`skeptic::rt::run_test`) does the part that is hard to
//! get right: it finds, among all the builds in `target/`, the exact rlibs of
//! tokio, futures and anyhow that this test binary was linked with, and hands
//! them to rustc. What it lacks, this module adds around it:
//!
//! - Edition 2024. skeptic 0.14 passes the newest edition it knows (2021). It
//!   calls the compiler named by `RUSTC`, so each snippet is run in a child
//!   process whose `RUSTC` is this very test binary in "rustc shim" mode: it
//!   sets `--edition=2024`, asks for JSON diagnostics, and records them.
//! - A time limit. The child runs in a process group of its own that is
//!   killed, with rustc or the snippet in it, once the limit has passed.
//! - Expectations. `should_panic` passes only if the snippet compiled and
//!   then panicked; `compile_fail,E0728` passes only if rustc rejected the
//!   snippet with that error code.
//! - Short, located failure messages in place of skeptic's rustc command line.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::markdown::Location;
use super::process::{self, Streams};

/// What the page says a block does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Compiles, runs, and exits successfully.
    Success,
    /// Compiles, runs, and panics.
    Panic,
    /// Does not compile, and rustc reports this error code or lint.
    CompileError(String),
}

/// A block ready to be compiled.
#[derive(Clone, Debug)]
pub struct Snippet {
    /// The opening fence of the block.
    pub at: Location,
    /// The program handed to rustc.
    pub code: String,
    /// Where each line of `code` came from (a chapter line, or a line of an
    /// included file), for error messages.
    pub origins: Vec<Option<Location>>,
    pub expect: Expect,
}

/// Compiles and runs `snippet`; `Err` says what went wrong, in a few lines.
pub fn check(snippet: &Snippet, work: &Path, limit: Duration) -> Result<(), String> {
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let me = env::current_exe().map_err(|e| format!("cannot find the test binary: {e}"))?;
    let mut child = Command::new(&me);
    child
        .env("BOOK_MODE", "snippet")
        .env("BOOK_WORK", work)
        .env("RUSTC", &me)
        // A panic message must look the same on every machine.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    let finished = process::run(child, snippet.code.as_bytes(), limit, Streams::Separate)
        .map_err(|e| format!("{}: cannot start the snippet runner: {e}", snippet.at))?;

    let Some(status) = finished.status else {
        return Err(format!(
            "{}: did not finish within {} s, so it was stopped: it hangs or \
             waits for something that never happens",
            snippet.at,
            limit.as_secs()
        ));
    };
    let rustc_status = fs::read_to_string(work.join("rustc.status")).ok();
    let Some(rustc_status) = rustc_status else {
        let why = fs::read_to_string(work.join("failure.txt")).unwrap_or_default();
        return Err(format!(
            "{}: skeptic could not compile the block (rustc never ran): {}\n{}",
            snippet.at,
            first_lines(&why, 5),
            first_lines(&String::from_utf8_lossy(&finished.stderr), 10)
        ));
    };
    let diagnostics = read_diagnostics(&work.join("rustc.json"));
    let compiled = rustc_status.trim() == "0";

    match (&snippet.expect, compiled) {
        (Expect::CompileError(code), false) => {
            if diagnostics.iter().any(|d| d.is_error() && d.code == *code) {
                Ok(())
            } else {
                Err(format!(
                    "{}: the page says this block fails to compile with {code}, \
                     but rustc reports other errors:\n{}",
                    snippet.at,
                    render(snippet, &diagnostics)
                ))
            }
        }
        (Expect::CompileError(code), true) => Err(format!(
            "{}: the page says this block fails to compile with {code}, but it \
             compiles",
            snippet.at
        )),
        (expect, false) => {
            let what = if *expect == Expect::Panic {
                "is marked should_panic, but it must compile first, and it does not"
            } else {
                "does not compile"
            };
            Err(format!(
                "{}: this block {what}:\n{}",
                snippet.at,
                render(snippet, &diagnostics)
            ))
        }
        (Expect::Success, true) if status.success() => Ok(()),
        (Expect::Success, true) => Err(format!(
            "{}: this block compiles, but the program failed:\n{}",
            snippet.at,
            tail(
                &locate(snippet, &String::from_utf8_lossy(&finished.stderr)),
                12
            )
        )),
        (Expect::Panic, true) => {
            let stderr = locate(snippet, &String::from_utf8_lossy(&finished.stderr));
            match panic_message(&stderr) {
                Some(_) if !status.success() => Ok(()),
                _ if status.success() => Err(format!(
                    "{}: this block is marked should_panic, but the program \
                     finished without panicking",
                    snippet.at
                )),
                _ => Err(format!(
                    "{}: this block is marked should_panic; the program failed, \
                     but not with a panic:\n{}",
                    snippet.at,
                    tail(&stderr, 12)
                )),
            }
        }
    }
}

/// The message of the first panic reported in a program's standard error.
pub fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines().skip_while(|l| !l.contains("panicked at"));
    lines.next()?;
    Some(
        lines
            .take_while(|l| !l.starts_with("note: "))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The child process: hands the snippet read from standard input to skeptic.
pub fn child() -> ExitCode {
    // skeptic will run the compiler named by RUSTC, which the parent set to
    // this binary; in that process this mode says "be rustc". Setting it is
    // sound here: no other thread has been started yet.
    unsafe { env::set_var("BOOK_MODE", "rustc") };
    let work = PathBuf::from(env::var_os("BOOK_WORK").expect("the parent sets BOOK_WORK"));
    let mut code = String::new();
    if let Err(e) = io::stdin().read_to_string(&mut code) {
        let _ = fs::write(
            work.join("failure.txt"),
            format!("cannot read the snippet: {e}"),
        );
        return ExitCode::from(3);
    }
    // skeptic reports a failure by panicking with its rustc command line.
    // The parent explains failures itself, so keep that out of the output.
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        skeptic::rt::run_test(
            env!("CARGO_MANIFEST_DIR"),
            env!("OUT_DIR"),
            env!("BOOK_TARGET"),
            &code,
        );
    }));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let _ = fs::write(work.join("failure.txt"), message);
            ExitCode::from(3)
        }
    }
}

/// The rustc shim: rustc as skeptic calls it, but in edition 2024, with
/// warnings denied, and with its diagnostics recorded for the parent.
pub fn rustc_shim() -> ExitCode {
    let mut rustc = Command::new(env!("BOOK_RUSTC"));
    // skeptic also runs `cargo metadata`, which runs `rustc -vV` through
    // RUSTC: anything but the compilation of a snippet passes straight on.
    if !env::args().any(|a| a == "--crate-type=bin") {
        let status = rustc.args(env::args_os().skip(1)).status();
        return match status {
            Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
            Err(_) => ExitCode::from(3),
        };
    }
    let work = PathBuf::from(env::var_os("BOOK_WORK").expect("the parent sets BOOK_WORK"));
    for arg in env::args_os().skip(1) {
        match arg.to_str() {
            Some("--verbose") => {}
            Some(a) if a.starts_with("--edition") => {}
            _ => {
                rustc.arg(arg);
            }
        }
    }
    // Like rustdoc, allow the `unused` lints: a short snippet often defines
    // something it does not use. Every other warning fails the block. A
    // block can still turn a lint back on with `#![deny(...)]`.
    rustc.args([
        "--edition=2024",
        "--error-format=json",
        "-D",
        "warnings",
        "-A",
        "unused",
    ]);
    let output = match rustc.output() {
        Ok(output) => output,
        Err(e) => {
            let _ = fs::write(work.join("failure.txt"), format!("cannot run rustc: {e}"));
            return ExitCode::from(3);
        }
    };
    let code = output.status.code().unwrap_or(1);
    let _ = fs::write(work.join("rustc.json"), &output.stderr);
    let _ = fs::write(work.join("rustc.status"), code.to_string());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// One diagnostic from rustc's JSON output.
#[derive(Debug)]
struct Diagnostic {
    level: String,
    code: String,
    rendered: String,
}

impl Diagnostic {
    fn is_error(&self) -> bool {
        self.level == "error"
    }
}

fn read_diagnostics(path: &Path) -> Vec<Diagnostic> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|json| json.get("$message_type").and_then(|t| t.as_str()) == Some("diagnostic"))
        .map(|json| Diagnostic {
            level: json["level"].as_str().unwrap_or("").to_owned(),
            code: json["code"]["code"].as_str().unwrap_or("").to_owned(),
            rendered: json["rendered"].as_str().unwrap_or("").to_owned(),
        })
        .collect()
}

static TEMP_POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S*test\.rs:(\d+):(\d+)").expect("valid regex"));

/// rustc's errors, at most three, each cut to a few lines, with positions in
/// skeptic's temporary file replaced by the chapter or example line.
fn render(snippet: &Snippet, diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut out = String::new();
    for diagnostic in errors
        .iter()
        .filter(|d| !d.code.is_empty() || errors.len() == 1)
        .take(3)
    {
        let text = locate(snippet, &diagnostic.rendered);
        let _ = writeln!(out, "{}", indent(&first_lines(&text, 14), "  "));
    }
    if out.is_empty() {
        out.push_str("  (rustc gave no error message)\n");
    }
    out
}

/// `text` with every position in skeptic's temporary `test.rs` replaced by
/// the chapter or example line it came from.
fn locate(snippet: &Snippet, text: &str) -> String {
    TEMP_POSITION
        .replace_all(text, |cap: &regex::Captures<'_>| {
            let line: usize = cap[1].parse().unwrap_or(0);
            match snippet.origins.get(line.wrapping_sub(1)).cloned().flatten() {
                Some(origin) => format!("{origin}:{}", &cap[2]),
                None => format!("{} (a line the test adds):{}", snippet.at, &cap[2]),
            }
        })
        .into_owned()
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let mut out = lines[..lines.len().min(n)].join("\n");
    if lines.len() > n {
        out.push_str("\n...");
    }
    out
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let start = lines.len().saturating_sub(n);
    indent(&lines[start..].join("\n"), "  ")
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
