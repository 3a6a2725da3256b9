//! `cargo xtask exercise [NAME] [--reset]`: the reader's side of the
//! exercises. It lists them; the first time for a name, writes the reader's
//! copy of the starter (as the tests compile it) to `exercises/src/bin/`;
//! after that, builds the copy and judges it with the verdict the tests
//! prove (`book_model::exercise`).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use book_model::book::Book;
use book_model::cargo;
use book_model::exercise::{self as exercises, Answer, Exercise, Mutant, TIME_LIMIT};
use book_model::exercise::{TestsRan, Verdict, copy_path};
use book_model::snippet::Snippet;

use crate::root;

pub const USAGE: &str = "usage: cargo xtask exercise [NAME] [--reset]

  cargo xtask exercise               list the exercises, and how far you are
  cargo xtask exercise NAME          the first time: write your copy of the
                                     exercise to exercises/src/bin/NAME.rs;
                                     after that: check your answer
  cargo xtask exercise NAME --reset  write your copy again, from the start";

pub fn run(args: &[String]) -> Result<ExitCode> {
    let (mut name, mut reset) = (None, false);
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
    let book = Book::load(&root).map_err(|e| anyhow!(e))?;
    let all = exercises::exercises(&book);
    let Some(name) = name else {
        if reset {
            bail!("--reset needs the name of the exercise to start over\n\n{USAGE}");
        }
        return list(&root, &all).map(|()| ExitCode::SUCCESS);
    };
    let Some(exercise) = all.iter().find(|e| e.name == name) else {
        let near = all.iter().map(|e| e.name.as_str());
        let near: Vec<&str> = near
            .filter(|n| n.contains(&name) || name.contains(n))
            .collect();
        let hint = match near.is_empty() {
            true => "`cargo xtask exercise` lists them".to_owned(),
            false => format!("did you mean {}?", near.join(", ")),
        };
        bail!("the book has no exercise named `{name}`: {hint}");
    };
    if reset || !root.join(copy_path(&exercise.name)).exists() {
        write_copy(&root, exercise, reset).map(|()| ExitCode::SUCCESS)
    } else {
        check(&root, exercise)
    }
}

/// The chapter an exercise is in, and the heading it sits under, for the
/// reader.
fn chapter_of(exercise: &Exercise) -> String {
    exercise.at.file.display().to_string()
}

fn title_of(exercise: &Exercise) -> &str {
    exercise.heading.as_ref().map_or("", |h| h.title.as_str())
}

fn list(root: &Path, all: &[Exercise]) -> Result<()> {
    if all.is_empty() {
        println!("The book has no exercises yet.");
        return Ok(());
    }
    println!("The book's exercises (`cargo xtask exercise NAME` starts one, or checks it):\n");
    let width = all.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let chapters = all.iter().map(|e| chapter_of(e).len()).max().unwrap_or(0);
    println!(
        "  {:width$}  {:chapters$}  your copy  result",
        "exercise", "chapter"
    );
    let (mut passed, mut started) = (0, 0);
    for exercise in all {
        let (has, result) = match fs::read(root.join(copy_path(&exercise.name))) {
            Ok(source) => {
                started += 1;
                let last = Record::of(root, exercise, &source)?.last();
                passed += usize::from(last == Some(true));
                let result = match last {
                    Some(true) => "passed",
                    Some(false) => "failed",
                    None => "not checked since your last change",
                };
                ("yes", result)
            }
            Err(_) => ("-", "-"),
        };
        let (name, chapter) = (&exercise.name, chapter_of(exercise));
        println!("  {name:width$}  {chapter:chapters$}  {has:9}  {result}");
    }
    let (count, copies) = (all.len(), exercises::COPIES);
    println!(
        "\n{count} exercises, {started} started, {passed} passed. Your copies are in {copies}/."
    );
    Ok(())
}

