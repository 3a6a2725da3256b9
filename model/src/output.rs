//! What a program printed, compared with what a page shows: the file that
//! holds it (`output.txt`, `python-output.txt`, `test-output.txt`, a
//! compile error's `.txt`, a client's transcript), byte for byte but for
//! what no program controls ([`Mask`]); or re-captured into that file
//! (`cargo xtask bless`).

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use crate::Location;

/// What is not compared. Every mask works on single lines, so a masked
/// line stands where the line it masks stood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mask {
    /// The first line of a panic message: `thread 'main' (8164) panicked
    /// at src/main.rs:4:5:`. The operating system's id of the thread
    /// changes from run to run (and Rust before 1.91 does not print it);
    /// a place inside a dependency is a path into the machine's cargo
    /// folder. Masked: the id, and the place if it is such a path, or with
    /// `every_place`, any place (a reader's copy is another file).
    pub panics: bool,
    pub every_place: bool,
    /// The hundredths of a second in libtest's closing `finished in
    /// 0.14s`: the real time the tests took. Whole seconds are compared,
    /// so tests that should take no real time fail if they wait seconds.
    pub test_time: bool,
}

impl Mask {
    /// Nothing masked: compiler messages, transcripts.
    pub const EXACT: Mask = Mask {
        panics: false,
        every_place: false,
        test_time: false,
    };
    /// What the book's own programs print.
    pub const PROGRAM: Mask = Mask {
        panics: true,
        ..Mask::EXACT
    };
    /// What the book's own examples' tests print.
    pub const TESTS: Mask = Mask {
        test_time: true,
        ..Mask::PROGRAM
    };

    /// `line` (with its line end, if it has one) as it is compared.
    pub fn line<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let line = if self.panics {
            mask_panic(line, self.every_place)
        } else {
            Cow::Borrowed(line)
        };
        if !self.test_time {
            return line;
        }
        match unclocked(&line) {
            Some(masked) => Cow::Owned(masked),
            None => line,
        }
    }
}

/// The first line of a panic message with its thread id masked, and its
/// place if it is a path into another crate (or with `every_place`, any
/// place): `thread 'main' (<id>) panicked at <a dependency>:`.
fn mask_panic(line: &str, every_place: bool) -> Cow<'_, str> {
    let parsed = (|| {
        let rest = line.strip_prefix("thread '")?;
        let (thread, rest) = rest.split_once('\'')?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(id) => {
                let (digits, rest) = id.split_once(')')?;
                digits.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
                rest.trim_start()
            }
            None => rest,
        };
        let place = rest.strip_prefix("panicked at ")?;
        let (place, end) = match place.strip_suffix('\n') {
            Some(place) => (place, "\n"),
            None => (place, ""),
        };
        let place = if every_place && place.ends_with(':') {
            "(a place):"
        } else if place.starts_with('/') && place.ends_with(':') {
            "<a dependency>:"
        } else {
            place
        };
        Some(format!("thread '{thread}' (<id>) panicked at {place}{end}"))
    })();
    parsed.map_or(Cow::Borrowed(line), Cow::Owned)
}

/// libtest's closing summary, `test result: ok. 1 passed; ...; finished in
/// 0.14s`, with the hundredths of a second masked
/// (`finished in 0.<hundredths>s`); `None` for any other line.
pub fn unclocked(line: &str) -> Option<String> {
    const FINISHED: &str = "; finished in ";
    let (body, end) = match line.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (line, ""),
    };
    let summary = body
        .strip_prefix("test result: ok. ")
        .or_else(|| body.strip_prefix("test result: FAILED. "))?;
    let at = body.rfind(FINISHED)?;
    (at >= body.len() - summary.len()).then_some(())?;
    let time = body[at + FINISHED.len()..].strip_suffix('s')?;
    let (whole, hundredths) = time.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(hundredths)).then_some(())?;
    Some(format!(
        "{}{whole}.<hundredths>s{end}",
        &body[..at + FINISHED.len()]
    ))
}

/// The first line where what was printed parts from what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference<'a> {
    /// 1-based.
    pub line: usize,
    /// The two lines, as written (with their line ends); `None` past the
    /// end of a text.
    pub expected: Option<&'a str>,
    pub printed: Option<&'a str>,
    pub expected_lines: usize,
    pub printed_lines: usize,
}

impl Difference<'_> {
    /// A line of the difference for a message: quoted, without its line
    /// end unless the line ends are all that differ.
    pub fn show(&self, line: Option<&str>) -> Option<String> {
        let only_ends = self
            .expected
            .zip(self.printed)
            .is_some_and(|(a, b)| a.trim_end() == b.trim_end());
        line.map(|line| match line.strip_suffix('\n') {
            Some(body) if !only_ends => format!("{body:?}"),
            _ => format!("{line:?}"),
        })
    }
}

/// Where `printed` first differs from `expected`, lines compared through
/// `mask`; `None` if they do not.
pub fn first_difference<'a>(
    expected: &'a str,
    printed: &'a str,
    mask: Mask,
) -> Option<Difference<'a>> {
    let want: Vec<&str> = expected.split_inclusive('\n').collect();
    let got: Vec<&str> = printed.split_inclusive('\n').collect();
    let index = want
        .iter()
        .zip(&got)
        .position(|(a, b)| mask.line(a) != mask.line(b))
        .or((want.len() != got.len()).then(|| want.len().min(got.len())))?;
    Some(Difference {
        line: index + 1,
        expected: want.get(index).copied(),
        printed: got.get(index).copied(),
        expected_lines: want.len(),
        printed_lines: got.len(),
    })
}

