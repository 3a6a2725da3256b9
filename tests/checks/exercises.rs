//! Promise: every exercise can be done and checked as its page says, every
//! chapter has one, and the practice page lists them all.
//!
//! `src/<chapter>.md:<line> exercise <name>`: the starter (the block after
//! the marker) is `rust,editable`, and its program is the reader's copy;
//! the solution, `examples/NAME/`, is shown under "Solution", and what a
//! correct answer prints is shown after the starter. The solution passes
//! the checker `cargo xtask exercise` uses (`book_model::exercise`); the
//! starter does not compile (`compile_fail`) or, run the same way, FAILS
//! it: an exercise that needs no change is no exercise. A test starter is
//! also compiled as its tests, or its `#[cfg(test)]` code would never be.
//! The practice page's index, between `<!-- index start -->` and
//! `<!-- index end -->`, is the one the chapters make (`cargo xtask bless`
//! rewrites it).

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use book_model::Location;
use book_model::book::{Example, example_name, includes_of};
use book_model::exercise::{self as model, Answer, Exercise, Mutant, Outcome, Shown};
use book_model::exercise::{TIME_LIMIT, TestsRan, Verdict};
use book_model::markdown::{self, CodeBlock, Mark};
use book_model::output::{Mask, first_difference};
use book_model::snippet::Snippet;

use crate::support::run::Run;
use crate::support::rustc::Build;
use crate::support::trial::Check;
use crate::support::{indent, none};

use super::rust_blocks::{self, Expect};

const PRACTICE: &str = "src/practice.md";
const INDEX_START: &str = "<!-- index start -->";
const INDEX_END: &str = "<!-- index end -->";

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    let all = model::exercises(&run.book);
    for exercise in &all {
        let namesake = |e: &&Exercise| e.name == exercise.name && e.at != exercise.at;
        let namesakes: Vec<Location> = all.iter().filter(namesake).map(|e| e.at.clone()).collect();
        let (exercise, run) = (exercise.clone(), Arc::clone(run));
        let name = format!("{} exercise {}", exercise.at, exercise.name);
        let check = move || check_exercise(&run, &exercise, &namesakes);
        checks.push(Check::new(name, check));
    }
    let (every, index) = (Arc::clone(run), Arc::clone(run));
    let name = "every chapter of the numbered parts has an exercise";
    checks.push(Check::new(name, move || every_chapter_has_one(&every)));
    let name = format!("{PRACTICE} lists every exercise and puzzle");
    checks.push(Check::new(name, move || check_index(&index)));
    let root = run.root().to_owned();
    if root.join("exercises/Cargo.toml").is_file() {
        let name = "exercises/Cargo.toml builds the readers' copies with the book's crates";
        checks.push(Check::new(name, move || check_manifest(&root)));
    }
    checks
}

