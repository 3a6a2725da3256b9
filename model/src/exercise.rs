//! The book's exercises as `cargo xtask exercise` and the tests both see
//! them: where they are, the reader's copy of a starter, how a copy is run,
//! and the verdict on it, which the tests prove. An exercise is a marker,
//! `<!-- exercise: NAME -->`, and the block after it, the starter; the
//! example of the same name is the solution (the format is in the README).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::book::{Book, Chapter, OutputFile};
use crate::markdown::{self, CodeBlock, Heading, Mark};
use crate::output::{Mask, first_difference};
use crate::process::{self, Streams};
use crate::{Location, read};

/// How long a reader's program, or tests, may run before being stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Where the readers' copies live: binaries of the workspace member
/// `exercises`, which git ignores.
pub const COPIES: &str = "exercises/src/bin";

pub fn copy_path(name: &str) -> PathBuf {
    Path::new(COPIES).join(format!("{name}.rs"))
}

#[derive(Clone, Debug)]
pub struct Exercise {
    pub name: String,
    /// Where its marker is, the heading it sits under (`## Exercise: ...`),
    /// the block after the marker, and what its page shows a correct answer
    /// printing.
    pub at: Location,
    pub heading: Option<Heading>,
    pub starter: Result<CodeBlock, String>,
    pub shown: Result<Shown, String>,
}

pub fn exercises(book: &Book) -> Vec<Exercise> {
    let mut found = Vec::new();
    for chapter in &book.chapters {
        let headings = markdown::headings(&chapter.text);
        for marker in markdown::markers(&chapter.text) {
            let Mark::Exercise(name) = marker.mark else {
                continue;
            };
            let at = Location::new(&chapter.file, marker.line);
            let placed = |e| format!("{at}: {e}");
            let heading = headings.iter().rev().find(|h| h.line < marker.line);
            found.push(Exercise {
                heading: heading.cloned(),
                starter: block_after(chapter, marker.line).map_err(placed),
                shown: shown(chapter, marker.line, &name).map_err(placed),
                name,
                at,
            });
        }
    }
    found
}

/// The code block on the first non-blank line after line `marker`.
pub fn block_after(chapter: &Chapter, marker: usize) -> Result<CodeBlock, String> {
    let lines: Vec<&str> = chapter.text.lines().collect();
    let first = (marker..lines.len()).find(|&i| !lines[i].trim().is_empty());
    let fence = first.map(|i| i + 1);
    let block = chapter.blocks.iter().find(|b| Some(b.at.line) == fence);
    block.cloned().ok_or_else(|| {
        "the marker is not followed by a code block: the starter, a `rust,editable` \
         block, comes right after it"
            .to_owned()
    })
}

/// What an exercise asks for, by what its page shows a correct answer
/// printing: a program, `$ cargo run --example NAME` and `output.txt`, whose
/// output the reader's copy must print; or tests, `$ cargo test --example
/// NAME [-- ARGS]` and `test-output.txt`, which run with `ARGS` must pass
/// against the exercise's code and fail against each of its wrong versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Output,
    Tests { args: Vec<String> },
}

impl Answer {
    pub fn output_file(&self) -> OutputFile {
        match self {
            Answer::Output => OutputFile::Run,
            Answer::Tests { .. } => OutputFile::Test,
        }
    }

    /// The command that runs the reader's copy as the checker does.
    pub fn copy_command(&self, name: &str) -> String {
        match self {
            Answer::Output => format!("cargo run -p exercises --bin {name}"),
            Answer::Tests { args } => {
                let args: String = args.iter().map(|a| format!(" {a}")).collect();
                let args = if args.is_empty() {
                    args
                } else {
                    format!(" --{args}")
                };
                format!("cargo test -p exercises --bin {name}{args}")
            }
        }
    }

