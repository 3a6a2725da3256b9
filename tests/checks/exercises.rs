//! Promise: every exercise can be done and checked as its page says, every
//! chapter has one, and the practice page lists them all, with the
//! predict-the-output puzzles.
//!
//! - `src/<chapter>.md:<line> exercise <name>`: the exercise whose marker,
//!   `<!-- exercise: NAME -->`, is on that line is sound. Its starter (the
//!   block right after the marker) is a `rust,editable` block, and the
//!   reader's copy that `cargo xtask exercise NAME` writes is exactly the
//!   program the tests compile for it. Its solution, `examples/NAME/`,
//!   exists, is shown on the same page under "Solution", and what a correct
//!   answer prints is shown after the starter: `output.txt` under `$ cargo
//!   run --example NAME`, or, for an exercise whose answer is a test,
//!   `test-output.txt` under `$ cargo test --example NAME -- ARGS`
//!   (`book_exercises::shown` finds which). The solution passes the
//!   checker: the program run, or its tests run with `ARGS`. The starter
//!   compiles (unless it is marked `compile_fail`, when the error is the
//!   exercise) and, run the same way, FAILS the checker: an exercise that
//!   needs no change is no exercise. The checker is the one `cargo xtask
//!   exercise` uses (`support::book_exercises`). A program starter is not
//!   compiled again: its block's check compiled it (`rust_blocks::compile`,
//!   through the cache); a test starter is compiled once more, as its tests
//!   (`--test`, through the same cache), since its `#[cfg(test)]` code is
//!   otherwise not compiled at all.
//! - `every chapter of the numbered parts has an exercise`.
//! - `src/practice.md lists every exercise and puzzle`: its index, between
//!   `<!-- index start -->` and `<!-- index end -->`, is the one made from
//!   the chapters (`cargo xtask bless` rewrites it).
//! - `exercises/Cargo.toml builds the readers' copies with the book's
//!   crates`.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use libtest_mimic::Trial;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::book::{Book, Example, example_name};
use crate::support::book_exercises::{self as shared, Answer, Ending, Kind, Shown, Verdict};
use crate::support::cache::Cache;
use crate::support::includes;
use crate::support::markdown::{CodeBlock, Location, line_of};
use crate::support::process::{self, Streams};
use crate::support::rustc::{Build, Toolchain};
use crate::support::trial::check;
use crate::support::{TIME_LIMIT, examples, expected, root, work_dir};

use super::outputs;
use super::rust_blocks::{self, Expect, Program};

/// The page that lists the exercises and puzzles.
pub const PRACTICE: &str = "src/practice.md";
const INDEX_START: &str = "<!-- index start -->";
const INDEX_END: &str = "<!-- index end -->";

/// One exercise of a book, with what its check needs.
#[derive(Clone, Debug)]
pub struct Exercise {
    pub name: String,
    /// Where its marker is.
    pub at: Location,
    /// Its chapter's text and blocks.
    pub text: String,
    pub blocks: Vec<CodeBlock>,
    /// Its solution, if `examples/` has a folder of its name.
    pub example: Option<Example>,
    /// Where other exercises of the same name are.
    pub namesakes: Vec<Location>,
    /// The examples whose tests the book shows, built together
    /// (`examples::test_binary`): a solution whose answer is tests is one.
    pub tested: Arc<Vec<String>>,
}

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    for exercise in exercises(book) {
        let root = book.root.clone();
        let name = format!("{} exercise {}", exercise.at, exercise.name);
        checks.push(check(name, move || check_exercise(&root, &exercise)));
    }
    let root = book.root.clone();
    checks.push(check(
        "every chapter of the numbered parts has an exercise",
        move || every_chapter_has_one(&root),
    ));
    let root = book.root.clone();
    checks.push(check(
        format!("{PRACTICE} lists every exercise and puzzle"),
        move || check_index(&root, expected::blessing()?),
    ));
    let root = book.root.clone();
    if root.join("exercises/Cargo.toml").is_file() {
        checks.push(check(
            "exercises/Cargo.toml builds the readers' copies with the book's crates",
            move || check_manifest(&root),
        ));
    }
    checks
}