fn check_exercise(run: &Run, exercise: &Exercise, namesakes: &[Location]) -> Result<(), String> {
    let (at, name) = (&exercise.at, &exercise.name);
    let chapter = run.book.chapter(&at.file);
    let chapter = chapter.ok_or_else(|| format!("{at}: no such chapter"))?;
    let mut problems = Vec::new();

    let stem = at.file.file_stem().unwrap_or_default().to_string_lossy();
    let prefix = format!("{stem}-exercise-");
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let well_formed = name.bytes().all(allowed) && !name.contains("--");
    if !name.starts_with(&prefix) || name.len() == prefix.len() || !well_formed {
        problems.push(format!(
            "{at}: the exercises of {} are named `{prefix}WHAT` (lowercase letters, \
             digits and single dashes), after their chapter; `{name}` is not",
            at.file.display()
        ));
    }
    for other in namesakes {
        let unique = "each name is unique";
        problems.push(format!(
            "{at}: the exercise at {other} is named `{name}` too; {unique}"
        ));
    }
    let heading = exercise.heading.as_ref();
    if !heading.is_some_and(|h| h.title.starts_with("Exercise")) {
        let under = |h: &markdown::Heading| format!("the heading `{}` (line {})", h.title, h.line);
        let under = heading.map_or("no heading".to_owned(), under);
        problems.push(format!(
            "{at}: an exercise has a heading of its own, `## Exercise: ...`, which \
             the practice page links to; this one is under {under}"
        ));
    }
    let command = format!("`cargo xtask exercise {name}`");
    let mut after = chapter.text.lines().skip(at.line);
    if !after.any(|l| l.contains(&command)) {
        problems.push(format!(
            "{at}: the page tells the reader how to check an answer: \"Check your \
             answer with {command}.\" (after the starter)"
        ));
    }

    // The reader's copy is the starter's program, as the tests compile it.
    let starter = exercise.starter.clone()?;
    if starter.lang != "rust" || !starter.has("editable") {
        problems.push(format!(
            "{}: the starter of exercise `{name}` is a `rust,editable` block, so that \
             the reader can change it and run it on the page",
            starter.at
        ));
    }
    problems.extend(exercise.shown.as_ref().err().cloned());
    match run.book.examples.get(name).filter(|e| e.has_rust) {
        None => problems.push(format!(
            "{at}: examples/{name}/main.rs does not exist: an exercise's solution is \
             the example of the exercise's name, and its output.txt (or, if the answer \
             is a test, its test-output.txt) is what a correct answer prints"
        )),
        Some(example) => problems.extend(solution_is_shown(exercise, &chapter.text, example)),
    }
    let answer = match &exercise.shown {
        Ok(shown) if problems.is_empty() => &shown.answer,
        _ => return Err(problems.join("\n")),
    };
    let solution = |verdict| match verdict {
        Verdict::Pass(_) => Ok(()),
        Verdict::Fail(why) => Err(format!(
            "{at}: the solution of exercise `{name}`, examples/{name}/main.rs, does not \
             pass the checker:\n{}",
            indent(&why, "  ")
        )),
    };
    let snippet = Snippet::of(run.root(), &starter)?;
    let expected = match answer {
        Answer::Output => {
            let expected = book_model::read(run.root(), &answer.output_file().of(name))?;
            let (printed, outcome) = ran(&run.example(name)?, run.root(), answer)?;
            solution(model::judge_output(expected.as_bytes(), &printed, &outcome))?;
            expected
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
            let label = file.display().to_string();
            solution(judge_tests(run, &label, &source, &binary, answer, &mutants))?;
            String::new()
        }
    };
    let expected = expected.as_bytes();
    starter_fails(run, exercise, &starter, &snippet, answer, expected)
}

fn ran(binary: &Path, dir: &Path, answer: &Answer) -> TestsRan {
    let ran = model::run(binary, dir, answer, TIME_LIMIT);
    ran.map_err(|e| format!("cannot run {}: {e}", binary.display()))
}

/// Runs tests (`given`, built from `source`) against the code as given and
/// against each wrong version of it, compiled as tests through the cache,
/// as `cargo xtask exercise` runs a reader's: the model's verdict.
fn judge_tests(
    run: &Run,
    label: &str,
    source: &str,
    given: &Path,
    answer: &Answer,
    mutants: &[Mutant],
) -> Verdict {
    let on_given = ran(given, run.root(), answer);
    let on_mutant = |mutant: &Mutant| {
        let code = mutant.apply(source)?;
        let (at, origins) = (Location::new(&mutant.file, 1), Vec::new());
        let snippet = Snippet {
            at,
            code,
            origins,
            wrapped: false,
        };
        let compiled = rust_blocks::compile(run, &snippet, &Expect::Success, Build::Tests);
        let compiled =
            compiled.map_err(|e| format!("{label} with this change does not compile: {e}"))?;
        ran(
            &compiled.program.ok_or("compiled, but left no program")?,
            run.root(),
            answer,
        )
    };
    let on_mutants: Vec<(&Mutant, TestsRan)> = mutants.iter().map(|m| (m, on_mutant(m))).collect();
    model::judge_tests(&on_given, &on_mutants)
}

