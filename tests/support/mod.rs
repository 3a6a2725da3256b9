//! The book's test suite: every check that `cargo test` runs on the book.
//!
//! Each check is one named test, so that a failure names what failed:
//!
//! - `src/<chapter>.md:<line> rust`: the Rust block whose fence is on that
//!   line compiles as edition 2024 and runs (or fails the way the page says);
//! - `src/<chapter>.md:<line> console`: a shown output is an included,
//!   checked file;
//! - `src/<chapter>.md includes`: every `{{#include}}` names a file and
//!   anchor that exist;
//! - `examples/<name> output`: the program prints exactly its `output.txt`;
//! - `site builds, every link resolves`;
//! - `selftest: ...`: the checkers above catch the faults they exist for.

mod blocks;
mod includes;
mod markdown;
mod outputs;
mod process;
mod python;
mod selftest;
mod site;
mod snippet;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::Ordering;
use std::time::Duration;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use markdown::{CodeBlock, Location};
use outputs::Ending;

/// The longest any one program or compilation may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

pub fn main() -> ExitCode {
    // This binary is also the snippet runner and the rustc shim that it
    // starts (see snippet.rs); the mode says which one this process is.
    match env::var("BOOK_MODE").as_deref() {
        Ok("snippet") => return snippet::child(),
        Ok("rustc") => return snippet::rustc_shim(),
        _ => {}
    }
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inner = env::var_os(selftest::INNER).map(PathBuf::from);
    let trials = match &inner {
        // A selftest checking this binary on a fixture book.
        Some(fixture) => book_trials(&root.join(fixture)),
        None => {
            if let Err(message) = build_examples(root) {
                eprintln!("{message}");
                return ExitCode::FAILURE;
            }
            let mut trials = book_trials(root);
            trials.extend(selftest::trials(root));
            trials
        }
    };
    let conclusion = libtest_mimic::run(&args, trials);
    let skipped = python::SKIPPED.load(Ordering::Relaxed);
    if let (Some(why), 1..) = (python::MISSING.as_ref(), skipped) {
        // Said last, where it cannot scroll away unseen.
        eprintln!(
            "\nNOTE: {skipped} of the book's Python checks did NOT run: {why}. Install python3 \
             {}.{} or newer and run `cargo test` again to check them.",
            python::MINIMUM.0,
            python::MINIMUM.1
        );
    }
    conclusion.exit_code()
}

/// Builds the example programs, whose output the tests compare with the
/// book. `cargo test` has built them already, and then this takes a moment;
/// but `cargo test --test book` has not, and an example changed since would
/// otherwise be checked in its old form.
fn build_examples(root: &Path) -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(root)
        .args(["build", "--quiet", "--examples", "--package", "async-book"]);
    if profile_dir().ends_with("release") {
        build.arg("--release");
    }
    match build.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!(
            "`cargo build --examples` failed ({status}): an example does not compile"
        )),
        Err(e) => Err(format!("cannot run cargo to build the examples: {e}")),
    }
}

/// `target/<profile>`, where this build put its binaries.
pub fn profile_dir() -> PathBuf {
    // OUT_DIR is `target/<profile>/build/<package>-<hash>/out`.
    Path::new(env!("OUT_DIR"))
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies inside target/")
        .to_owned()
}

/// A place for one check's scratch files.
fn work_dir(name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    profile_dir().join("book-tests").join(safe)
}

/// A chapter, read once.
struct Chapter {
    file: PathBuf,
    blocks: Vec<CodeBlock>,
    text: String,
}

fn chapters(root: &Path) -> Vec<Chapter> {
    blocks::markdown_files(root, Path::new("src"))
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "SUMMARY.md"))
        .map(|file| {
            let text = fs::read_to_string(root.join(&file)).unwrap_or_default();
            Chapter {
                blocks: markdown::code_blocks(&file, &text),
                file,
                text,
            }
        })
        .collect()
}

fn trial(name: String, check: impl FnOnce() -> Result<(), String> + Send + 'static) -> Trial {
    Trial::test(name, move || check().map_err(Failed::from))
}

/// How a chapter uses one example program (`examples/<name>/`).
#[derive(Clone, Default)]
struct Uses {
    /// The blocks that show `main.rs`, and whether each says it panics.
    rust: Vec<(Location, bool)>,
    /// The blocks that show `main.py`.
    python: Vec<Location>,
    /// The console blocks that show `output.txt` and `python-output.txt`.
    rust_output: Option<Location>,
    python_output: Option<Location>,
}