/// Every exercise of `book`, in the order of its files.
pub fn exercises(book: &Book) -> Vec<Exercise> {
    let tested = outputs::tested(book);
    let mut found = Vec::new();
    for chapter in &book.chapters {
        for marker in shared::markers(&chapter.text) {
            if let Kind::Exercise(name) = marker.kind {
                found.push(Exercise {
                    example: book.examples.get(&name).cloned(),
                    name,
                    at: Location {
                        file: chapter.file.clone(),
                        line: marker.line,
                    },
                    text: chapter.text.clone(),
                    blocks: chapter.blocks.clone(),
                    namesakes: Vec::new(),
                    tested: Arc::clone(&tested),
                });
            }
        }
    }
    let places: Vec<(String, Location)> = found
        .iter()
        .map(|e| (e.name.clone(), e.at.clone()))
        .collect();
    for exercise in &mut found {
        exercise.namesakes = places
            .iter()
            .filter(|(name, at)| *name == exercise.name && *at != exercise.at)
            .map(|(_, at)| at.clone())
            .collect();
    }
    found
}

/// Checks one exercise (see the module's documentation).
pub fn check_exercise(root: &Path, exercise: &Exercise) -> Result<(), String> {
    let (at, name) = (&exercise.at, &exercise.name);
    let mut problems = Vec::new();

    let stem = at.file.file_stem().unwrap_or_default().to_string_lossy();
    let prefix = format!("{stem}-exercise-");
    let well_formed = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !name.starts_with(&prefix) || name.len() == prefix.len() || !well_formed {
        problems.push(format!(
            "{at}: the exercises of {} are named `{prefix}WHAT` (lowercase letters, \
             digits and dashes), after their chapter; `{name}` is not",
            at.file.display()
        ));
    }
    for other in &exercise.namesakes {
        problems.push(format!(
            "{at}: the exercise at {other} is named `{name}` too; each name is unique"
        ));
    }
    let heading = shared::headings(&exercise.text)
        .into_iter()
        .rev()
        .find(|(line, _)| *line < at.line);
    if !heading
        .as_ref()
        .is_some_and(|(_, title)| title.starts_with("Exercise"))
    {
        let under = heading.map_or("no heading".to_owned(), |(line, title)| {
            format!("the heading `{title}` (line {line})")
        });
        problems.push(format!(
            "{at}: an exercise has a heading of its own, `## Exercise: ...`, which \
             the practice page links to; this one is under {under}"
        ));
    }
    let command = format!("`cargo xtask exercise {name}`");
    let after: String = exercise
        .text
        .lines()
        .skip(at.line)
        .collect::<Vec<_>>()
        .join("\n");
    if !after.contains(&command) {
        problems.push(format!(
            "{at}: the page tells the reader how to check an answer: \"Check your \
             answer with {command}.\" (after the starter)"
        ));
    }

    // The starter, as the reader's copy holds it and as the tests compile it.
    let starter = shared::block_after(&exercise.text, at.line).map_err(|e| {
        format!("{at}: {e}: the starter, a `rust,editable` block, comes right after the marker")
    })?;
    let block = exercise
        .blocks
        .iter()
        .find(|b| b.at.line == starter.line)
        .ok_or_else(|| {
            format!(
                "{at}: the markdown parser sees no code block at line {}, where the \
                 starter should start",
                starter.line
            )
        })?;
    if block.lang != "rust" || !block.has("editable") {
        problems.push(format!(
            "{}: the starter of exercise `{name}` is a `rust,editable` block, so that \
             the reader can change it and run it on the page",
            block.at
        ));
    }
    let program = Program::of(root, block);
    match shared::program(root, &at.file, &starter.raw) {
        Ok(copy) if copy == program.code => {}
        Ok(copy) => problems.push(format!(
            "{}: the reader's copy of this starter is not the program the tests \
             compile for it: {}",
            block.at,
            difference(&program.code, &copy)
        )),
        Err(e) => problems.push(format!("{}: {e}", block.at)),
    }

    // What a correct answer prints, and so what kind of answer it is.
    let shown = shared::shown(&exercise.text, at.line, name);
    if let Err(e) = &shown {
        problems.push(format!("{at}: {e}"));
    }

    // The solution.
    match exercise.example.as_ref().filter(|e| e.has_rust) {
        None => problems.push(format!(
            "{at}: examples/{name}/main.rs does not exist: an exercise's solution is \
             the example of the exercise's name, and its output.txt (or, if the answer \
             is a test, its test-output.txt) is what a correct answer prints"
        )),
        Some(example) => problems.extend(solution_is_shown(exercise, example, shown.as_ref().ok())),
    }
    let answer = match shown {
        Ok(shown) if problems.is_empty() => shown.answer,
        _ => return Err(problems.join("\n")),
    };
    let expected_file = answer.expected(name);
    let expected = fs::read(root.join(&expected_file))
        .map_err(|e| format!("{at}: cannot read {}: {e}", expected_file.display()))?;
    let solution = match &answer {
        Answer::Program => solution(root, name)?,
        Answer::Tests { .. } => solution_tests(root, name, &exercise.tested)?,
    };
    let (printed, ending) = run(root, &solution, &answer)?;
    if let Verdict::Fail(why) = shared::verdict(&expected, &printed, &ending, &answer) {
        let what = match answer {
            Answer::Program => "",
            Answer::Tests { .. } => " (its tests)",
        };
        return Err(format!(
            "{at}: the solution of exercise `{name}`, examples/{name}/main.rs{what}, does \
             not pass the checker:\n{}",
            crate::support::indent(&why, "  ")
        ));
    }

    starter_fails(exercise, block, &program, &answer, &expected)
}