/// The starter, as shipped, fails the checker: it does not compile, or it
/// runs to its end and is judged wrong (as a program, or as tests).
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
        // Its error is shown, and checked, under it (`rust_blocks`).
        Expect::CompileError(_) => return Ok(()),
        Expect::Panic => {
            return Err(format!(
                "{}: a starter either runs to its end, or is marked compile_fail; not \
                 should_panic",
                block.at
            ));
        }
        Expect::Success => {}
    }
    let (build, what, passes) = match answer {
        Answer::Output => (Build::Binary, "starter", "passes"),
        Answer::Tests { .. } => (Build::Tests, "starter's tests", "pass"),
    };
    let compiled = rust_blocks::compile(run, snippet, &Expect::Success, build).map_err(|e| {
        let tests = "compiled as its tests, with `--test`, as the checker compiles \
                     a reader's copy for this exercise";
        match build {
            Build::Binary => e,
            Build::Tests => format!("{e}\n({tests})"),
        }
    })?;
    let left = || format!("{}: the starter compiled, but left no program", block.at);
    let binary = compiled.program.ok_or_else(left)?;
    let verdict = match answer {
        Answer::Output => {
            let dir = run.work_dir(&format!("{at} exercise"))?;
            let (printed, outcome) = ran(&binary, &dir, answer)?;
            if let Outcome::Stopped(limit) = outcome {
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

/// The solution is shown on the exercise's page under `<summary>Solution
/// </summary>`, and its tests' output with the arguments the page gives.
fn solution_is_shown(exercise: &Exercise, text: &str, example: &Example) -> Vec<String> {
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
    let shown = exercise.shown.as_ref().ok();
    if let Some(Shown {
        at: shown_at,
        answer: Answer::Tests { args },
    }) = shown
        && let Some(checked) = example.test_output.as_ref().filter(|r| r.args != *args)
    {
        problems.push(format!(
            "{shown_at}: the tests are run with `{}` here, but with `{}` at {}, where \
             examples/{name}/test-output.txt is checked; show one command",
            args.join(" "),
            checked.args.join(" "),
            checked.at
        ));
    }
    problems
}

/// The `<summary>` of the `<details>` that line `line` is in, if any.
fn summary_above<'a>(lines: &[&'a str], line: usize) -> Option<&'a str> {
    let above = &lines[..line.saturating_sub(1).min(lines.len())];
    for text in above.iter().rev() {
        let text = text.trim();
        let opens = text.starts_with("<details>") && !text.contains("<summary>");
        if text.starts_with("</details>") || opens {
            return None;
        }
        if let Some((_, rest)) = text.split_once("<summary>") {
            let summary = rest.split_once("</summary>");
            return summary.map(|(summary, _)| summary.trim());
        }
    }
    None
}

/// Every numbered chapter, the practice page aside, has an exercise.
fn every_chapter_has_one(run: &Run) -> Result<(), String> {
    let mut missing = Vec::new();
    let listed = run.book.listed.iter();
    let chapters: Vec<_> = listed
        .filter(|l| l.numbered && l.file != Path::new(PRACTICE))
        .collect();
    for listed in &chapters {
        let text = book_model::read(run.root(), &listed.file)?;
        let markers = markdown::markers(&text);
        if !markers.iter().any(|m| matches!(m.mark, Mark::Exercise(_))) {
            missing.push(format!("  {} ({})", listed.file.display(), listed.title));
        }
    }
    let (count, of) = (missing.len(), chapters.len());
    none(&missing).map_err(|missing| {
        format!(
            "{count} of the {of} chapters of the numbered parts have no exercise yet; each \
             ends with at least one (`## Exercise: ...` and `<!-- exercise: NAME -->`, \
             see the README, \"Adding an exercise\"):\n{missing}"
        )
    })
}

/// One entry of the practice page's index, with where its marker is.
struct Entry {
    chapter: String,
    heading: String,
    text: String,
    link: String,
    at: Location,
}

fn entries(run: &Run) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for listed in run
        .book
        .listed
        .iter()
        .filter(|l| l.file != Path::new(PRACTICE))
    {
        let file = listed.file.display();
        let chapter = run.book.chapter(&listed.file);
        let chapter = chapter.ok_or_else(|| format!("{file}: cannot be read"))?;
        let headings = markdown::headings(&chapter.text);
        let page = listed.file.strip_prefix("src").unwrap_or(&listed.file);
        for marker in markdown::markers(&chapter.text) {
            let at = Location::new(&listed.file, marker.line);
            let heading = headings.iter().rev().find(|h| h.line < marker.line);
            let heading = heading.ok_or_else(|| {
                format!("{at}: this marker is under no heading, so nothing can link to it")
            })?;
            let (title, link) = (&heading.title, format!("{}#{}", page.display(), heading.id));
            let text = match marker.mark {
                Mark::Exercise(name) => {
                    format!("- [{title}]({link}):\n  `cargo xtask exercise {name}`")
                }
                Mark::Puzzle => {
                    let block = model::block_after(chapter, marker.line);
                    let includes = block.iter().flat_map(includes_of);
                    let example = includes.filter_map(|i| example_name(&i.file)).next();
                    let example = example.map(|e| format!(" (`{e}`)")).unwrap_or_default();
                    format!("- [{title}]({link}){example}")
                }
            };
            let (chapter, heading) = (listed.title.clone(), title.clone());
            entries.push(Entry {
                chapter,
                heading,
                text,
                link,
                at,
            });
        }
    }
    Ok(entries)
}