fn book_trials(root: &Path) -> Vec<Trial> {
    let chapters = chapters(root);
    let mut trials = Vec::new();
    let mut uses: BTreeMap<String, Uses> = BTreeMap::new();

    for chapter in &chapters {
        let includes = includes::find(&chapter.file, &chapter.text, 1);
        let owned_root = root.to_owned();
        trials.push(trial(
            format!("{} includes", chapter.file.display()),
            move || {
                let problems: Vec<String> = includes
                    .iter()
                    .filter_map(|i| includes::check(&owned_root, i).err())
                    .collect();
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems.join("\n"))
                }
            },
        ));

        for block in &chapter.blocks {
            for include in blocks::includes_of(block) {
                if let Some((name, python)) = blocks::example_of_output(&include.file) {
                    let slot = uses.entry(name).or_default();
                    let shown = if python {
                        &mut slot.python_output
                    } else {
                        &mut slot.rust_output
                    };
                    shown.get_or_insert_with(|| block.at.clone());
                } else if let Some(name) = blocks::example_name(&include.file) {
                    let slot = uses.entry(name).or_default();
                    match block.lang.as_str() {
                        "rust" => slot
                            .rust
                            .push((block.at.clone(), block.has("should_panic"))),
                        "python" => slot.python.push(block.at.clone()),
                        _ => {}
                    }
                }
            }
            let block = block.clone();
            let root = root.to_owned();
            match block.lang.as_str() {
                "rust" => trials.push(trial(format!("{} rust", block.at), move || {
                    run_block(&root, &block, TIME_LIMIT)
                })),
                "python" => trials.push(python_trial(format!("{} python", block.at), move || {
                    let code = includes::expand(&root, &block.at.file, &block.raw);
                    python::run_inline(&root, &code, &work_dir(&block.at.to_string()), TIME_LIMIT)
                        .map_err(|e| format!("{}: {e}", block.at))
                })),
                "console" => trials.push(trial(format!("{} console", block.at), move || {
                    outputs::check_console_block(&block)
                })),
                // Any other block may still not include an output file.
                _ if block.raw.contains("output.txt") => trials
                    .push(trial(format!("{} {}", block.at, block.lang), move || {
                        outputs::check_console_block(&block)
                    })),
                _ => {}
            }
        }
    }

    trials.extend(example_trials(root, &uses));

    let owned_root = root.to_owned();
    trials.push(trial(
        "site builds, every link resolves".to_owned(),
        move || site::build_and_check(&owned_root, &profile_dir().join("book-tests").join("site")),
    ));
    trials
}

/// A check that needs python3: when it is missing, it is reported as
/// ignored (with the reason) rather than passed, and under CI it fails.
fn python_trial(
    name: String,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::ignorable_test(name, move || match python::MISSING.as_ref() {
        Some(why) if python::required() => Err(Failed::from(format!(
            "{why}, and under CI every Python block must be checked"
        ))),
        Some(why) => {
            python::SKIPPED.fetch_add(1, Ordering::Relaxed);
            Ok(Completion::ignored_with(format!("not checked: {why}")))
        }
        None => check()
            .map(|()| Completion::Completed)
            .map_err(Failed::from),
    })
}

/// Compiles and runs one Rust block as the page says it behaves.
fn run_block(root: &Path, block: &CodeBlock, limit: Duration) -> Result<(), String> {
    let expect = blocks::expectation(block)?;
    for include in blocks::includes_of(block) {
        includes::check(root, &include)?;
    }
    let snippet = blocks::snippet(root, block, expect);
    snippet::check(&snippet, &work_dir(&block.at.to_string()), limit)
}

/// One check per example program (Rust or Python): a chapter shows it, and
/// it prints exactly its captured output.
fn example_trials(root: &Path, uses: &BTreeMap<String, Uses>) -> Vec<Trial> {
    let mut names: Vec<String> = fs::read_dir(root.join("examples"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut trials = Vec::new();
    for name in names {
        let dir = root.join("examples").join(&name);
        let used = uses.get(&name).cloned().unwrap_or_default();
        if dir.join("main.rs").is_file() {
            let root = root.to_owned();
            let used = used.clone();
            let name = name.clone();
            trials.push(trial(format!("examples/{name} output"), move || {
                let Some((at, panics)) = used.rust.first().cloned() else {
                    return Err(format!(
                        "examples/{name}/main.rs: no chapter shows this example; \
                         include it in a rust block, or remove it"
                    ));
                };
                let ending = if panics {
                    Ending::Panic
                } else {
                    Ending::Success
                };
                let binary = profile_dir().join("examples").join(&name);
                let mut program = Command::new(binary);
                // Where `cargo run --example` runs it.
                program.current_dir(&root);
                let shown_at = used.rust_output.unwrap_or(at);
                let output = root.join("examples").join(&name).join("output.txt");
                let bless = outputs::blessing()?;
                outputs::check(
                    program,
                    &root,
                    &output,
                    ending,
                    Some(&shown_at),
                    TIME_LIMIT,
                    bless,
                )
                .map(|_| ())
            }));
        }
        if dir.join("main.py").is_file() {
            let root = root.to_owned();
            trials.push(python_trial(
                format!("examples/{name} python output"),
                move || {
                    let Some(at) = used.python.first().cloned() else {
                        return Err(format!(
                            "examples/{name}/main.py: no chapter shows this program; \
                         include it in a python block, or remove it"
                        ));
                    };
                    let program =
                        python::command(&root, &Path::new("examples").join(&name).join("main.py"));
                    let shown_at = used.python_output.unwrap_or(at);
                    let output = root.join("examples").join(&name).join("python-output.txt");
                    let bless = outputs::blessing()?;
                    outputs::check(
                        program,
                        &root,
                        &output,
                        Ending::Success,
                        Some(&shown_at),
                        TIME_LIMIT,
                        bless,
                    )
                    .map(|_| ())
                },
            ));
        }
    }
    trials
}