/// The starter, as shipped, fails the checker: it does not compile (it is
/// marked `compile_fail`), or it runs to its end and prints something else
/// than `expected`. It is compiled through the book's cache: as a program,
/// once per run for this check and its block's check together; or, if the
/// answer is tests, as its tests, and those are run as the checker runs a
/// reader's (a starter without a test prints `running 0 tests`).
fn starter_fails(
    exercise: &Exercise,
    block: &CodeBlock,
    program: &Program,
    answer: &Answer,
    expected: &[u8],
) -> Result<(), String> {
    let (at, name) = (&exercise.at, &exercise.name);
    match rust_blocks::expectation(block)? {
        // Its error is shown, and checked, under it (`rust_blocks`); a
        // program that does not compile fails the checker.
        Expect::CompileError(_) => Ok(()),
        Expect::Panic => Err(format!(
            "{}: a starter either runs to its end, or is marked compile_fail; not \
             should_panic",
            block.at
        )),
        Expect::Success => {
            let (build, what, print) = match answer {
                Answer::Program => (Build::Program, "starter", "prints"),
                Answer::Tests { .. } => (Build::Tests, "starter's tests", "print"),
            };
            let toolchain = Toolchain::get()?;
            let compiled = rust_blocks::compile_as(
                Cache::book(),
                toolchain,
                program,
                &Expect::Success,
                build,
                TIME_LIMIT,
            )
            .map_err(|e| match build {
                Build::Program => e,
                Build::Tests => format!(
                    "{e}\n(compiled as its tests, with `--test`, as the checker compiles \
                     a reader's copy for this exercise)"
                ),
            })?;
            let binary = compiled.program.ok_or_else(|| {
                format!("{}: the starter compiled, but left no program", block.at)
            })?;
            let dir = work_dir(&format!("{at} exercise"));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let (printed, ending) = run(&dir, &binary, answer)?;
            let _ = fs::remove_dir_all(&dir);
            if let Ending::Stopped(limit) = ending {
                return Err(format!(
                    "{}: the {what} of exercise `{name}` did not finish within {} s: a \
                     starter runs to its end, quickly",
                    block.at,
                    limit.as_secs()
                ));
            }
            match shared::verdict(expected, &printed, &ending, answer) {
                Verdict::Pass(_) => Err(format!(
                    "{at}: the {what} of exercise `{name}` (the block at line {}) already \
                     {print} what a correct answer prints, {}: a reader would pass without \
                     changing anything. Make the starter print something else.",
                    block.at.line,
                    answer.expected(name).display()
                )),
                Verdict::Fail(_) => Ok(()),
            }
        }
    }
}

