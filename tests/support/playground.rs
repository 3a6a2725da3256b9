//! The Rust playground, as the browser checks stand in for it, so that a
//! Run button can be pressed with no network. mdBook 0.5.4's `book.js` asks
//! it which crates it has (`POST /meta/crates`, to hide the Run button of a
//! block that names another), and posts the code to `/evaluate.json` when
//! Run is pressed, showing the answer's `result` (`No output` if blank).
//! The playground (`ui/src/server_axum.rs`) answers `{"result": stdout}`
//! when the program succeeded, else `{"result": stderr + stdout, "error":
//! ...}`; so does the test, rustc's messages standing for cargo's.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use book_model::process::{self, Streams, TIME_LIMIT};
use serde::{Deserialize, Serialize};

use super::rustc::{Build, Compiler, Diagnostic, SOURCE};

pub const HOST: &str = "play.rust-lang.org";

/// The crates the playground says it has, as far as the book cares.
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

#[derive(Clone, Debug, Serialize)]
struct Evaluated {
    result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The playground as the test stands in for it.
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

    /// The answer to a Run button's request, as JSON: its code compiled as a
    /// snippet of the book is, through the cache, and run.
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

    /// What `code` prints when it compiles and runs successfully; else rustc's
    /// messages, or the program's stderr and stdout.
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

/// Compiles `code` before the request that sends it, which then finds it
/// cached: mdBook gives the playground only 6 seconds to answer.
pub fn prepare(compiler: &Compiler, code: &str) {
    let _ = compiled(compiler, code);
}

/// The program `code` compiles to, through the cache (keyed as a block
/// that runs is), or rustc's messages.
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

const RUN_LIMIT: Duration = Duration::from_secs(10);

/// A request's body, from the base64 the DevTools protocol gives it in.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

pub fn encode_base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}
