//! The Rust playground, as the browser checks stand in for it: the test
//! answers a page's requests to play.rust-lang.org itself, so that a Run
//! button can be pressed with no network, and what it sends is compiled
//! and run by the book's own snippet compiler.
//!
//! mdBook 0.5.4's `book.js` asks two things of the playground:
//!
//! - `POST /meta/crates`: which crates it has, to hide the Run button of a
//!   block that names another (`extern crate`).
//! - `POST /evaluate.json` with `{"version": "stable", "optimize": "0",
//!   "code": ..., "edition": "2024"}` when Run is pressed; it shows the
//!   answer's `result` in the block's output area (`No output` if that is
//!   blank).
//!
//! The playground (rust-lang/rust-playground, `ui/src/server_axum.rs`)
//! answers `evaluate.json` with `{"result": stdout}` when the program
//! compiled and exited successfully, and `{"result": stderr + stdout,
//! "error": stderr + stdout}` otherwise, where its stderr holds cargo's and
//! rustc's messages and then the program's own. The test answers the same
//! way; its stderr holds rustc's messages as rustc renders them (there is
//! no cargo), then the program's.

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::cache::{Cache, Key};
use super::process::{self, Streams};
use super::rustc::{self, Build, Toolchain};
use super::{TIME_LIMIT, scratch_dir};

/// The playground's host.
pub const HOST: &str = "play.rust-lang.org";

/// What the playground says it has, as far as this book is concerned.
pub const CRATES: &str = concat!(
    r#"{"crates":[{"id":"tokio"},{"id":"tokio_util"},{"id":"tokio_stream"},"#,
    r#"{"id":"futures"},{"id":"anyhow"},{"id":"tracing"},{"id":"tracing_subscriber"},"#,
    r#"{"id":"async_trait"}]}"#
);

/// What a Run button sends to `evaluate.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evaluate {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub optimize: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub edition: String,
}

/// What the playground answers to it.
#[derive(Clone, Debug, Serialize)]
struct Evaluated {
    result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// How many programs the Run buttons had compiled in this run, and how many
/// came from the compile cache.
pub static COMPILED: AtomicUsize = AtomicUsize::new(0);
pub static CACHED: AtomicUsize = AtomicUsize::new(0);

/// The answer to a Run button's request, as JSON: the code it sent,
/// compiled as the book compiles a snippet (edition 2024, warnings denied;
/// see `rustc::FLAGS`) through the book's compile cache, and run.
pub fn evaluate(request: &Evaluate) -> String {
    let (success, stdout, stderr) = match compiled(&request.code, false) {
        Ok(program) => execute(&program),
        Err(messages) => (false, String::new(), messages),
    };
    let answer = if success {
        Evaluated {
            result: stdout,
            error: None,
        }
    } else {
        let result = stderr + &stdout;
        Evaluated {
            result: result.clone(),
            error: Some(result),
        }
    };
    serde_json::to_string(&answer).expect("strings serialize")
}

/// What `code` prints to stdout when it compiles and runs successfully; an
/// error with rustc's or the program's messages otherwise.
pub fn stdout_of(code: &str) -> Result<String, String> {
    let program = compiled(code, false)?;
    match execute(&program) {
        (true, stdout, _) => Ok(stdout),
        (false, stdout, stderr) => Err(stderr + &stdout),
    }
}

/// Compiles `code` ahead of the request that will send it, so that the
/// request finds it in the cache: mdBook gives the playground 6 seconds to
/// answer, less than a cold compilation may take on a busy machine.
pub fn prepare(code: &str) {
    let _ = compiled(code, true);
}

/// The program `code` compiles to, from the cache or compiled now; or
/// rustc's messages, as rustc renders them. `count`: counted in
/// [`COMPILED`] or [`CACHED`].
fn compiled(code: &str, count: bool) -> Result<PathBuf, String> {
    let toolchain = Toolchain::get()?;
    let cache = Cache::book();
    // Keyed as the book's own blocks are (`rust_blocks::compile`): a block
    // expected to compile and run.
    let key = Key::new(&toolchain.fingerprint(), "Success", code);
    if let Some(entry) = cache.get(&key)
        && let Some(program) = entry.program
    {
        if count {
            CACHED.fetch_add(1, Ordering::Relaxed);
        }
        return Ok(program);
    }
    let staging = cache.stage()?;
    let result = rustc::compile(toolchain, &staging.dir, code, Build::Program, TIME_LIMIT)?;
    let messages: String = result
        .diagnostics
        .iter()
        .map(|d| d.rendered.as_str())
        .collect();
    if !result.succeeded {
        return Err(messages);
    }
    if count {
        COMPILED.fetch_add(1, Ordering::Relaxed);
    }
    // Only a program that compiled is kept, as for the book's blocks.
    cache
        .keep(&key, staging, &result.diagnostics)?
        .program
        .ok_or(messages)
}

/// Runs `program`: whether it succeeded, its stdout and its stderr.
fn execute(program: &PathBuf) -> (bool, String, String) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::Relaxed);
    let dir = scratch_dir().join(format!("playground-{n}"));
    let _ = fs::remove_dir_all(&dir);
    if let Err(e) = fs::create_dir_all(&dir) {
        return (
            false,
            String::new(),
            format!("cannot create {}: {e}", dir.display()),
        );
    }
    let mut command = Command::new(program);
    command
        .current_dir(&dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    // The playground stops a program after a few seconds too.
    let finished = process::run(command, b"", RUN_LIMIT, Streams::Separate);
    let _ = fs::remove_dir_all(&dir);
    match finished {
        Ok(finished) => {
            let stdout = String::from_utf8_lossy(&finished.stdout).into_owned();
            let mut stderr = String::from_utf8_lossy(&finished.stderr).into_owned();
            if finished.status.is_none() {
                stderr.push_str("(the program was stopped: it ran too long)\n");
            }
            let success = finished.status.is_some_and(|s| s.success());
            (success, stdout, stderr)
        }
        Err(e) => (false, String::new(), format!("cannot run the program: {e}")),
    }
}

/// How long a program run by a Run button may take.
const RUN_LIMIT: Duration = Duration::from_secs(10);

/// The body of a request, from the base64 pieces the DevTools protocol
/// gives it in.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = text.bytes().filter(|&b| b != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= value(b)? << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

pub fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