/// The solution is shown on the exercise's page, inside `<details>` under
/// `<summary>Solution</summary>`; and what it prints, as `output` shows it
/// (if the page does), is what the book's output checks check: for tests,
/// run with the same arguments.
fn solution_is_shown(
    exercise: &Exercise,
    example: &Example,
    output: Option<&Shown>,
) -> Vec<String> {
    let (at, name) = (&exercise.at, &exercise.name);
    let mut problems = Vec::new();
    let lines: Vec<&str> = exercise.text.lines().collect();
    let shown = example.rust_shown.iter().any(|(place, _)| {
        place.file == at.file && summary_above(&lines, place.line) == Some("Solution")
    });
    if !shown {
        problems.push(format!(
            "{at}: the solution, examples/{name}/main.rs, is shown on the exercise's page \
             in `<details>` under `<summary>Solution</summary>`, as \
             `{{{{#rustdoc_include ../examples/{name}/main.rs:solution}}}}`"
        ));
    }
    if example.rust_shown.iter().any(|(_, panics)| *panics) {
        problems.push(format!(
            "{at}: an exercise's solution is not marked should_panic: it ends \
             successfully, since the checker passes only a program that does"
        ));
    }
    if let Some(Shown {
        line,
        answer: Answer::Tests { args },
    }) = output
    {
        // `examples/NAME test output` checks test-output.txt as the first
        // console block that shows it runs the tests.
        let checked = example.test_output.as_ref();
        if let Some(run) = checked.filter(|run| run.args != *args) {
            problems.push(format!(
                "{}:{line}: the tests are run with `{}` here, but with `{}` at {}, \
                 where examples/{name}/test-output.txt is checked; show one command",
                at.file.display(),
                args.join(" "),
                run.args.join(" "),
                run.at
            ));
        }
    }
    problems
}

/// The text of the `<summary>` of the `<details>` that line `line` (1-based)
/// is in, if it is in one.
fn summary_above<'a>(lines: &[&'a str], line: usize) -> Option<&'a str> {
    for text in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
    {
        let text = text.trim();
        if text.starts_with("</details>")
            || text.starts_with("<details>") && !text.contains("<summary>")
        {
            return None;
        }
        if let Some(rest) = text.split_once("<summary>").map(|(_, rest)| rest) {
            return rest
                .split_once("</summary>")
                .map(|(summary, _)| summary.trim());
        }
    }
    None
}

/// Where the first line of two programs differs, for a message.
fn difference(tested: &str, copy: &str) -> String {
    let tested: Vec<&str> = tested.lines().collect();
    let copy: Vec<&str> = copy.lines().collect();
    let index = tested
        .iter()
        .zip(&copy)
        .position(|(a, b)| a != b)
        .unwrap_or(tested.len().min(copy.len()));
    format!(
        "line {} is {:?} in the tested program, and {:?} in the copy",
        index + 1,
        tested.get(index).copied().unwrap_or("(the end)"),
        copy.get(index).copied().unwrap_or("(the end)")
    )
}

/// The program of the solution of `name`: the example cargo built, or, in
/// a test fixture's book (which cargo does not build), its `main.rs`
/// compiled as a snippet.
fn solution(book_root: &Path, name: &str) -> Result<PathBuf, String> {
    if book_root == root() {
        examples::built(name)?;
        return Ok(examples::binary(name));
    }
    let program = solution_program(book_root, name)?;
    let toolchain = Toolchain::get()?;
    let compiled = rust_blocks::compile(
        Cache::book(),
        toolchain,
        &program,
        &Expect::Success,
        TIME_LIMIT,
    )?;
    compiled
        .program
        .ok_or_else(|| format!("{}: compiled, but left no program", program.at))
}