    /// How a copy's output is compared with a correct answer's: not a panic's
    /// place (the copy is another file), nor, for tests, the hundredths.
    pub fn mask(&self) -> Mask {
        Mask {
            every_place: true,
            test_time: matches!(self, Answer::Tests { .. }),
            ..Mask::PROGRAM
        }
    }
}

/// The console block that shows what a correct answer prints, and so what
/// kind of answer the exercise asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub at: Location,
    pub answer: Answer,
}

/// The console block of `chapter` that shows what a correct answer to
/// exercise `name` prints: the first after the marker and before the next
/// heading that holds a command running example `name` and the include of
/// what it prints (see [`Answer`]).
pub fn shown(chapter: &Chapter, marker: usize, name: &str) -> Result<Shown, String> {
    let headings = markdown::headings(&chapter.text).into_iter();
    let next_heading = headings.map(|h| h.line).find(|&line| line > marker);
    let end = next_heading.unwrap_or(usize::MAX);
    let within = |b: &&CodeBlock| b.at.line > marker && b.at.line < end;
    let blocks = chapter.blocks.iter().filter(within);
    let mut consoles = blocks.filter(|b| b.lang == "console");
    let shown = |b: &CodeBlock| Some((b.at.clone(), answer_of(b, name)?));
    let (at, answer) = consoles.find_map(shown).ok_or_else(|| {
        format!(
            "the exercise's page shows what a correct answer prints, after the starter \
             and before the next heading: a console block with `$ cargo run --example \
             {name}` and `{{{{#include ../examples/{name}/output.txt}}}}`; or, if the \
             answer is a test, `$ cargo test --example {name}` (with `-- \
             --test-threads=1` or not) and `{{{{#include \
             ../examples/{name}/test-output.txt}}}}`"
        )
    })?;
    Ok(Shown { at, answer })
}

fn answer_of(block: &CodeBlock, name: &str) -> Option<Answer> {
    let lines: Vec<&str> = block.raw.lines().collect();
    let [command, include] = lines.as_slice() else {
        return None;
    };
    let command = command.trim_end().strip_prefix("$ ")?;
    let answer = if command == format!("cargo run --example {name}") {
        Answer::Output
    } else {
        let rest = command.strip_prefix("cargo test --example ")?;
        let (example, args) = rest.split_once(" -- ").unwrap_or((rest, ""));
        let args = args.split_whitespace().map(str::to_owned).collect();
        (example == name).then_some(Answer::Tests { args })?
    };
    let file = format!("/examples/{name}/{}}}}}", answer.output_file().name());
    let include = include.trim();
    (include.starts_with("{{#include ") && include.ends_with(&file)).then_some(answer)
}

/// A wrong version of a test exercise's code, which the reader's tests must
/// catch: `examples/NAME/wrong/<what>.txt`, whose first line says what is
/// wrong, then `- ` lines, which must stand once in the reader's copy (the
/// given code), and the `+ ` lines that replace them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mutant {
    pub file: PathBuf,
    pub what: String,
    pub from: String,
    pub to: String,
}

impl Mutant {
    pub fn all(root: &Path, name: &str) -> Result<Vec<Mutant>, String> {
        let folder = Path::new("examples").join(name).join("wrong");
        let entries = root.join(&folder).read_dir();
        let entries = entries.into_iter().flatten().flatten();
        let mut files: Vec<PathBuf> = entries.map(|e| folder.join(e.file_name())).collect();
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        files.sort();
        files.iter().map(|file| Mutant::read(root, file)).collect()
    }