fn write_copy(root: &Path, exercise: &Exercise, reset: bool) -> Result<()> {
    let starter = exercise.starter.as_ref().map_err(|e| anyhow!("{e}"))?;
    let program = Snippet::of(root, starter).map_err(|e| anyhow!(e))?;
    let relative = copy_path(&exercise.name);
    let copy = root.join(&relative);
    let folder = copy.parent().expect("a copy has a folder");
    fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    if reset && copy.exists() {
        let kept = records_dir()?.join(format!("{}.before-reset.rs", exercise.name));
        let copied = fs::copy(&copy, &kept);
        copied.with_context(|| format!("cannot keep a copy in {}", kept.display()))?;
        let shown = kept.strip_prefix(root).unwrap_or(&kept);
        println!("Your previous answer is kept in {}.", shown.display());
    }
    fs::write(&copy, program.code).with_context(|| format!("cannot write {}", copy.display()))?;
    let (title, at, shown) = (title_of(exercise), &starter.at, relative.display());
    println!("Wrote your copy of \"{title}\" ({at}) to\n\n    {shown}\n");
    if starter.has("compile_fail") {
        println!("It does not compile yet: making it compile is the exercise.");
    }
    if let Ok(shown) = &exercise.shown
        && let Answer::Tests { .. } = shown.answer
    {
        println!(
            "Your answer is a test: write it in the copy's `#[cfg(test)]` module. The\n\
             check runs your tests, as `{}`\n\
             does: they must pass against the exercise's code as given, and fail\n\
             against each wrong version of it that the check makes. Name them as\n\
             you like.\n",
            shown.answer.copy_command(&exercise.name)
        );
    }
    let name = &exercise.name;
    println!("Edit it, then check your answer with\n\n    cargo xtask exercise {name}");
    Ok(())
}