/// The test binary of the solution of `name`: the one cargo built for
/// `cargo test --example NAME` (with the other examples whose tests the
/// book shows, `tested`), or, in a test fixture's book, its `main.rs`
/// compiled as its tests (`--test`), as a snippet.
fn solution_tests(book_root: &Path, name: &str, tested: &[String]) -> Result<PathBuf, String> {
    if book_root == root() {
        return examples::test_binary(name, tested);
    }
    let program = solution_program(book_root, name)?;
    let toolchain = Toolchain::get()?;
    let compiled = rust_blocks::compile_as(
        Cache::book(),
        toolchain,
        &program,
        &Expect::Success,
        Build::Tests,
        TIME_LIMIT,
    )?;
    compiled
        .program
        .ok_or_else(|| format!("{}: compiled, but left no program", program.at))
}

/// The `main.rs` of example `name` of a fixture book, as a snippet.
fn solution_program(book_root: &Path, name: &str) -> Result<Program, String> {
    let file = Path::new("examples").join(name).join("main.rs");
    let code = fs::read_to_string(book_root.join(&file))
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(Program {
        at: Location { file, line: 1 },
        code,
        origins: Vec::new(),
        wrapped: false,
    })
}

/// Runs `binary` in `dir` as `cargo xtask exercise` runs a reader's copy
/// (one stream for standard output and error, the same environment, the
/// same time limit; for tests, the arguments the page gives after `--`):
/// what it printed, and how it ended.
fn run(dir: &Path, binary: &Path, answer: &Answer) -> Result<(Vec<u8>, Ending), String> {
    let mut command = Command::new(binary);
    command.current_dir(dir);
    for variable in shared::ENV_REMOVED {
        command.env_remove(variable);
    }
    if let Answer::Tests { args } = answer {
        command.args(args);
        for variable in shared::TEST_ENV_REMOVED {
            command.env_remove(variable);
        }
    }
    for (variable, value) in shared::ENV_SET {
        command.env(variable, value);
    }
    let limit = shared::TIME_LIMIT;
    let finished = process::run(command, b"", limit, Streams::Merged)
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let ending = match finished.status {
        None => Ending::Stopped(limit),
        Some(status) if status.success() => Ending::Success,
        Some(status) => Ending::Failure(status.to_string()),
    };
    Ok((finished.stdout, ending))
}

/// Every chapter of the numbered parts of `SUMMARY.md`, the practice page
/// aside, has at least one exercise.
pub fn every_chapter_has_one(root: &Path) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut chapters = 0;
    for listed in shared::summary(root)? {
        if !listed.numbered || listed.file == Path::new(PRACTICE) {
            continue;
        }
        chapters += 1;
        let text = fs::read_to_string(root.join(&listed.file))
            .map_err(|e| format!("cannot read {}: {e}", listed.file.display()))?;
        let has = shared::markers(&text)
            .iter()
            .any(|m| matches!(m.kind, Kind::Exercise(_)));
        if !has {
            missing.push(format!("  {} ({})", listed.file.display(), listed.title));
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} of the {chapters} chapters of the numbered parts have no exercise yet; each \
         ends with at least one (`## Exercise: ...` and `<!-- exercise: NAME -->`, see \
         the README, \"Adding an exercise\"):\n{}",
        missing.len(),
        missing.join("\n")
    ))
}

/// One entry of the practice page's index.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// The chapter's file, relative to `src/`, and its title.
    page: String,
    chapter: String,
    /// The heading the exercise or puzzle sits under, as written, and its
    /// id on the page.
    heading: String,
    id: String,
    kind: Kind,
    /// A puzzle's example, if its block shows one.
    example: Option<String>,
    /// Where its marker is, for messages.
    at: Location,
}

impl Entry {
    fn link(&self) -> String {
        format!("{}#{}", self.page, self.id)
    }

    fn line(&self) -> String {
        match &self.kind {
            Kind::Exercise(name) => format!(
                "- [{}]({}):\n  `cargo xtask exercise {name}`",
                self.heading,
                self.link()
            ),
            Kind::Puzzle => {
                let example = self
                    .example
                    .as_ref()
                    .map(|e| format!(" (`{e}`)"))
                    .unwrap_or_default();
                format!("- [{}]({}){example}", self.heading, self.link())
            }
        }
    }
}