    fn read(root: &Path, file: &Path) -> Result<Mutant, String> {
        let text = read(root, file)?;
        let mut lines = text.lines();
        let what = lines.next().unwrap_or("").trim().to_owned();
        let (mut from, mut to) = (Vec::new(), Vec::new());
        for (i, line) in lines.enumerate() {
            match line.split_at_checked(2) {
                Some(("- ", rest)) => from.push(rest),
                Some(("+ ", rest)) => to.push(rest),
                _ if line == "-" => from.push(""),
                _ if line == "+" => to.push(""),
                _ => {
                    return Err(format!(
                        "{}:{}: a wrong version's lines start with `- ` (the code it \
                         changes) or `+ ` (what it puts instead)",
                        file.display(),
                        i + 2
                    ));
                }
            }
        }
        if what.is_empty() || from.is_empty() {
            return Err(format!(
                "{}: a wrong version says what is wrong on its first line, then gives \
                 the lines it changes (`- `) and their replacement (`+ `)",
                file.display()
            ));
        }
        let (file, from, to) = (file.to_owned(), from.join("\n"), to.join("\n"));
        Ok(Mutant {
            file,
            what,
            from,
            to,
        })
    }

    /// `copy` with this change made, if the lines it changes stand once in it.
    pub fn apply(&self, copy: &str) -> Result<String, String> {
        match copy.matches(&self.from).count() {
            1 => Ok(copy.replacen(&self.from, &self.to, 1)),
            n => Err(format!(
                "the exercise's given code should hold, once, the lines\n{}\nbut it holds \
                 them {n} times: was the given code changed? (`--reset` writes your copy \
                 again; your answer is kept)",
                self.from
            )),
        }
    }
}

/// How a program or its tests ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Any other exit, with its code and, as the system says it, what the code
    /// means (`exit status: 101 (a panic)`).
    Failure {
        code: Option<i32>,
        how: String,
    },
    Stopped(Duration),
}

/// Runs `binary` in `dir` as the checker runs a reader's copy, for at most
/// `limit`: what it printed (both streams as a terminal shows them), and how
/// it ended.
pub fn run(
    binary: &Path,
    dir: &Path,
    answer: &Answer,
    limit: Duration,
) -> io::Result<(Vec<u8>, Outcome)> {
    let mut command = Command::new(binary);
    command.current_dir(dir);
    prepare(&mut command, answer);
    let finished = process::run(command, b"", limit, Streams::Merged)?;
    let outcome = match finished.status {
        None => Outcome::Stopped(limit),
        Some(status) if status.success() => Outcome::Success,
        Some(status) => {
            let means = match (status.code(), answer) {
                (Some(101), Answer::Output) => " (a panic)",
                (Some(101), Answer::Tests { .. }) => " (a test failed)",
                _ => "",
            };
            let (code, how) = (status.code(), format!("{status}{means}"));
            Outcome::Failure { code, how }
        }
    };
    Ok((finished.stdout, outcome))
}

/// Sets up `command` so that what a program (or tests) prints is the same
/// on every machine: no backtraces, no colours, none of the variables that
/// change what libtest prints; and passes the page's arguments to tests.
pub fn prepare(command: &mut Command, answer: &Answer) {
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    command.env("NO_COLOR", "1");
    if let Answer::Tests { args } = answer {
        command.args(args);
        for variable in ["THREADS", "NOCAPTURE", "SHUFFLE", "TIME_UNIT"] {
            command.env_remove(format!("RUST_TEST_{variable}"));
        }
    }
}

/// Whether an answer is right, in a few lines for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass(String),
    Fail(String),
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Pass(_))
    }

    pub fn text(&self) -> &str {
        match self {
            Verdict::Pass(text) | Verdict::Fail(text) => text,
        }
    }
}

