//! What a program printed, compared with the file a page shows, byte for
//! byte but for what no program controls ([`Mask`]); or re-captured.

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use crate::Location;

/// What is not compared, line by line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mask {
    /// In a panic's first line, the thread id (Rust before 1.91 prints none),
    /// and a place inside a dependency (a path into the machine's cargo
    /// folder), or with `every_place`, any place (a reader's copy).
    pub panics: bool,
    pub every_place: bool,
    /// The hundredths in libtest's `finished in 0.14s`: whole seconds are
    /// compared, so tests that should take no real time fail if they wait.
    pub test_time: bool,
}

impl Mask {
    /// Nothing masked: compiler messages, transcripts.
    pub const EXACT: Mask = Mask {
        panics: false,
        every_place: false,
        test_time: false,
    };
    pub const PROGRAM: Mask = Mask {
        panics: true,
        ..Mask::EXACT
    };
    pub const TESTS: Mask = Mask {
        test_time: true,
        ..Mask::PROGRAM
    };

    pub fn line<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let masked = self.panics.then(|| mask_panic(line, self.every_place));
        let line = masked.unwrap_or(Cow::Borrowed(line));
        match unclocked(&line).filter(|_| self.test_time) {
            Some(masked) => Cow::Owned(masked),
            None => line,
        }
    }
}

fn body(line: &str) -> (&str, &str) {
    line.strip_suffix('\n')
        .map_or((line, ""), |body| (body, "\n"))
}

/// A panic's first line, masked: `thread 'main' (<id>) panicked at
/// <a dependency>:`.
fn mask_panic(line: &str, every_place: bool) -> Cow<'_, str> {
    let parsed = || {
        let (thread, rest) = line.strip_prefix("thread '")?.split_once('\'')?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(id) => {
                let (digits, rest) = id.split_once(')')?;
                digits.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
                rest.trim_start()
            }
            None => rest,
        };
        let (place, end) = body(rest.strip_prefix("panicked at ")?);
        let place = match place.ends_with(':') {
            true if every_place => "(a place):",
            true if place.starts_with('/') => "<a dependency>:",
            _ => place,
        };
        Some(format!("thread '{thread}' (<id>) panicked at {place}{end}"))
    };
    parsed().map_or(Cow::Borrowed(line), Cow::Owned)
}

/// libtest's summary with its hundredths masked (`finished in
/// 0.<hundredths>s`); `None` for any other line.
fn unclocked(line: &str) -> Option<String> {
    const FINISHED: &str = "; finished in ";
    let (body, end) = body(line);
    let ok = body.strip_prefix("test result: ok. ");
    let summary = ok.or_else(|| body.strip_prefix("test result: FAILED. "))?;
    let at = body.rfind(FINISHED)?;
    (at >= body.len() - summary.len()).then_some(())?;
    let (whole, hundredths) = body[at + FINISHED.len()..]
        .strip_suffix('s')?
        .split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(hundredths)).then_some(())?;
    let summary = &body[..at + FINISHED.len()];
    Some(format!("{summary}{whole}.<hundredths>s{end}"))
}

/// The first line where what was printed parts from what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference<'a> {
    pub line: usize,
    /// 1-based; the two lines, with their ends (`None` past a text's end).
    pub expected: Option<&'a str>,
    pub printed: Option<&'a str>,
    pub expected_lines: usize,
    pub printed_lines: usize,
}

impl Difference<'_> {
    /// A line, quoted, without its end unless the ends are all that differ.
    pub fn show(&self, line: Option<&str>) -> Option<String> {
        let both = self.expected.zip(self.printed);
        let only_ends = both.is_some_and(|(a, b)| a.trim_end() == b.trim_end());
        line.map(|line| match line.strip_suffix('\n') {
            Some(body) if !only_ends => format!("{body:?}"),
            _ => format!("{line:?}"),
        })
    }
}

pub fn first_difference<'a>(
    expected: &'a str,
    printed: &'a str,
    mask: Mask,
) -> Option<Difference<'a>> {
    let want: Vec<&str> = expected.split_inclusive('\n').collect();
    let got: Vec<&str> = printed.split_inclusive('\n').collect();
    let differs = want
        .iter()
        .zip(&got)
        .position(|(a, b)| mask.line(a) != mask.line(b));
    let index = differs.or((want.len() != got.len()).then(|| want.len().min(got.len())))?;
    Some(Difference {
        line: index + 1,
        expected: want.get(index).copied(),
        printed: got.get(index).copied(),
        expected_lines: want.len(),
        printed_lines: got.len(),
    })
}