/// The exercises and puzzles of the book at `root`, in the order of its
/// chapters.
fn entries(root: &Path) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for listed in shared::summary(root)? {
        if listed.file == Path::new(PRACTICE) {
            continue;
        }
        let text = fs::read_to_string(root.join(&listed.file))
            .map_err(|e| format!("cannot read {}: {e}", listed.file.display()))?;
        let headings = heading_ids(&text);
        let page = listed
            .file
            .strip_prefix("src")
            .unwrap_or(&listed.file)
            .to_string_lossy()
            .into_owned();
        for marker in shared::markers(&text) {
            let at = Location {
                file: listed.file.clone(),
                line: marker.line,
            };
            let (heading, id) = headings
                .iter()
                .rev()
                .find(|h| h.line < marker.line)
                .map(|h| (h.title.clone(), h.id.clone()))
                .ok_or_else(|| {
                    format!("{at}: this marker is under no heading, so nothing can link to it")
                })?;
            let example = match marker.kind {
                Kind::Puzzle => shared::block_after(&text, marker.line)
                    .ok()
                    .and_then(|block| {
                        includes::find(&listed.file, &block.raw, block.line + 1)
                            .iter()
                            .find_map(|include| example_name(&include.file))
                    }),
                Kind::Exercise(_) => None,
            };
            entries.push(Entry {
                page: page.clone(),
                chapter: listed.title.clone(),
                heading,
                id,
                kind: marker.kind,
                example,
                at,
            });
        }
    }
    Ok(entries)
}

/// The index the practice page holds between its markers: a section per
/// chapter, an entry per exercise or puzzle.
fn index(entries: &[Entry]) -> String {
    let mut out = String::from("\n\n");
    let mut chapter: Option<&str> = None;
    for entry in entries {
        if chapter != Some(entry.chapter.as_str()) {
            if chapter.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("## {}\n\n", entry.chapter));
            chapter = Some(&entry.chapter);
        }
        out.push_str(&entry.line());
        out.push('\n');
    }
    if entries.is_empty() {
        out.push_str("The book has no exercises yet.\n");
    }
    out.push('\n');
    out
}