/// The verdict on a program: right if it prints what a correct answer
/// prints (`expected`, through [`Answer::Output`]'s mask) and succeeds.
pub fn judge_output(expected: &[u8], printed: &[u8], outcome: &Outcome) -> Verdict {
    const PRINTS: &str = "it prints what a correct answer prints";
    let expected = String::from_utf8_lossy(expected);
    let printed = String::from_utf8_lossy(printed);
    let difference = first_difference(&expected, &printed, Answer::Output.mask());
    let mut text = Vec::new();
    match (outcome, &difference) {
        (Outcome::Success, None) => {
            let lines = expected.split_inclusive('\n').count();
            return Verdict::Pass(format!("{PRINTS} ({})", count(lines)));
        }
        (Outcome::Success, Some(_)) => {}
        (Outcome::Failure { how, .. }, None) => {
            text.push(format!("{PRINTS}, but it ended with {how}"))
        }
        (Outcome::Failure { how, .. }, Some(_)) => text.push(format!("it ended with {how}")),
        (Outcome::Stopped(limit), _) => text.push(format!(
            "it did not finish within {} s, so it was stopped: it waits for something \
             that never happens, or never stops",
            limit.as_secs()
        )),
    }
    if let Some(d) = difference {
        let show = |line: Option<&str>, lines: usize| {
            d.show(line).unwrap_or_else(|| match lines {
                0 => "nothing at all".to_owned(),
                n => format!("nothing: the output ends after line {n}"),
            })
        };
        let (expected, printed) = (count(d.expected_lines), d.printed_lines);
        text.push(format!("line {} differs:", d.line));
        text.push(format!(
            "  expected: {}",
            show(d.expected, d.expected_lines)
        ));
        text.push(format!("  printed:  {}", show(d.printed, d.printed_lines)));
        text.push(format!("({expected} expected, {printed} printed)"));
    }
    Verdict::Fail(text.join("\n"))
}

/// What the reader's tests did against some code: what they printed and
/// how they ended; or why they did not compile against it.
pub type TestsRan = Result<(Vec<u8>, Outcome), String>;

/// The verdict on a reader's tests: right if they run at least one test,
/// pass against the exercise's own code, and fail against each wrong
/// version; what they are called and print is the reader's business.
pub fn judge_tests(on_given: &TestsRan, on_mutants: &[(&Mutant, TestsRan)]) -> Verdict {
    let (printed, outcome) = match on_given {
        Ok(ran) => ran,
        Err(why) => return Verdict::Fail(why.clone()),
    };
    let printed = String::from_utf8_lossy(printed);
    let ran = tests_run(&printed);
    match outcome {
        Outcome::Stopped(limit) => {
            return Verdict::Fail(format!(
                "your tests did not finish within {} s, so they were stopped: a test \
                 waits for something that never happens, or never stops",
                limit.as_secs()
            ));
        }
        Outcome::Failure { how, .. } => {
            let lines: Vec<&str> = printed.trim_end().lines().collect();
            let last = &lines[lines.len().saturating_sub(12)..];
            let last: Vec<String> = last.iter().map(|line| format!("  {line}")).collect();
            return Verdict::Fail(format!(
                "your tests fail against the exercise's code, which is right ({how}); \
                 what they printed ends with:\n{}",
                last.join("\n").trim_end()
            ));
        }
        Outcome::Success if ran == 0 => {
            return Verdict::Fail(
                "no test ran: write yours in the copy's `#[cfg(test)]` module, marked \
                 `#[test]` (or `#[tokio::test]` for an async one)"
                    .to_owned(),
            );
        }
        Outcome::Success => {}
    }
    let missed: Vec<String> = (on_mutants.iter())
        .filter_map(|(mutant, ran)| {
            let what = &mutant.what;
            Some(match ran {
                Ok((
                    _,
                    Outcome::Failure {
                        code: Some(101), ..
                    },
                )) => return None,
                Ok((_, Outcome::Success)) => format!("- {what}"),
                Ok((_, Outcome::Stopped(limit))) => {
                    let s = limit.as_secs();
                    format!("- {what} (your tests did not finish within {s} s against it)")
                }
                Ok((_, Outcome::Failure { how, .. })) => format!(
                    "- {what} (your tests ended with {how} against it, not with a failing test)"
                ),
                Err(why) => format!("- {what}: {why}"),
            })
        })
        .collect();
    let (tests, fail) = match ran {
        1 => ("your test passes".to_owned(), "fails"),
        n => (format!("your {n} tests pass"), "fail"),
    };
    if missed.is_empty() {
        let caught = match on_mutants.len() {
            1 => "its wrong version".to_owned(),
            n => format!("each of its {n} wrong versions"),
        };
        return Verdict::Pass(format!(
            "{tests} against the exercise's code, and {fail} against {caught}"
        ));
    }
    let these = if missed.len() == 1 {
        "this one"
    } else {
        "these"
    };
    Verdict::Fail(format!(
        "{tests} against the exercise's code, but also against {these} of its wrong \
         versions, which a test of what the exercise asks would catch:\n{}",
        missed.join("\n")
    ))
}

