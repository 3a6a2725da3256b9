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
use std::path::Path;
use std::sync::Arc;

use book_model::Location;
use book_model::book::{Example, example_name, includes_of};
use book_model::exercise::{
    self as model, Answer, Exercise, Mutant, Shown, TIME_LIMIT, TestsRan, Verdict,
};
use book_model::markdown::{self, CodeBlock, Mark};
use book_model::output::first_difference;
use book_model::snippet::Snippet;

use crate::support::indent;
use crate::support::run::Run;
use crate::support::rustc::Build;
use crate::support::trial::Check;

use super::rust_blocks::{self, Expect};

/// The page that lists the exercises and puzzles.
pub const PRACTICE: &str = "src/practice.md";
const INDEX_START: &str = "<!-- index start -->";
const INDEX_END: &str = "<!-- index end -->";

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    let all = model::exercises(&run.book);
    for exercise in &all {
        let namesakes: Vec<Location> = all
            .iter()
            .filter(|e| e.name == exercise.name && e.at != exercise.at)
            .map(|e| e.at.clone())
            .collect();
        let (exercise, run) = (exercise.clone(), Arc::clone(run));
        let name = format!("{} exercise {}", exercise.at, exercise.name);
        checks.push(Check::new(name, move || {
            check_exercise(&run, &exercise, &namesakes)
        }));
    }
    let every = Arc::clone(run);
    checks.push(Check::new(
        "every chapter of the numbered parts has an exercise",
        move || every_chapter_has_one(&every),
    ));
    let index = Arc::clone(run);
    checks.push(Check::new(
        format!("{PRACTICE} lists every exercise and puzzle"),
        move || check_index(&index),
    ));
    let root = run.root().to_owned();
    if root.join("exercises/Cargo.toml").is_file() {
        checks.push(Check::new(
            "exercises/Cargo.toml builds the readers' copies with the book's crates",
            move || check_manifest(&root),
        ));
    }
    checks
}

/// Checks one exercise (see the module's documentation).
fn check_exercise(run: &Run, exercise: &Exercise, namesakes: &[Location]) -> Result<(), String> {
    let (at, name) = (&exercise.at, &exercise.name);
    let chapter = run
        .book
        .chapter(&at.file)
        .ok_or_else(|| format!("{at}: no such chapter"))?;
    let mut problems = Vec::new();

    let stem = at.file.file_stem().unwrap_or_default().to_string_lossy();
    let prefix = format!("{stem}-exercise-");
    let well_formed = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.contains("--");
    if !name.starts_with(&prefix) || name.len() == prefix.len() || !well_formed {
        problems.push(format!(
            "{at}: the exercises of {} are named `{prefix}WHAT` (lowercase letters, \
             digits and single dashes), after their chapter; `{name}` is not",
            at.file.display()
        ));
    }
    for other in namesakes {
        problems.push(format!(
            "{at}: the exercise at {other} is named `{name}` too; each name is unique"
        ));
    }
    if !exercise
        .heading
        .as_ref()
        .is_some_and(|h| h.title.starts_with("Exercise"))
    {
        let under = exercise
            .heading
            .as_ref()
            .map_or("no heading".to_owned(), |h| {
                format!("the heading `{}` (line {})", h.title, h.line)
            });
        problems.push(format!(
            "{at}: an exercise has a heading of its own, `## Exercise: ...`, which \
             the practice page links to; this one is under {under}"
        ));
    }
    let command = format!("`cargo xtask exercise {name}`");
    let after: String = chapter
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

    // The starter: the reader's copy is its program, `Snippet::of`, the very
    // program the tests compile for the block.
    let starter = exercise.starter.clone()?;
    if starter.lang != "rust" || !starter.has("editable") {
        problems.push(format!(
            "{}: the starter of exercise `{name}` is a `rust,editable` block, so that \
             the reader can change it and run it on the page",
            starter.at
        ));
    }
    if let Err(e) = &exercise.shown {
        problems.push(e.clone());
    }
    match run.book.examples.get(name).filter(|e| e.has_rust) {
        None => problems.push(format!(
            "{at}: examples/{name}/main.rs does not exist: an exercise's solution is \
             the example of the exercise's name, and its output.txt (or, if the answer \
             is a test, its test-output.txt) is what a correct answer prints"
        )),
        Some(example) => problems.extend(solution_is_shown(
            exercise,
            &chapter.text,
            example,
            exercise.shown.as_ref().ok(),
        )),
    }
    let answer = match &exercise.shown {
        Ok(shown) if problems.is_empty() => shown.answer.clone(),
        _ => return Err(problems.join("\n")),
    };
    let solution = |verdict: Verdict| match verdict {
        Verdict::Pass(_) => Ok(()),
        Verdict::Fail(why) => Err(format!(
            "{at}: the solution of exercise `{name}`, examples/{name}/main.rs, does not \
             pass the checker:\n{}",
            indent(&why, "  ")
        )),
    };
    let snippet = Snippet::of(run.root(), &starter)?;
    match &answer {
        Answer::Output => {
            let expected_file = answer.output_file().of(name);
            let expected = book_model::read(run.root(), &expected_file)?;
            let binary = run.example(name)?;
            let (printed, outcome) = model::run(&binary, run.root(), &answer, TIME_LIMIT)
                .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
            solution(model::judge_output(expected.as_bytes(), &printed, &outcome))?;
            starter_fails(
                run,
                exercise,
                &starter,
                &snippet,
                &answer,
                expected.as_bytes(),
            )
        }
        Answer::Tests { .. } => {
            let mutants = Mutant::all(run.root(), name)?;
            if mutants.len() < 2 {
                return Err(format!(
                    "{at}: an exercise whose answer is a test has at least two wrong \
                     versions of its code, examples/{name}/wrong/*.txt, which a right \
                     test catches; it has {}",
                    mutants.len()
                ));
            }
            let file = Path::new("examples").join(name).join("main.rs");
            let source = book_model::read(run.root(), &file)?;
            let binary = run.example_tests(name)?;
            let verdict = judge_tests(
                run,
                &file.display().to_string(),
                &source,
                &binary,
                &answer,
                &mutants,
            );
            solution(verdict)?;
            starter_fails(run, exercise, &starter, &snippet, &answer, &[])
        }
    }
}

