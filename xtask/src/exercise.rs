//! `cargo xtask exercise [NAME] [--reset]`: the reader's side of the book's
//! exercises.
//!
//! - With no name, it lists the exercises: name, chapter, whether the
//!   reader has a copy, and whether that copy passed its last check.
//! - The first time for a name, it writes the reader's copy of the starter
//!   (the block after `<!-- exercise: NAME -->`, includes expanded, hidden
//!   lines shown) to `exercises/src/bin/NAME.rs`, which git ignores.
//! - After that, it compiles the copy as a binary of the workspace member
//!   `exercises` (the book's crates, the book's Cargo.lock), runs it for at
//!   most [`TIME_LIMIT`], and compares what it prints with
//!   `examples/NAME/output.txt`, byte for byte (see `book_exercises::verdict`).
//!   If the exercise asks for tests (its page shows `$ cargo test --example
//!   NAME -- ARGS` and `test-output.txt`; see `book_exercises::Answer`), it
//!   compiles the copy's tests instead, as `cargo test -p exercises --bin
//!   NAME` does, runs them with the same `ARGS`, and compares what they
//!   print with `examples/NAME/test-output.txt`.
//! - `--reset` writes the copy again from the starter.
//!
//! What to look for and how to judge it is in `book_exercises.rs`, which the
//! test suite shares.

use std::env;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::book_exercises::{self as book, Answer, Ending, Kind, Listed, TIME_LIMIT, Verdict};
use crate::root;

pub const USAGE: &str = "usage: cargo xtask exercise [NAME] [--reset]

  cargo xtask exercise               list the exercises, and how far you are
  cargo xtask exercise NAME          the first time: write your copy of the
                                     exercise to exercises/src/bin/NAME.rs;
                                     after that: check your answer
  cargo xtask exercise NAME --reset  write your copy again, from the start";

