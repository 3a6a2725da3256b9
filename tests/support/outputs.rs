//! Shown program output: every output on a page is included from
//! `examples/<name>/output.txt`, and that file must hold exactly what
//! `cargo run --example <name>` prints.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::includes;
use super::markdown::{CodeBlock, Location};
use super::process::{self, Streams};

/// The environment variable that turns the output checks into updates.
pub const BLESS: &str = "BOOK_BLESS";

/// How an example is expected to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Success,
    /// Rust's exit code for a panic in `main`.
    Panic,
}

/// Runs `program` and compares what it prints (standard output and standard
/// error, interleaved as a terminal shows them) with `expected`, byte for
/// byte. With `bless` it writes the file instead.
#[allow(clippy::too_many_arguments)]
pub fn check(
    mut program: Command,
    root: &Path,
    expected: &Path,
    ending: Ending,
    shown_at: Option<&Location>,
    limit: Duration,
    bless: bool,
) -> Result<String, String> {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    program
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env("NO_COLOR", "1");
    let shown_file = expected.strip_prefix(root).unwrap_or(expected).to_owned();
    let expected_path = expected;
    let expected = shown_file.as_path();
    let finished = process::run(program, b"", limit, Streams::Merged)
        .map_err(|e| format!("{}: cannot run the program: {e}", expected.display()))?;
    let printed = finished.stdout;
    let Some(status) = finished.status else {
        return Err(format!(
            "{}{shown}: the program did not finish within {} s and was stopped",
            expected.display(),
            limit.as_secs()
        ));
    };
    let ended = match status.code() {
        Some(0) => Some(Ending::Success),
        Some(101) => Some(Ending::Panic),
        _ => None,
    };
    if ended != Some(ending) {
        let wanted = match ending {
            Ending::Success => "exit successfully",
            Ending::Panic => "panic (its block is marked should_panic)",
        };
        return Err(format!(
            "{}{shown}: the program should {wanted}, but it ended with {status}; \
             it printed:\n{}",
            expected.display(),
            String::from_utf8_lossy(&printed)
        ));
    }

    let want = fs::read(expected_path);
    let same = want.as_ref().is_ok_and(|want| mask(want) == mask(&printed));
    if bless {
        if !same {
            fs::write(expected_path, &printed)
                .map_err(|e| format!("cannot write {}: {e}", expected.display()))?;
        }
        return Ok(format!("updated {}", expected.display()));
    }
    let want = want.map_err(|e| {
        format!(
            "{}: cannot be read ({e}); capture it with `cargo xtask bless`",
            expected.display()
        )
    })?;
    if same {
        return Ok(String::new());
    }
    Err(describe_difference(
        expected,
        &shown,
        &mask(&want),
        &mask(&printed),
    ))
}

static PANIC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(thread '[^']*') \(\d+\) panicked at (/\S*:\d+:\d+:$)?").expect("valid regex")
});

/// The output with the two parts that no program controls masked, both in
/// the first line of a panic message: the operating system's id of the
/// thread (`thread 'main' (8164) panicked at`), which differs from run to
/// run, and the location of a panic inside a dependency, an absolute path
/// into the machine's cargo folder. Everything else, the panic message and
/// the location of a panic in the book's own code included, is compared
/// byte for byte.
fn mask(output: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(output);
    PANIC_LINE
        .replace_all(&text, |cap: &regex::Captures<'_>| {
            let place = if cap.get(2).is_some() {
                "<a dependency>:"
            } else {
                ""
            };
            format!("{} (<id>) panicked at {place}", &cap[1])
        })
        .as_bytes()
        .to_vec()
}

/// Whether outputs are being re-captured (`BOOK_BLESS=1`); refused under
/// CI, which must check them, never write them.
pub fn blessing() -> Result<bool, String> {
    let bless = env::var(BLESS).is_ok_and(|v| v == "1");
    if bless && env::var("CI").is_ok_and(|v| v == "true") {
        return Err(format!(
            "{BLESS}=1 is refused under CI: CI checks outputs, it never rewrites them"
        ));
    }
    Ok(bless)
}

/// The first line where the two outputs part, in a few lines.
fn describe_difference(expected: &Path, shown: &str, want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    let want_lines: Vec<&str> = want.split_inclusive('\n').collect();
    let got_lines: Vec<&str> = got.split_inclusive('\n').collect();
    let index = want_lines
        .iter()
        .zip(&got_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(want_lines.len().min(got_lines.len()));
    let line = |lines: &[&str]| match lines.get(index) {
        Some(text) => format!("{text:?}"),
        None => "(nothing: the output ends before this line)".to_owned(),
    };
    format!(
        "{}:{}{shown}: the output shown in the book differs from what the \
         program prints\n  shown:   {}\n  printed: {}\n  ({} lines shown, {} \
         printed; if the new output is right, run `cargo xtask bless`)",
        expected.display(),
        index + 1,
        line(&want_lines),
        line(&got_lines),
        want_lines.len(),
        got_lines.len()
    )
}

static RUN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\$ (?:cargo run --example ([A-Za-z0-9_-]+)|python3 examples/([A-Za-z0-9_-]+)/main\.py)$",
    )
    .expect("valid regex")
});

/// A `console` block shows a command and its output, and nothing else:
///
/// ```text
/// $ cargo run --example event-loop-hello
/// {{#include ../examples/event-loop-hello/output.txt}}
/// ```
///
/// or, for an asyncio original, `$ python3 examples/NAME/main.py` and
/// `{{#include ../examples/NAME/python-output.txt}}`; so the output on the
/// page is always the checked file of the program the command names. Also
/// refuses an output file included anywhere else.
pub fn check_console_block(block: &CodeBlock) -> Result<(), String> {
    let found = includes::find(&block.at.file, &block.raw, block.at.line + 1);
    let outputs: Vec<_> = found
        .iter()
        .filter(|i| {
            i.file
                .file_name()
                .is_some_and(|n| n == "output.txt" || n == "python-output.txt")
        })
        .collect();
    if block.lang != "console" {
        return match outputs.first() {
            Some(include) => Err(format!(
                "{}: program output is shown in `console` blocks only, after \
                 the `$ cargo run --example ...` line that prints it",
                include.at
            )),
            None => Ok(()),
        };
    }
    let lines: Vec<&str> = block.raw.lines().collect();
    let expected = lines.first().and_then(|l| RUN_LINE.captures(l)).map(|cap| {
        let (name, file) = match (cap.get(1), cap.get(2)) {
            (Some(rust), _) => (rust, "output.txt"),
            (_, Some(python)) => (python, "python-output.txt"),
            _ => unreachable!("the pattern matches one of its two groups"),
        };
        PathBuf::from("examples").join(name.as_str()).join(file)
    });
    match (lines.len(), expected, outputs.as_slice()) {
        (2, Some(expected), [include])
            if include.file == expected && include.selector.is_none() =>
        {
            Ok(())
        }
        _ => Err(format!(
            "{}: a console block holds two lines: `$ cargo run --example NAME` \
             and `{{{{#include ../examples/NAME/output.txt}}}}`, or `$ python3 \
             examples/NAME/main.py` and `{{{{#include \
             ../examples/NAME/python-output.txt}}}}` (output is never pasted \
             into a page, so it can always be checked)",
            block.at
        )),
    }
}