/// Runs tests (the binary `given`, built from `source`) against the code as
/// given and against each wrong version of it (`source` changed by each
/// mutant, compiled as tests through the book's cache), as `cargo xtask
/// exercise` runs a reader's: the model's verdict.
fn judge_tests(
    run: &Run,
    label: &str,
    source: &str,
    given: &Path,
    answer: &Answer,
    mutants: &[Mutant],
) -> Verdict {
    let ran = |binary: &Path| -> TestsRan {
        model::run(binary, run.root(), answer, TIME_LIMIT)
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))
    };
    let on_given = ran(given);
    let on_mutants: Vec<(&Mutant, TestsRan)> = mutants
        .iter()
        .map(|mutant| {
            let ran = mutant.apply(source).and_then(|code| {
                let snippet = Snippet {
                    at: Location::new(&mutant.file, 1),
                    code,
                    origins: Vec::new(),
                    wrapped: false,
                };
                let compiled = rust_blocks::compile(run, &snippet, &Expect::Success, Build::Tests)
                    .map_err(|e| format!("{label} with this change does not compile: {e}"))?;
                ran(&compiled.program.ok_or("compiled, but left no program")?)
            });
            (mutant, ran)
        })
        .collect();
    model::judge_tests(&on_given, &on_mutants)
}

