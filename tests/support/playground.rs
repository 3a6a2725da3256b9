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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use book_model::process::{self, Streams, TIME_LIMIT};
use serde::{Deserialize, Serialize};

use super::rustc::{Build, Compiler, Diagnostic, SOURCE};

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

/// The playground as the test stands in for it: programs are compiled by
/// the book's snippet compiler, and run in folders of their own.
pub struct Playground {
    scratch: PathBuf,
    runs: AtomicUsize,
}

impl Playground {
    pub fn new(scratch: &Path) -> Playground {
        Playground {
            scratch: scratch.to_owned(),
            runs: AtomicUsize::new(0),
        }
    }

    /// The answer to a Run button's request, as JSON: the code it sent,
    /// compiled as the book compiles a snippet (edition 2024, warnings
    /// denied) through the book's compile cache, and run.
    pub fn evaluate(&self, compiler: &Compiler, request: &Evaluate) -> String {
        let answer = match self.stdout_of(compiler, &request.code) {
            Ok(result) => Evaluated {
                result,
                error: None,
            },
            Err(result) => Evaluated {
                error: Some(result.clone()),
                result,
            },
        };
        serde_json::to_string(&answer).expect("strings serialize")
    }

    /// What `code` prints to stdout when it compiles and runs successfully;
    /// an error with rustc's messages, or the program's stderr and stdout,
    /// otherwise.
    pub fn stdout_of(&self, compiler: &Compiler, code: &str) -> Result<String, String> {
        let program = compiled(compiler, code)?;
        let n = self.runs.fetch_add(1, Ordering::Relaxed);
        let dir = self.scratch.join(format!("playground-{n}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        // The playground, too, gives up on a program after 10 seconds.
        let finished = process::run(
            super::command(&program, &dir),
            b"",
            RUN_LIMIT,
            Streams::Separate,
        );
        let _ = fs::remove_dir_all(&dir);
        let finished = finished.map_err(|e| format!("cannot run the program: {e}"))?;
        let stdout = String::from_utf8_lossy(&finished.stdout).into_owned();
        let mut stderr = String::from_utf8_lossy(&finished.stderr).into_owned();
        if finished.status.is_none() {
            stderr.push_str("(the program was stopped: it ran too long)\n");
        }
        match finished.status.is_some_and(|s| s.success()) {
            true => Ok(stdout),
            false => Err(stderr + &stdout),
        }
    }
}

/// Compiles `code` ahead of the request that will send it, so that the
/// request finds it in the cache: mdBook gives the playground 6 seconds to
/// answer, less than a cold compilation may take on a busy machine.
pub fn prepare(compiler: &Compiler, code: &str) {
    let _ = compiled(compiler, code);
}

/// The program `code` compiles to, through the compile cache; or rustc's
/// messages, as rustc renders them. Keyed as the book's own blocks are
/// (`rust_blocks`): a block expected to compile and run.
fn compiled(compiler: &Compiler, code: &str) -> Result<PathBuf, String> {
    let must_compile = |succeeded: bool, diagnostics: &[Diagnostic]| {
        let rendered = || diagnostics.iter().map(|d| d.rendered.as_str()).collect();
        succeeded.then_some(()).ok_or_else(rendered)
    };
    let (label, source) = ("a Run button's program", (SOURCE, code));
    let compiled = compiler.compile(
        label,
        source,
        "Success",
        Build::Binary,
        TIME_LIMIT,
        &must_compile,
    );
    let left = || "the program compiled, but left no file".to_owned();
    compiled?.program.ok_or_else(left)
}

/// How long a program run by a Run button may take.
const RUN_LIMIT: Duration = Duration::from_secs(10);

/// The body of a request, from the base64 pieces the DevTools protocol
/// gives it in.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

pub fn encode_base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}