/// The practice page's index lists exactly the exercises and puzzles of
/// the book, as [`index`] writes them; with `bless`, it is rewritten so.
pub fn check_index(root: &Path, bless: bool) -> Result<(), String> {
    let entries = entries(root)?;
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for entry in &entries {
        if !seen.insert(entry.link()) {
            problems.push(format!(
                "{}: two exercises or puzzles sit under the heading `{}`; give each one \
                 a heading of its own, so the index can link to it",
                entry.at, entry.heading
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let path = root.join(PRACTICE);
    let page = fs::read_to_string(&path).map_err(|e| format!("cannot read {PRACTICE}: {e}"))?;
    let (Some(start), Some(end)) = (page.find(INDEX_START), page.find(INDEX_END)) else {
        return Err(format!(
            "{PRACTICE}: the index sits between the lines `{INDEX_START}` and \
             `{INDEX_END}`, which the page lacks"
        ));
    };
    let from = start + INDEX_START.len();
    let listed = &page[from..end.max(from)];
    let wanted = index(&entries);
    if listed == wanted {
        return Ok(());
    }
    if bless {
        let page = format!("{}{wanted}{}", &page[..from], &page[end..]);
        return fs::write(&path, page).map_err(|e| format!("cannot write {PRACTICE}: {e}"));
    }

    let links: BTreeSet<String> = links_in(listed).into_iter().collect();
    let line = line_of(&page, from);
    let mut problems = Vec::new();
    for entry in &entries {
        if !links.contains(&entry.link()) {
            let what = match &entry.kind {
                Kind::Exercise(name) => format!("exercise `{name}`"),
                Kind::Puzzle => "puzzle".to_owned(),
            };
            problems.push(format!(
                "  missing: {what} at {}, under `{}` ({})",
                entry.at,
                entry.heading,
                entry.link()
            ));
        }
    }
    let known: HashSet<String> = entries.iter().map(Entry::link).collect();
    for link in &links {
        if !known.contains(link) {
            problems.push(format!(
                "  extra: {link}, which is no exercise or puzzle of the book"
            ));
        }
    }
    if problems.is_empty() {
        problems.push(format!(
            "  the right entries, but not as the chapters give them (order, titles or \
             layout): {}",
            difference(&wanted, listed)
        ));
    }
    Err(format!(
        "{PRACTICE}:{line}: the index does not list exactly the book's exercises and \
         puzzles:\n{}\n(`cargo xtask bless` rewrites the index from the chapters)",
        problems.join("\n")
    ))
}

/// The targets of the Markdown links in `text` that lead to a heading of a
/// chapter: `event-loop.md#exercise-...`.
fn links_in(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(target, _)| target.trim()))
        .filter(|target| target.contains(".md#"))
        .map(str::to_owned)
        .collect()
}

/// A heading of a chapter, with the id mdBook gives it.
struct Heading {
    line: usize,
    /// As written, without its `#`s.
    title: String,
    id: String,
}

/// The headings of a chapter with their ids, as mdBook 0.5 gives them
/// (mdbook-html, `add_header_links`): the id written in the heading
/// (`{#id}`) if it has one; else its text, lowercased, letters, digits,
/// `_` and `-` kept, white space made `-`, the rest dropped, with `-1`,
/// `-2`, ... added to an id already used on the page. The Markdown is
/// read with mdBook's options (smart punctuation among them, which turns
/// `'` into a letter-less `’`). Definition-list terms get ids too, so they
/// count.
fn heading_ids(text: &str) -> Vec<Heading> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    let mut used = HashSet::new();
    let mut headings = Vec::new();
    // The heading being read: where it starts, its own id, its text so far.
    let mut current: Option<(usize, Option<String>, String, bool)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((range.start, id.map(|i| i.to_string()), String::new(), true));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                current = Some((range.start, None, String::new(), false));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, so_far, _)) = current.as_mut() {
                    so_far.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                let Some((start, own, content, heading)) = current.take() else {
                    continue;
                };
                let id = match own {
                    Some(own) => own,
                    None => unique(id_from_content(&content), &mut used),
                };
                if heading {
                    let written = text[range.clone()].lines().next().unwrap_or("");
                    let title = written.trim_start_matches('#').trim();
                    let title = match title.rfind(" {") {
                        Some(i) if title.ends_with('}') => title[..i].trim_end(),
                        _ => title,
                    };
                    headings.push(Heading {
                        line: line_of(text, start),
                        title: title.to_owned(),
                        id,
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn unique(id: String, used: &mut HashSet<String>) -> String {
    if used.insert(id.clone()) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some suffix is free")
}

/// The workspace member that builds the readers' copies depends on exactly
/// the crates the book's programs use, and git ignores the copies.
fn check_manifest(root: &Path) -> Result<(), String> {
    let read = |file: &str| -> Result<toml::Table, String> {
        fs::read_to_string(root.join(file))
            .map_err(|e| format!("cannot read {file}: {e}"))?
            .parse()
            .map_err(|e| format!("{file}: {e}"))
    };
    let book = read("Cargo.toml")?;
    let copies = read("exercises/Cargo.toml")?;
    let mut problems = Vec::new();
    if book.get("dependencies") != copies.get("dependencies") {
        problems.push(
            "exercises/Cargo.toml: its [dependencies] are the root package's, exactly, so \
             that a reader's answer compiles against the crates the book's programs use"
                .to_owned(),
        );
    }
    let members = book
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array());
    if !members.is_some_and(|m| m.iter().any(|v| v.as_str() == Some("exercises"))) {
        problems.push("Cargo.toml: `exercises` is a member of the workspace".to_owned());
    }
    let ignored = fs::read_to_string(root.join(".gitignore")).unwrap_or_default();
    let folder = format!("/{}/", shared::COPIES);
    if !ignored.lines().any(|l| l.trim() == folder) {
        problems.push(format!(
            ".gitignore: it ignores `{folder}`, where the readers' copies go"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