/// How many tests libtest says it ran (`running 2 tests`), in all.
pub fn tests_run(printed: &str) -> usize {
    let counts = printed.lines().filter_map(|l| l.strip_prefix("running "));
    let count = |rest: &str| rest.split(' ').next()?.parse::<usize>().ok();
    counts.filter_map(count).sum()
}

fn count(lines: usize) -> String {
    match lines {
        1 => "1 line".to_owned(),
        n => format!("{n} lines"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(code: i32, how: &str) -> Outcome {
        let (code, how) = (Some(code), how.to_owned());
        Outcome::Failure { code, how }
    }

    const HEARTBEAT: &str = "0.00s saving started\n0.10s heartbeat\n0.20s heartbeat\n\
                             0.25s saving finished\n0.30s heartbeat\n";

    #[test]
    fn outputs_judged() {
        let judged = |printed: &str, outcome| {
            let verdict = judge_output(HEARTBEAT.as_bytes(), printed.as_bytes(), &outcome);
            (verdict.passed(), verdict.text().to_owned())
        };
        let right = "it prints what a correct answer prints (5 lines)".to_owned();
        assert_eq!(judged(HEARTBEAT, Outcome::Success), (true, right));
        let blocked = "0.00s saving started\n0.00s saving finished\n0.10s heartbeat\n\
                       0.20s heartbeat\n0.30s heartbeat\n";
        let wrong = "line 2 differs:\n  expected: \"0.10s heartbeat\"\n  printed:  \
                     \"0.00s saving finished\"\n(5 lines expected, 5 printed)";
        assert_eq!(judged(blocked, Outcome::Success), (false, wrong.to_owned()));
        let panicked = "0.00s saving started\nthread 'main' (31) panicked at src/bin/x.rs:1:1:\n";
        let panic = "it ended with exit status: 101 (a panic)\nline 2 differs:\n  expected: \
                     \"0.10s heartbeat\"\n  printed:  \"thread 'main' (31) panicked at \
                     src/bin/x.rs:1:1:\"\n(5 lines expected, 2 printed)";
        let ended = judged(panicked, fail(101, "exit status: 101 (a panic)"));
        assert_eq!(ended, (false, panic.to_owned()));
        let stopped = "it did not finish within 20 s, so it was stopped: it waits for \
                       something that never happens, or never stops\nline 2 differs:\n  \
                       expected: \"0.10s heartbeat\"\n  printed:  nothing: the output ends \
                       after line 1\n(5 lines expected, 1 printed)";
        let ran = judged("0.00s saving started\n", Outcome::Stopped(TIME_LIMIT));
        assert_eq!(ran, (false, stopped.to_owned()));
        let exit = "it prints what a correct answer prints, but it ended with exit status: 1";
        assert_eq!(
            judged(HEARTBEAT, fail(1, "exit status: 1")),
            (false, exit.to_owned())
        );
        let unended = "line 5 differs:\n  expected: \"0.30s heartbeat\\n\"\n  printed:  \
                       \"0.30s heartbeat\"\n(5 lines expected, 5 printed)";
        let ran = judged(HEARTBEAT.trim_end(), Outcome::Success);
        assert_eq!(ran, (false, unended.to_owned()));
    }

    #[test]
    fn a_panic_elsewhere_with_another_thread_id_is_the_same_panic() {
        let expected = "fetching\nthread 'tokio-runtime-worker' (4242) panicked at \
                        examples/tasks-exercise-x/main.rs:12:9:\nno such page\nrecovered\n";
        let printed = expected.replace("4242", "77").replace(
            "examples/tasks-exercise-x/main.rs:12",
            "exercises/src/bin/x.rs:10",
        );
        let judge = |printed: &str| {
            judge_output(expected.as_bytes(), printed.as_bytes(), &Outcome::Success)
        };
        assert!(judge(&printed).passed(), "{}", judge(&printed).text());
        assert_eq!(
            judge(&printed.replace("no such page", "boom")).text(),
            "line 3 differs:\n  expected: \"no such page\"\n  printed:  \"boom\"\n\
             (4 lines expected, 4 printed)"
        );
    }

    fn mutant(what: &str) -> Mutant {
        Mutant {
            file: PathBuf::from("examples/x/wrong/a.txt"),
            what: what.to_owned(),
            from: "const TRIES: u32 = 3;".to_owned(),
            to: "const TRIES: u32 = 2;".to_owned(),
        }
    }

    const ONE_TEST: &str = "\nrunning 1 test\ntest tests::anything ... ok\n\n\
                            test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; \
                            0 filtered out; finished in 0.00s\n\n";

    #[test]
    fn tests_judged() {
        let (early, late) = (
            mutant("Gives up after two tries."),
            mutant("Waits too long."),
        );
        let printed = |text: &str, outcome| Ok((text.as_bytes().to_vec(), outcome));
        let passed = || printed(ONE_TEST, Outcome::Success);
        let failed = || printed("test failed", fail(101, "exit status: 101"));
        let none = "\nrunning 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; \
                    0 measured; 0 filtered out; finished in 0.00s\n\n";
        let failing = "running 1 test\ntest tests::x ... FAILED\n";
        let judged = |on_given, on_mutants: &[_]| {
            let verdict = judge_tests(&on_given, on_mutants);
            (verdict.passed(), verdict.text().to_owned())
        };
        let verdict = judged(passed(), &[(&early, failed()), (&late, failed())]);
        let caught = "your test passes against the exercise's code, and fails against each \
                      of its 2 wrong versions";
        assert_eq!(verdict, (true, caught.to_owned()));
        let verdict = judged(passed(), &[(&early, failed()), (&late, passed())]);
        let missed = "your test passes against the exercise's code, but also against this \
                      one of its wrong versions, which a test of what the exercise asks \
                      would catch:\n- Waits too long.";
        assert_eq!(verdict, (false, missed.to_owned()));
        let no_test = "no test ran: write yours in the copy's `#[cfg(test)]` module, marked \
                       `#[test]` (or `#[tokio::test]` for an async one)";
        assert_eq!(
            judged(printed(none, Outcome::Success), &[]),
            (false, no_test.to_owned())
        );
        let ran = printed(failing, fail(101, "exit status: 101 (a test failed)"));
        let fails = "your tests fail against the exercise's code, which is right (exit \
                     status: 101 (a test failed)); what they printed ends with:\n  \
                     running 1 test\n  test tests::x ... FAILED";
        assert_eq!(judged(ran, &[]), (false, fails.to_owned()));
    }

    #[test]
    fn a_mutant_changes_the_given_code_once() {
        let m = mutant("Gives up after two tries.");
        let changed = m.apply("a\nconst TRIES: u32 = 3;\nb\n");
        assert_eq!(changed, Ok("a\nconst TRIES: u32 = 2;\nb\n".to_owned()));
        assert!(
            m.apply("a\n")
                .is_err_and(|e| e.contains("holds them 0 times"))
        );
    }

    #[test]
    fn tests_counted() {
        assert_eq!(tests_run(ONE_TEST), 1);
        assert_eq!(tests_run("running 2 tests\nrunning 0 tests\n"), 2);
    }
}