/// An exercise of the book, where its marker is.
struct Exercise {
    name: String,
    chapter: Listed,
    /// The line of its marker.
    line: usize,
    /// The heading it sits under: `Exercise: ...`.
    title: String,
    /// What it asks for, by what its page shows a correct answer printing;
    /// or why the page does not say.
    answer: Result<Answer, String>,
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut name = None;
    let mut reset = false;
    for arg in args {
        match arg.as_str() {
            "--reset" => reset = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            flag if flag.starts_with('-') => bail!("unknown option `{flag}`\n\n{USAGE}"),
            given if name.is_none() => name = Some(given.to_owned()),
            extra => bail!("one exercise at a time: `{extra}` is one too many\n\n{USAGE}"),
        }
    }
    let root = root();
    let exercises = find(&root)?;
    let Some(name) = name else {
        if reset {
            bail!("--reset needs the name of the exercise to start over\n\n{USAGE}");
        }
        list(&root, &exercises)?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(exercise) = exercises.iter().find(|e| e.name == name) else {
        let near: Vec<&str> = exercises
            .iter()
            .map(|e| e.name.as_str())
            .filter(|n| n.contains(name.as_str()) || name.contains(n))
            .collect();
        let hint = if near.is_empty() {
            "`cargo xtask exercise` lists them".to_owned()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        bail!("the book has no exercise named `{name}`: {hint}");
    };
    let copy = root.join(book::copy_path(&exercise.name));
    if reset || !copy.exists() {
        write_copy(&root, exercise, reset)?;
        Ok(ExitCode::SUCCESS)
    } else {
        check(&root, exercise)
    }
}

/// Every exercise of the book, in the order of its chapters.
fn find(root: &Path) -> Result<Vec<Exercise>> {
    let mut found = Vec::new();
    for chapter in book::summary(root).map_err(anyhow::Error::msg)? {
        let path = root.join(&chapter.file);
        let text = fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", chapter.file.display()))?;
        let headings = book::headings(&text);
        for marker in book::markers(&text) {
            if let Kind::Exercise(name) = marker.kind {
                let title = headings
                    .iter()
                    .rev()
                    .find(|(line, _)| *line < marker.line)
                    .map(|(_, title)| title.clone())
                    .unwrap_or_default();
                let answer = book::shown(&text, marker.line, &name)
                    .map(|shown| shown.answer)
                    .map_err(|e| format!("{}:{}: {e}", chapter.file.display(), marker.line));
                found.push(Exercise {
                    name,
                    chapter: chapter.clone(),
                    line: marker.line,
                    title,
                    answer,
                });
            }
        }
    }
    Ok(found)
}

fn list(root: &Path, exercises: &[Exercise]) -> Result<()> {
    if exercises.is_empty() {
        println!("The book has no exercises yet.");
        return Ok(());
    }
    println!("The book's exercises (`cargo xtask exercise NAME` starts one, or checks it):\n");
    let width = exercises.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let chapter_width = exercises
        .iter()
        .map(|e| e.chapter.file.display().to_string().len())
        .max()
        .unwrap_or(0);
    println!(
        "  {:width$}  {:chapter_width$}  your copy  result",
        "exercise", "chapter"
    );
    let mut passed = 0;
    let mut started = 0;
    for exercise in exercises {
        let copy = root.join(book::copy_path(&exercise.name));
        let (has, result) = match fs::read(&copy) {
            Ok(source) => {
                started += 1;
                let result = match Record::of(root, exercise, &source)?.last() {
                    Some(true) => {
                        passed += 1;
                        "passed"
                    }
                    Some(false) => "failed",
                    None => "not checked since your last change",
                };
                ("yes", result)
            }
            Err(_) => ("-", "-"),
        };
        println!(
            "  {:width$}  {:chapter_width$}  {has:9}  {result}",
            exercise.name,
            exercise.chapter.file.display().to_string()
        );
    }
    println!(
        "\n{} exercises, {started} started, {passed} passed. Your copies are in {}/.",
        exercises.len(),
        book::COPIES
    );
    Ok(())
}

fn write_copy(root: &Path, exercise: &Exercise, reset: bool) -> Result<()> {
    let path = root.join(&exercise.chapter.file);
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let at = format!("{}:{}", exercise.chapter.file.display(), exercise.line);
    let block =
        book::block_after(&text, exercise.line).map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
    let program = book::program(root, &exercise.chapter.file, &block.raw)
        .map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
    let relative = book::copy_path(&exercise.name);
    let copy = root.join(&relative);
    let folder = copy.parent().expect("a copy has a folder");
    fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    if reset && copy.exists() {
        let kept = records_dir()?.join(format!("{}.before-reset.rs", exercise.name));
        fs::copy(&copy, &kept)
            .with_context(|| format!("cannot keep a copy in {}", kept.display()))?;
        let shown = kept.strip_prefix(root).unwrap_or(&kept);
        println!("Your previous answer is kept in {}.", shown.display());
    }
    fs::write(&copy, program).with_context(|| format!("cannot write {}", copy.display()))?;
    println!(
        "Wrote your copy of \"{}\" ({}, line {}) to\n\n    {}\n",
        exercise.title,
        exercise.chapter.file.display(),
        block.line,
        relative.display()
    );
    if block.info.iter().any(|word| word == "compile_fail") {
        println!("It does not compile yet: making it compile is the exercise.");
    }
    if let Ok(answer @ Answer::Tests { .. }) = &exercise.answer {
        println!(
            "Your answer is a test: write it in the copy's `#[cfg(test)]` module. The\n\
             check runs your copy's tests, as `{}`\n\
             does, and compares what they print with what the page shows.\n",
            answer.copy_command(&exercise.name)
        );
    }
    println!(
        "Edit it, then check your answer with\n\n    cargo xtask exercise {}",
        exercise.name
    );
    Ok(())
}

fn check(root: &Path, exercise: &Exercise) -> Result<ExitCode> {
    let name = &exercise.name;
    let answer = exercise.answer.clone().map_err(anyhow::Error::msg)?;
    let relative = book::copy_path(name);
    let expected_path = root.join(answer.expected(name));
    let expected = fs::read(&expected_path)
        .with_context(|| format!("cannot read {}", expected_path.display()))?;
    let source = fs::read(root.join(&relative))
        .with_context(|| format!("cannot read {}", relative.display()))?;
    let record = Record::of(root, exercise, &source)?;

    // No check has left a record yet: this is the first build of the
    // `exercises` package, and cargo builds the book's crates for it.
    let first = fs::read_dir(&record.dir).map_or(true, |mut d| d.next().is_none());
    let note = if first {
        " (the first time, cargo also builds the book's crates: a minute or two)"
    } else {
        ""
    };
    match answer {
        Answer::Program => println!("Compiling and running {}...{note}", relative.display()),
        Answer::Tests { .. } => println!(
            "Compiling the tests of {} and running them...{note}",
            relative.display()
        ),
    }
    let Some(binary) = build(root, name, &answer)? else {
        record.keep(false)?;
        println!(
            "\nFAIL: {} does not compile (the compiler's errors are above).\n\
             Fix them, then run `cargo xtask exercise {name}` again.",
            relative.display()
        );
        return Ok(ExitCode::FAILURE);
    };
    let (printed, ending) = run_program(root, &binary, &answer)?;
    let verdict = book::verdict(&expected, &printed, &ending, &answer);
    record.keep(verdict.passed())?;
    let text = verdict.text();
    if let Verdict::Pass(_) = verdict {
        println!("\nPASS: {text}.");
        return Ok(ExitCode::SUCCESS);
    }
    println!("\nFAIL: {}", indented(text));
    let ran_none = String::from_utf8_lossy(&printed)
        .lines()
        .any(|l| l == "running 0 tests");
    if matches!(answer, Answer::Tests { .. }) && ran_none {
        println!(
            "\nNo test ran: write yours in the copy's `#[cfg(test)]` module, marked \
             `#[test]`\n(or `#[tokio::test]` for an async one)."
        );
    }
    let they = match answer {
        Answer::Program => "all it prints",
        Answer::Tests { .. } => "all its tests print",
    };
    println!(
        "\nTo see {they}: {}\n\
         Hints and a solution are on the page, under \"{}\" ({}).",
        answer.copy_command(name),
        exercise.title,
        exercise.chapter.file.display()
    );
    Ok(ExitCode::FAILURE)
}

/// Every line after the first indented, under a `FAIL: ` heading.
fn indented(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

/// Builds the reader's copy with cargo (whose messages, the compiler's
/// errors among them, go to the terminal): the program, or, if the answer
/// is tests, the test binary that `cargo test -p exercises --bin NAME`
/// builds; `None` if it does not compile.
fn build(root: &Path, name: &str, answer: &Answer) -> Result<Option<PathBuf>> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root);
    match answer {
        Answer::Program => command.arg("build"),
        Answer::Tests { .. } => command.args(["test", "--no-run"]),
    };
    let output = command
        .args(["--quiet", "--package", "exercises", "--bin", name])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        return Ok(None);
    }
    // cargo says where it put the program: the one artifact that is one
    // (the package's library, built beside it, is not), built in test mode
    // if tests were asked for.
    let tests = matches!(answer, Answer::Tests { .. });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = stdout
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\""))
        .filter(|l| !tests || built_for_tests(l))
        .find_map(|l| json_string_after(l, "\"executable\":"));
    match executable {
        Some(path) => Ok(Some(PathBuf::from(path))),
        None => bail!("cargo built {name} but did not say where the program is"),
    }
}

