//! Files that hold what the book shows a program or the compiler printing
//! (`output.txt`, `python-output.txt`, a compile error's `.txt`): compared
//! byte for byte with what is printed now, or rewritten when re-capturing
//! (`cargo xtask bless`).

use std::env;
use std::fs;
use std::path::Path;

use super::markdown::Location;
use super::{required, root};

/// The environment variable that turns the comparisons into updates.
pub const BLESS: &str = "BOOK_BLESS";

/// Whether outputs are being re-captured (`BOOK_BLESS=1`); refused under
/// CI, which must check them, never write them.
pub fn blessing() -> Result<bool, String> {
    let bless = env::var(BLESS).is_ok_and(|v| v == "1");
    if bless && required() {
        return Err(format!(
            "{BLESS}=1 is refused under CI: CI checks outputs, it never rewrites them"
        ));
    }
    Ok(bless)
}

/// Compares `printed` with the file `expected`, both passed through `mask`
/// (which hides what no program controls, such as a thread id); with
/// `bless` (see [`blessing`]) it rewrites the file instead. `shown_at` is
/// where the page shows the file, for the message.
pub fn compare(
    expected: &Path,
    printed: &[u8],
    mask: fn(&[u8]) -> Vec<u8>,
    shown_at: Option<&Location>,
    bless: bool,
) -> Result<(), String> {
    let name = expected.strip_prefix(root()).unwrap_or(expected);
    let want = fs::read(expected);
    let same = want.as_ref().is_ok_and(|want| mask(want) == mask(printed));
    if bless {
        if !same {
            fs::write(expected, printed)
                .map_err(|e| format!("cannot write {}: {e}", name.display()))?;
        }
        return Ok(());
    }
    let want = want.map_err(|e| {
        format!(
            "{}: cannot be read ({e}); capture it with `cargo xtask bless`",
            name.display()
        )
    })?;
    if same {
        return Ok(());
    }
    Err(describe_difference(
        name,
        shown_at,
        &mask(&want),
        &mask(printed),
    ))
}

/// The first line where the two texts part, in a few lines.
fn describe_difference(
    expected: &Path,
    shown_at: Option<&Location>,
    want: &[u8],
    got: &[u8],
) -> String {
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
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
        "{}:{}{shown}: what the book shows differs from what is printed now\n  \
         shown:   {}\n  printed: {}\n  ({} lines shown, {} printed; if the new output \
         is right, run `cargo xtask bless`)",
        expected.display(),
        index + 1,
        line(&want_lines),
        line(&got_lines),
        want_lines.len(),
        got_lines.len()
    )
}

/// No masking.
pub fn exact(bytes: &[u8]) -> Vec<u8> {
    bytes.to_vec()
}