/// The index: a section per chapter, an entry per exercise or puzzle.
fn index(entries: &[Entry]) -> String {
    let mut out = String::from("\n\n");
    let mut chapter = None;
    for entry in entries {
        if chapter != Some(&entry.chapter) {
            if chapter.is_some() {
                out.push('\n');
            }
            out += &format!("## {}\n\n", entry.chapter);
            chapter = Some(&entry.chapter);
        }
        out += &format!("{}\n", entry.text);
    }
    if entries.is_empty() {
        out += "The book has no exercises yet.\n";
    }
    out + "\n"
}

/// The practice page's index is [`index`]; with `bless`, it is made so.
fn check_index(run: &Run) -> Result<(), String> {
    let entries = entries(run)?;
    let mut seen = HashSet::new();
    let twice = entries.iter().filter(|e| !seen.insert(&e.link)).map(|e| {
        format!(
            "{}: two exercises or puzzles sit under the heading `{}`; give each one \
             a heading of its own, so the index can link to it",
            e.at, e.heading
        )
    });
    none(&twice.collect::<Vec<_>>())?;
    let path = run.root().join(PRACTICE);
    let page = fs::read_to_string(&path).map_err(|e| format!("cannot read {PRACTICE}: {e}"))?;
    let (Some(start), Some(end)) = (page.find(INDEX_START), page.find(INDEX_END)) else {
        return Err(format!(
            "{PRACTICE}: the index sits between the lines `{INDEX_START}` and \
             `{INDEX_END}`, which the page lacks"
        ));
    };
    let from = start + INDEX_START.len();
    let (listed, wanted) = (&page[from..end.max(from)], index(&entries));
    let Some(d) = first_difference(&wanted, listed, Mask::EXACT) else {
        return Ok(());
    };
    if run.settings.bless {
        let page = format!("{}{wanted}{}", &page[..from], &page[end..]);
        return fs::write(&path, page).map_err(|e| format!("cannot write {PRACTICE}: {e}"));
    }
    // The index's first line is the rest of its start marker's line.
    let line = markdown::line_of(&page, from) + d.line - 1;
    let show = |text| d.show(text).unwrap_or_else(|| "(the end)".to_owned());
    Err(format!(
        "{PRACTICE}:{line}: the index does not list exactly the book's exercises and \
         puzzles, as the chapters give them:\n  expected: {}\n  found:    {}\n\
         (`cargo xtask bless` rewrites the index from the chapters)",
        show(d.expected),
        show(d.printed)
    ))
}

/// The readers' copies are built with the crates of the book's programs
/// (by name: both take versions from the workspace), and git ignores them.
fn check_manifest(root: &Path) -> Result<(), String> {
    let read = |file: &str| -> Result<toml::Table, String> {
        let text = book_model::read(root, Path::new(file))?;
        text.parse().map_err(|e| format!("{file}: {e}"))
    };
    let (book, copies) = (read("Cargo.toml")?, read("exercises/Cargo.toml")?);
    let dependencies = |manifest: &toml::Table| manifest.get("dependencies")?.as_table().cloned();
    let (ours, theirs) = (dependencies(&book), dependencies(&copies));
    let names = |deps: &Option<toml::Table>| -> Vec<String> {
        deps.iter().flat_map(|d| d.keys().cloned()).collect()
    };
    let inherited = |v: &toml::Value| v.get("workspace").and_then(|w| w.as_bool()) == Some(true);
    let all_inherited =
        |deps: &Option<toml::Table>| deps.as_ref().is_some_and(|d| d.values().all(inherited));
    let same = names(&ours) == names(&theirs);
    let mut problems = Vec::new();
    if !same || !all_inherited(&ours) || !all_inherited(&theirs) {
        problems.push(
            "exercises/Cargo.toml: its [dependencies] are the root package's, each \
             `NAME.workspace = true`, so that a reader's answer compiles against the crates \
             the book's programs use, at the same versions"
                .to_owned(),
        );
    }
    let members = book.get("workspace").and_then(|w| w.get("members"));
    let members = members
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    if !members.iter().any(|v| v.as_str() == Some("exercises")) {
        problems.push("Cargo.toml: `exercises` is a member of the workspace".to_owned());
    }
    let ignored = fs::read_to_string(root.join(".gitignore")).unwrap_or_default();
    let folder = format!("/{}/", model::COPIES);
    if !ignored.lines().any(|l| l.trim() == folder) {
        let copies = "where the readers' copies go";
        problems.push(format!(".gitignore: it ignores `{folder}`, {copies}"));
    }
    none(&problems)
}
