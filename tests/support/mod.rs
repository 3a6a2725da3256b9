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
mod selftest;
mod site;
mod snippet;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};

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
    if let Err(message) = build_examples(root) {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }
    let mut trials = book_trials(root);
    trials.extend(selftest::trials(root));
    libtest_mimic::run(&args, trials).exit_code()
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

fn book_trials(root: &Path) -> Vec<Trial> {
    let chapters = chapters(root);
    let mut trials = Vec::new();
    // Which blocks show each example, to know how it must end, and which
    // console block shows its output.
    let mut shown: BTreeMap<String, Vec<(Location, bool)>> = BTreeMap::new();
    let mut consoles: BTreeMap<String, Location> = BTreeMap::new();

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
            if block.lang == "rust" {
                for example in blocks::examples_of(block) {
                    shown
                        .entry(example)
                        .or_default()
                        .push((block.at.clone(), block.has("should_panic")));
                }
                trials.push(rust_trial(root, block.clone()));
            } else {
                let block = block.clone();
                let name = format!(
                    "{} {}",
                    block.at,
                    if block.lang.is_empty() {
                        "text"
                    } else {
                        &block.lang
                    }
                );
                for include in blocks::includes_of(&block) {
                    if let Some(name) = blocks::example_of_output(&include.file) {
                        consoles.entry(name).or_insert_with(|| block.at.clone());
                    }
                }
                if block.lang == "console" || block.raw.contains("output.txt") {
                    trials.push(trial(name, move || outputs::check_console_block(&block)));
                }
            }
        }
    }

    trials.extend(example_trials(root, &shown, &consoles));

    let owned_root = root.to_owned();
    trials.push(trial(
        "site builds, every link resolves".to_owned(),
        move || site::build_and_check(&owned_root, &profile_dir().join("book-tests").join("site")),
    ));
    trials
}

/// The check of one Rust block.
fn rust_trial(root: &Path, block: CodeBlock) -> Trial {
    let root = root.to_owned();
    trial(format!("{} rust", block.at), move || {
        run_block(&root, &block, TIME_LIMIT)
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

/// One check per example program: it is shown in the book, and prints
/// exactly its `output.txt`.
fn example_trials(
    root: &Path,
    shown: &BTreeMap<String, Vec<(Location, bool)>>,
    consoles: &BTreeMap<String, Location>,
) -> Vec<Trial> {
    let mut names: Vec<String> = fs::read_dir(root.join("examples"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("main.rs").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let uses = shown.get(&name).cloned().unwrap_or_default();
            let console = consoles.get(&name).cloned();
            let root = root.to_owned();
            let dir = root.join("examples").join(&name);
            let title = format!("examples/{name} output");
            trial(title, move || {
                let Some((at, panics)) = uses.first().cloned() else {
                    return Err(format!(
                        "examples/{name}/main.rs: no chapter shows this example; \
                         include it in one, or remove it"
                    ));
                };
                let ending = if panics {
                    Ending::Panic
                } else {
                    Ending::Success
                };
                let binary = profile_dir().join("examples").join(&name);
                if !binary.is_file() {
                    return Err(format!(
                        "{}: not built; `cargo test` builds every example first",
                        binary.display()
                    ));
                }
                let mut program = Command::new(binary);
                // Where `cargo run --example` runs it.
                program.current_dir(&root);
                let shown_at = console.unwrap_or(at);
                let output = dir.join("output.txt");
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
            })
        })
        .collect()
}