/// Compares `printed` with the file `file`, through `mask`, naming where a
/// page shows it; with `bless`, rewrites the file instead.
pub fn compare(
    root: &Path,
    file: &Path,
    printed: &[u8],
    mask: Mask,
    shown_at: Option<&Location>,
    bless: bool,
) -> Result<(), String> {
    let (path, name) = (root.join(file), file.display());
    let printed = String::from_utf8_lossy(printed);
    let want = fs::read(&path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let difference = want
        .as_ref()
        .map(|want| first_difference(want, &printed, mask));
    if bless {
        if !matches!(difference, Ok(None)) {
            let written = fs::write(&path, printed.as_bytes());
            written.map_err(|e| format!("cannot write {name}: {e}"))?;
        }
        return Ok(());
    }
    let difference = difference.map_err(|e| {
        format!("{name}: cannot be read ({e}); capture it with `cargo xtask bless`")
    })?;
    let Some(d) = difference else {
        return Ok(());
    };
    let shown = shown_at
        .map(|at| format!(" (shown at {at})"))
        .unwrap_or_default();
    let show = |line| {
        d.show(line)
            .unwrap_or("(nothing: the output ends before this line)".into())
    };
    Err(format!(
        "{name}:{}{shown}: what the book shows differs from what is printed now\n  \
         shown:   {}\n  printed: {}\n  ({} lines shown, {} printed; if the new output \
         is right, run `cargo xtask bless`)",
        d.line,
        show(d.expected),
        show(d.printed),
        d.expected_lines,
        d.printed_lines
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
        // Rust before 1.91 prints no thread id.
        let old = "thread 'main' panicked at src/main.rs:4:5:\n";
        let reader = Mask {
            every_place: true,
            ..Mask::PROGRAM
        };
        let cases = [
            (
                Mask::PROGRAM,
                ours,
                "thread 'main' (<id>) panicked at src/main.rs:4:5:\n",
            ),
            (
                Mask::PROGRAM,
                old,
                "thread 'main' (<id>) panicked at src/main.rs:4:5:\n",
            ),
            (
                Mask::PROGRAM,
                theirs,
                "thread 'tokio-runtime-worker' (<id>) panicked at <a dependency>:\n",
            ),
            (
                reader,
                ours,
                "thread 'main' (<id>) panicked at (a place):\n",
            ),
            (Mask::EXACT, ours, ours),
            (
                Mask::PROGRAM,
                "the answer was lost\n",
                "the answer was lost\n",
            ),
        ];
        for (mask, line, masked) in cases {
            assert_eq!(mask.line(line), masked);
        }
    }

    #[test]
    fn test_summaries() {
        let summary = "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; \
                       0 filtered out; finished in 0.14s\n";
        let masked = summary.replace("0.14s", "0.<hundredths>s");
        assert_eq!(Mask::TESTS.line(summary), masked);
        let seven = Mask::TESTS
            .line(&summary.replace("0.14", "7.00"))
            .into_owned();
        assert_eq!(seven, masked.replace("0.<", "7.<"));
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
        assert_eq!((d.line, d.expected), (2, None));
        assert_eq!(first_difference("a\n", "a\n", Mask::EXACT), None);
    }

    #[test]
    fn compare_and_bless() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (root, file) = (dir.path(), Path::new("output.txt"));
        std::fs::write(root.join(file), "started\nfinished in 3.0s\n").expect("writable");
        let (shown, new) = (
            Location::new("src/chapter.md", 7),
            b"started\nfinished in 3.1s\n",
        );
        let differs = "output.txt:2 (shown at src/chapter.md:7): what the book shows differs \
                       from what is printed now\n  shown:   \"finished in 3.0s\"\n  printed: \
                       \"finished in 3.1s\"\n  (2 lines shown, 2 printed; if the new output is \
                       right, run `cargo xtask bless`)";
        let compared = |file, bless| {
            compare(
                root,
                Path::new(file),
                new,
                Mask::PROGRAM,
                Some(&shown),
                bless,
            )
        };
        assert_eq!(compared("output.txt", false), Err(differs.to_owned()));
        assert_eq!(compared("output.txt", true), Ok(()));
        assert_eq!(compared("output.txt", false), Ok(()));
        let missing = compared("none.txt", false);
        assert!(missing.is_err_and(|e| e.contains("capture it with `cargo xtask bless`")));
    }
}