fn check(root: &Path, exercise: &Exercise) -> Result<ExitCode> {
    let name = &exercise.name;
    let answer = exercise.shown.clone().map_err(|e| anyhow!(e))?.answer;
    let relative = copy_path(name);
    let source = fs::read(root.join(&relative));
    let source = source.with_context(|| format!("cannot read {}", relative.display()))?;
    let record = Record::of(root, exercise, &source)?;

    // No check has left a record yet: this is the first build of the
    // `exercises` package, and cargo builds the book's crates for it.
    let first = fs::read_dir(&record.dir).map_or(true, |mut d| d.next().is_none());
    let note = match first {
        true => " (the first time, cargo also builds the book's crates: a minute or two)",
        false => "",
    };
    let (copy, tests) = (relative.display(), matches!(answer, Answer::Tests { .. }));
    match tests {
        true => println!("Compiling the tests of {copy} and running them...{note}"),
        false => println!("Compiling and running {copy}...{note}"),
    }
    let binary = match build(root, std::slice::from_ref(name), tests)?.pop() {
        Some(Ok(binary)) => binary,
        // The compiler's messages, as `cargo build` shows them.
        errors => {
            if let Some(Err(errors)) = errors {
                eprint!("{errors}");
            }
            record.keep(false)?;
            println!(
                "\nFAIL: {copy} does not compile (the compiler's errors are above).\n\
                 Fix them, then run `cargo xtask exercise {name}` again."
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let verdict = match &answer {
        Answer::Output => {
            let expected_file = answer.output_file().of(name);
            let expected = fs::read(root.join(&expected_file));
            let expected =
                expected.with_context(|| format!("cannot read {}", expected_file.display()))?;
            let ran = exercises::run(&binary, root, &answer, TIME_LIMIT);
            let (printed, outcome) =
                ran.with_context(|| format!("cannot run {}", binary.display()))?;
            exercises::judge_output(&expected, &printed, &outcome)
        }
        Answer::Tests { .. } => judge_tests(
            root,
            name,
            &String::from_utf8_lossy(&source),
            &binary,
            &answer,
        )?,
    };
    record.keep(verdict.passed())?;
    if let Verdict::Pass(text) = &verdict {
        println!("\nPASS: {text}.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "\nFAIL: {}",
        verdict.text().lines().collect::<Vec<_>>().join("\n  ")
    );
    let they = if tests {
        "all your tests print"
    } else {
        "all it prints"
    };
    println!(
        "\nTo see {they}: {}\n\
         Hints and a solution are on the page, under \"{}\" ({}).",
        answer.copy_command(name),
        title_of(exercise),
        chapter_of(exercise)
    );
    Ok(ExitCode::FAILURE)
}

/// Runs the reader's tests (`binary`, built from `copy`) against the
/// exercise's code, then builds the copy once per wrong version of that
/// code and runs the tests against each; the model's verdict on the lot.
fn judge_tests(
    root: &Path,
    name: &str,
    copy: &str,
    binary: &Path,
    answer: &Answer,
) -> Result<Verdict> {
    // As `cargo test` runs a binary's tests: from its package's folder.
    let dir = root.join("exercises");
    let ran = |binary: &Path| -> TestsRan {
        let ran = exercises::run(binary, &dir, answer, TIME_LIMIT);
        ran.map_err(|e| format!("cannot run {}: {e}", binary.display()))
    };
    let on_given = ran(binary);
    let mutants = Mutant::all(root, name).map_err(|e| anyhow!(e))?;
    // Each wrong version is a binary of its own, beside the copy, for as
    // long as the check takes.
    let (mut made, mut names) = (Made(Vec::new()), Vec::new());
    let applied: Vec<Result<String, String>> = mutants.iter().map(|m| m.apply(copy)).collect();
    for (i, changed) in applied.iter().enumerate() {
        if let Ok(text) = changed {
            let bin = format!("{name}--wrong-{i}");
            let path = root.join(copy_path(&bin));
            fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            made.0.push(path);
            names.push(bin);
        }
    }
    let mut built = build(root, &names, true)?.into_iter();
    let mut on_mutant = |changed: Result<String, String>| {
        changed.and_then(|_| match built.next() {
            Some(Ok(binary)) => ran(&binary),
            _ => Err("your copy does not compile with this change".to_owned()),
        })
    };
    let applied = applied.into_iter().map(&mut on_mutant);
    let on_mutants: Vec<(&Mutant, TestsRan)> = mutants.iter().zip(applied).collect();
    Ok(exercises::judge_tests(&on_given, &on_mutants))
}

/// Files made for one check, removed when it ends, however it ends.
struct Made(Vec<PathBuf>);

impl Drop for Made {
    fn drop(&mut self) {
        self.0.iter().for_each(|file| drop(fs::remove_file(file)));
    }
}

/// Builds binaries `names` of the package `exercises` with cargo: the
/// programs, or with `tests`, the test binaries that `cargo test -p
/// exercises --bin NAME` builds. For each name, in order, where cargo put
/// it, or rustc's messages for it.
fn build(root: &Path, names: &[String], tests: bool) -> Result<Vec<Result<PathBuf, String>>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // Each binary is built even if another does not compile.
    let mut args: Vec<&str> = match tests {
        true => vec!["test", "--no-run", "--no-fail-fast"],
        false => vec!["build", "--keep-going"],
    };
    args.extend(["--quiet", "--package", "exercises"]);
    names.iter().for_each(|name| args.extend(["--bin", name]));
    let args: Vec<String> = args.into_iter().map(String::from).collect();
    let mut built = cargo::build(root, &args, tests).map_err(|e| anyhow!(e))?;
    let mut result = |name| match built.programs.remove(name) {
        Some(program) => Ok(program),
        None => Err(built
            .diagnostics
            .remove(name)
            .unwrap_or(built.stderr.clone())),
    };
    Ok(names.iter().map(&mut result).collect())
}

/// Where the results of the last checks are kept: beside this program, in
/// the build folder.
fn records_dir() -> Result<PathBuf> {
    let exe = env::current_exe().context("cannot find xtask's own program")?;
    let dir = exe.parent().context("xtask's program is in a folder")?;
    let dir = dir.join("exercise-checks");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// The result of the last check of a copy, valid while the copy and what
/// it is judged against (the expected output or the wrong versions, and the
/// command) are what they were then.
struct Record {
    dir: PathBuf,
    name: String,
    fingerprint: Vec<u8>,
}

impl Record {
    fn of(root: &Path, exercise: &Exercise, source: &[u8]) -> Result<Record> {
        let (name, mut fingerprint) = (exercise.name.clone(), source.to_vec());
        if let Ok(shown) = &exercise.shown {
            let mut judged_by = vec![shown.answer.output_file().of(&name)];
            // The wrong versions, as the check finds them (a malformed one
            // fails the check itself).
            let wrong = Mutant::all(root, &name).unwrap_or_default();
            judged_by.extend(wrong.into_iter().map(|mutant| mutant.file));
            for file in judged_by {
                fingerprint.push(0);
                fingerprint.extend(fs::read(root.join(file)).unwrap_or_default());
            }
            fingerprint.push(0);
            fingerprint.extend(shown.answer.copy_command(&name).bytes());
        }
        Ok(Record {
            dir: records_dir()?,
            name,
            fingerprint,
        })
    }

    fn file(&self, passed: bool) -> PathBuf {
        let kind = if passed { "passed" } else { "failed" };
        self.dir.join(format!("{}.{kind}", self.name))
    }

    /// Whether the copy passed its last check, if nothing changed since.
    fn last(&self) -> Option<bool> {
        let same =
            |passed: &bool| fs::read(self.file(*passed)).is_ok_and(|f| f == self.fingerprint);
        [true, false].into_iter().find(same)
    }

    fn keep(&self, passed: bool) -> Result<()> {
        let _ = fs::remove_file(self.file(!passed));
        let file = self.file(passed);
        let kept = fs::write(&file, &self.fingerprint);
        kept.with_context(|| format!("cannot write {}", file.display()))
    }
}