/// Whether a `compiler-artifact` message of cargo is of a build in test
/// mode: its `profile` says `"test":true` (its `target` may say so too, of
/// a target that can be tested).
fn built_for_tests(line: &str) -> bool {
    line.split_once("\"profile\":{")
        .and_then(|(_, rest)| rest.split_once('}'))
        .is_some_and(|(profile, _)| profile.contains("\"test\":true"))
}

/// The JSON string that follows `key` in `line`, unescaped; `None` if the
/// value is not a string (`null`).
fn json_string_after(line: &str, key: &str) -> Option<String> {
    let rest = &line[line.find(key)? + key.len()..];
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

/// Runs `binary` as the book's tests run the examples (standard output and
/// error in one stream, as a terminal shows them), stopping it after
/// [`TIME_LIMIT`]: a program from the book's root, as `cargo run` would;
/// a test binary from the package's folder, `exercises/`, as `cargo test`
/// would, with the arguments the page gives after `--`.
fn run_program(root: &Path, binary: &Path, answer: &Answer) -> Result<(Vec<u8>, Ending)> {
    let (mut reader, writer) = std::io::pipe().context("cannot create a pipe")?;
    let mut command = Command::new(binary);
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone().context("cannot share the pipe")?)
        .stderr(writer);
    for variable in book::ENV_REMOVED {
        command.env_remove(variable);
    }
    // libtest exits with 101 when a test fails; a program, when it panics.
    let code_101 = match answer {
        Answer::Program => {
            command.current_dir(root);
            "a panic"
        }
        Answer::Tests { args } => {
            command.current_dir(root.join("exercises")).args(args);
            for variable in book::TEST_ENV_REMOVED {
                command.env_remove(variable);
            }
            "a test failed"
        }
    };
    for (variable, value) in book::ENV_SET {
        command.env(variable, value);
    }
    #[cfg(unix)]
    {
        // A group of its own, so that stopping it stops what it started.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    // Our ends of the pipe's writing side go, or the reader never ends.
    drop(command);

    let printed = Arc::new(Mutex::new(Vec::new()));
    let (done, finished) = mpsc::channel();
    let sink = Arc::clone(&printed);
    thread::spawn(move || {
        let mut chunk = [0; 8192];
        while let Ok(n @ 1..) = reader.read(&mut chunk) {
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(&chunk[..n]);
        }
        let _ = done.send(());
    });

    let deadline = Instant::now() + TIME_LIMIT;
    let ending = loop {
        if let Some(status) = child.try_wait().context("cannot wait for the program")? {
            break if status.success() {
                Ending::Success
            } else if status.code() == Some(101) {
                Ending::Failure(format!("{status} ({code_101})"))
            } else {
                Ending::Failure(status.to_string())
            };
        }
        if Instant::now() >= deadline {
            stop(&mut child);
            break Ending::Stopped(TIME_LIMIT);
        }
        thread::sleep(Duration::from_millis(10));
    };
    // What it printed, unless something it started keeps the pipe open.
    let _ = finished.recv_timeout(Duration::from_secs(2));
    let printed = printed.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Ok((printed, ending))
}

fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Where the results of the last checks are kept: beside this program, in
/// the build folder.
fn records_dir() -> Result<PathBuf> {
    let exe = env::current_exe().context("cannot find xtask's own program")?;
    let dir = exe
        .parent()
        .context("xtask's program is in a folder")?
        .join("exercise-checks");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// The result of the last check of a copy, valid while the copy, the
/// expected output (and for tests, the arguments they are run with) are
/// what they were then.
struct Record {
    dir: PathBuf,
    name: String,
    /// The copy and the expected output, as checked.
    fingerprint: Vec<u8>,
}

impl Record {
    fn of(root: &Path, exercise: &Exercise, source: &[u8]) -> Result<Record> {
        let mut fingerprint = source.to_vec();
        fingerprint.push(0);
        if let Ok(answer) = &exercise.answer {
            let expected = root.join(answer.expected(&exercise.name));
            fingerprint.extend(fs::read(expected).unwrap_or_default());
            // What the tests are run with, too.
            if let Answer::Tests { .. } = answer {
                fingerprint.push(0);
                fingerprint.extend(answer.copy_command(&exercise.name).bytes());
            }
        }
        Ok(Record {
            dir: records_dir()?,
            name: exercise.name.clone(),
            fingerprint,
        })
    }

    fn file(&self, passed: bool) -> PathBuf {
        let kind = if passed { "passed" } else { "failed" };
        self.dir.join(format!("{}.{kind}", self.name))
    }

    /// Whether the copy passed its last check, if it has not changed since.
    fn last(&self) -> Option<bool> {
        [true, false]
            .into_iter()
            .find(|passed| fs::read(self.file(*passed)).is_ok_and(|f| f == self.fingerprint))
    }

    fn keep(&self, passed: bool) -> Result<()> {
        let _ = fs::remove_file(self.file(!passed));
        let file = self.file(passed);
        fs::write(&file, &self.fingerprint)
            .with_context(|| format!("cannot write {}", file.display()))
    }
}