/// Compares `printed` with the file `file` (relative to `root`), through
/// `mask`; with `bless`, rewrites the file instead if they differ.
/// `shown_at` is where a page shows the file, for the message.
pub fn compare(
    root: &Path,
    file: &Path,
    printed: &[u8],
    mask: Mask,
    shown_at: Option<&Location>,
    bless: bool,
) -> Result<(), String> {
    let path = root.join(file);
    let printed = String::from_utf8_lossy(printed);
    let want = fs::read(&path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let difference = want
        .as_ref()
        .map(|want| first_difference(want, &printed, mask));
    if bless {
        if !matches!(difference, Ok(None)) {
            fs::write(&path, printed.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        return Ok(());
    }
    let difference = difference.map_err(|e| {
        format!(
            "{}: cannot be read ({e}); capture it with `cargo xtask bless`",
            file.display()
        )
    })?;
    let Some(difference) = difference else {
        return Ok(());
    };
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let nothing = || "(nothing: the output ends before this line)".to_owned();
    Err(format!(
        "{}:{}{shown}: what the book shows differs from what is printed now\n  \
         shown:   {}\n  printed: {}\n  ({} lines shown, {} printed; if the new output \
         is right, run `cargo xtask bless`)",
        file.display(),
        difference.line,
        difference.show(difference.expected).unwrap_or_else(nothing),
        difference.show(difference.printed).unwrap_or_else(nothing),
        difference.expected_lines,
        difference.printed_lines
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_lines() {
        let ours = "thread 'main' (8164) panicked at src/main.rs:4:5:\n";
        let theirs = "thread 'tokio-runtime-worker' (31) panicked at \
                      /home/me/.cargo/registry/src/x/tokio-1.54.1/src/lib.rs:1:2:\n";
        assert_eq!(
            Mask::PROGRAM.line(ours),
            "thread 'main' (<id>) panicked at src/main.rs:4:5:\n"
        );
        assert_eq!(
            Mask::PROGRAM.line(theirs),
            "thread 'tokio-runtime-worker' (<id>) panicked at <a dependency>:\n"
        );
        // Rust before 1.91 prints no thread id.
        let old = "thread 'main' panicked at src/main.rs:4:5:\n";
        assert_eq!(Mask::PROGRAM.line(old), Mask::PROGRAM.line(ours));
        let reader = Mask {
            every_place: true,
            ..Mask::PROGRAM
        };
        assert_eq!(
            reader.line(ours),
            "thread 'main' (<id>) panicked at (a place):\n"
        );
        assert_eq!(Mask::EXACT.line(ours), ours);
        assert_eq!(
            Mask::PROGRAM.line("the answer was lost\n"),
            "the answer was lost\n"
        );
    }

    #[test]
    fn test_summaries() {
        let summary = "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; \
                       0 filtered out; finished in 0.14s\n";
        assert_eq!(
            Mask::TESTS.line(summary),
            "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; \
             0 filtered out; finished in 0.<hundredths>s\n"
        );
        assert_eq!(
            Mask::TESTS.line(&summary.replace("0.14", "7.00")),
            Mask::TESTS.line(summary).replace("0.<", "7.<")
        );
        assert_eq!(Mask::PROGRAM.line(summary), summary);
        assert_eq!(unclocked("finished in 0.14s"), None);
    }

    #[test]
    fn the_first_difference() {
        let d = first_difference("a\nb\nc\n", "a\nB\n", Mask::EXACT).expect("they differ");
        assert_eq!(
            (d.line, d.expected, d.printed),
            (2, Some("b\n"), Some("B\n"))
        );
        assert_eq!((d.expected_lines, d.printed_lines), (3, 2));
        assert_eq!(d.show(d.expected).as_deref(), Some("\"b\""));
        let d = first_difference("a\n", "a", Mask::EXACT).expect("line ends differ");
        assert_eq!(d.show(d.printed).as_deref(), Some("\"a\""));
        assert_eq!(d.show(d.expected).as_deref(), Some("\"a\\n\""));
        let d = first_difference("a\n", "a\nb\n", Mask::EXACT).expect("one more line");
        assert_eq!((d.line, d.expected), (3 - 1, None));
        assert_eq!(first_difference("a\n", "a\n", Mask::EXACT), None);
    }

    #[test]
    fn compare_and_bless() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = Path::new("output.txt");
        std::fs::write(dir.path().join(file), "started\nfinished in 3.0s\n").expect("writable");
        let shown = Location::new("src/chapter.md", 7);
        let wrong = compare(
            dir.path(),
            file,
            b"started\nfinished in 3.1s\n",
            Mask::PROGRAM,
            Some(&shown),
            false,
        );
        assert_eq!(
            wrong,
            Err(
                "output.txt:2 (shown at src/chapter.md:7): what the book shows differs \
                 from what is printed now\n  shown:   \"finished in 3.0s\"\n  printed: \
                 \"finished in 3.1s\"\n  (2 lines shown, 2 printed; if the new output is \
                 right, run `cargo xtask bless`)"
                    .to_owned()
            )
        );
        let new = b"started\nfinished in 3.1s\n";
        assert_eq!(
            compare(dir.path(), file, new, Mask::PROGRAM, None, true),
            Ok(())
        );
        assert_eq!(
            compare(dir.path(), file, new, Mask::PROGRAM, None, false),
            Ok(())
        );
        let missing = compare(
            dir.path(),
            Path::new("none.txt"),
            new,
            Mask::EXACT,
            None,
            false,
        );
        assert!(missing.is_err_and(|e| e.contains("capture it with `cargo xtask bless`")));
    }
}