/// The starter, as shipped, fails the checker: it does not compile (it is
/// marked `compile_fail`), or it runs to its end and is judged wrong. It is
/// compiled through the book's cache: as a program, once per run for this
/// check and its block's check together; or, if the answer is tests, as its
/// tests, and those are judged as a reader's are.
fn starter_fails(
    run: &Run,
    exercise: &Exercise,
    block: &CodeBlock,
    snippet: &Snippet,
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
            let (build, what, passes) = match answer {
                Answer::Output => (Build::Binary, "starter", "passes"),
                Answer::Tests { .. } => (Build::Tests, "starter's tests", "pass"),
            };
            let compiled = rust_blocks::compile(run, snippet, &Expect::Success, build).map_err(
                |e| match build {
                    Build::Binary => e,
                    Build::Tests => format!(
                        "{e}\n(compiled as its tests, with `--test`, as the checker compiles \
                         a reader's copy for this exercise)"
                    ),
                },
            )?;
            let binary = compiled.program.ok_or_else(|| {
                format!("{}: the starter compiled, but left no program", block.at)
            })?;
            let verdict = match answer {
                Answer::Output => {
                    let dir = run.work_dir(&format!("{at} exercise"))?;
                    let (printed, outcome) = model::run(&binary, &dir, answer, TIME_LIMIT)
                        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
                    if let model::Outcome::Stopped(limit) = outcome {
                        return Err(format!(
                            "{}: the {what} of exercise `{name}` did not finish within {} s: \
                             a starter runs to its end, quickly",
                            block.at,
                            limit.as_secs()
                        ));
                    }
                    model::judge_output(expected, &printed, &outcome)
                }
                Answer::Tests { .. } => {
                    let mutants = Mutant::all(run.root(), name)?;
                    let label = format!("the starter at {}", block.at);
                    judge_tests(run, &label, &snippet.code, &binary, answer, &mutants)
                }
            };
            match verdict {
                Verdict::Pass(why) => Err(format!(
                    "{at}: the {what} of exercise `{name}` (the block at line {}) already \
                     {passes} the checker ({why}): a reader would pass without changing \
                     anything. Make the starter fail it.",
                    block.at.line
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
    text: &str,
    example: &Example,
    output: Option<&Shown>,
) -> Vec<String> {
    let (at, name) = (&exercise.at, &exercise.name);
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
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
        at: shown_at,
        answer: Answer::Tests { args },
    }) = output
    {
        // `examples/NAME test output` checks test-output.txt as the first
        // console block that shows it runs the tests.
        let checked = example.test_output.as_ref();
        if let Some(test_run) = checked.filter(|r| r.args != *args) {
            problems.push(format!(
                "{shown_at}: the tests are run with `{}` here, but with `{}` at {}, where \
                 examples/{name}/test-output.txt is checked; show one command",
                args.join(" "),
                test_run.args.join(" "),
                test_run.at
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

/// Every chapter of the numbered parts of `SUMMARY.md`, the practice page
/// aside, has at least one exercise.
pub fn every_chapter_has_one(run: &Run) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut chapters = 0;
    for listed in &run.book.listed {
        if !listed.numbered || listed.file == Path::new(PRACTICE) {
            continue;
        }
        chapters += 1;
        let text = book_model::read(run.root(), &listed.file)?;
        let has = markdown::markers(&text)
            .iter()
            .any(|m| matches!(m.mark, Mark::Exercise(_)));
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
    mark: Mark,
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
        match &self.mark {
            Mark::Exercise(name) => format!(
                "- [{}]({}):\n  `cargo xtask exercise {name}`",
                self.heading,
                self.link()
            ),
            Mark::Puzzle => {
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

/// The exercises and puzzles of the book, in the order of its chapters.
fn entries(run: &Run) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for listed in &run.book.listed {
        if listed.file == Path::new(PRACTICE) {
            continue;
        }
        let chapter = run
            .book
            .chapter(&listed.file)
            .ok_or_else(|| format!("{}: cannot be read", listed.file.display()))?;
        let headings = markdown::headings(&chapter.text);
        let page = listed
            .file
            .strip_prefix("src")
            .unwrap_or(&listed.file)
            .to_string_lossy()
            .into_owned();
        for marker in markdown::markers(&chapter.text) {
            let at = Location::new(&listed.file, marker.line);
            let (heading, id) = headings
                .iter()
                .rev()
                .find(|h| h.line < marker.line)
                .map(|h| (h.title.clone(), h.id.clone()))
                .ok_or_else(|| {
                    format!("{at}: this marker is under no heading, so nothing can link to it")
                })?;
            let example = match marker.mark {
                Mark::Puzzle => model::block_after(chapter, marker.line)
                    .ok()
                    .and_then(|block| {
                        includes_of(&block)
                            .iter()
                            .find_map(|include| example_name(&include.file))
                    }),
                Mark::Exercise(_) => None,
            };
            entries.push(Entry {
                page: page.clone(),
                chapter: listed.title.clone(),
                heading,
                id,
                mark: marker.mark,
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
pub fn check_index(run: &Run) -> Result<(), String> {
    let (root, bless) = (run.root(), run.settings.bless);
    let entries = entries(run)?;
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
    let line = markdown::line_of(&page, from);
    let mut problems = Vec::new();
    for entry in &entries {
        if !links.contains(&entry.link()) {
            let what = match &entry.mark {
                Mark::Exercise(name) => format!("exercise `{name}`"),
                Mark::Puzzle => "puzzle".to_owned(),
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
        let d = first_difference(&wanted, listed, book_model::output::Mask::EXACT);
        let line =
            |l: Option<&str>| l.map_or("(the end)".to_owned(), |l| format!("{:?}", l.trim_end()));
        problems.push(format!(
            "  the right entries, but not as the chapters give them (order, titles or \
             layout): line {} of the index is {} in the chapters' index, and {} on the page",
            d.as_ref().map_or(0, |d| d.line),
            line(d.as_ref().and_then(|d| d.expected)),
            line(d.as_ref().and_then(|d| d.printed))
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

/// The workspace member that builds the readers' copies depends on the
/// crates the book's programs use (by name: both take their versions from
/// `[workspace.dependencies]`), and git ignores the copies.
fn check_manifest(root: &Path) -> Result<(), String> {
    let read = |file: &str| -> Result<toml::Table, String> {
        book_model::read(root, Path::new(file))?
            .parse()
            .map_err(|e| format!("{file}: {e}"))
    };
    let book = read("Cargo.toml")?;
    let copies = read("exercises/Cargo.toml")?;
    let mut problems = Vec::new();
    let names = |manifest: &toml::Table| -> Vec<String> {
        manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default()
    };
    let inherited = |manifest: &toml::Table| {
        manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
            .is_some_and(|d| {
                d.values()
                    .all(|v| v.get("workspace").and_then(|w| w.as_bool()) == Some(true))
            })
    };
    if names(&book) != names(&copies) || !inherited(&book) || !inherited(&copies) {
        problems.push(
            "exercises/Cargo.toml: its [dependencies] are the root package's, each \
             `NAME.workspace = true`, so that a reader's answer compiles against the crates \
             the book's programs use, at the same versions"
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
    let folder = format!("/{}/", model::COPIES);
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
