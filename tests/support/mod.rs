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
mod browser;
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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};
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
    let (args, filters) = arguments();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inner = env::var_os(selftest::INNER).map(PathBuf::from);
    let trials = match &inner {
        // A selftest checking this binary on a fixture book.
        Some(fixture) => book_trials(&root.join(fixture)),
        None => {
            EXAMPLES_BUILT
                .set(build_examples(root))
                .expect("the examples are built once");
            let mut trials = book_trials(root);
            trials.extend(selftest::trials(root));
            trials
        }
    };
    let mut trials = trials;
    if !filters.is_empty() {
        trials.retain(|t| {
            filters.iter().any(|f| {
                if args.exact {
                    t.name() == f
                } else {
                    t.name().contains(f.as_str())
                }
            })
        });
    }
    let conclusion = libtest_mimic::run(&args, trials);
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    if !pages.is_empty() {
        eprintln!(
            "\nThe book in Chromium ({} pages):\n{}",
            pages.len(),
            browser::summary(&pages)
        );
    }
    if let Some(Ok(session)) = SESSION.get() {
        session.shut_down();
    }
    let skipped = BROWSER_SKIPPED.load(Ordering::Relaxed);
    if let (Some(why), 1..) = (browser::MISSING.as_ref(), skipped) {
        eprintln!(
            "\nNOTE: {skipped} browser checks did NOT run: {why}. Install Chromium \
             (on Debian or Ubuntu: `apt-get install chromium`) or point BOOK_CHROMIUM \
             at it, and run `cargo test` again to check them."
        );
    }
    if inner.is_none() {
        let _ = fs::remove_dir_all(scratch_dir());
    }
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

/// The command line, as libtest reads it, except that any number of name
/// filters may be given (`cargo test -- src/tasks.md examples/tasks-`), as
/// with the standard test harness; a test runs if any filter matches.
fn arguments() -> (Arguments, Vec<String>) {
    const TAKES_VALUE: &[&str] = &[
        "--test-threads",
        "--logfile",
        "--skip",
        "--color",
        "--format",
        "-Z",
    ];
    let mut argv = env::args();
    let mut kept: Vec<String> = argv.next().into_iter().collect();
    let mut filters = Vec::new();
    while let Some(arg) = argv.next() {
        if TAKES_VALUE.contains(&arg.as_str()) {
            kept.push(arg);
            kept.extend(argv.next());
        } else if arg.starts_with('-') {
            kept.push(arg);
        } else {
            filters.push(arg);
        }
    }
    (Arguments::from_iter(kept), filters)
}

/// Whether the examples built; if not, what cargo said.
static EXAMPLES_BUILT: OnceLock<Result<(), String>> = OnceLock::new();

/// Builds the example programs, whose output the tests compare with the
/// book. `cargo test` has built them already, and then this takes a moment;
/// but `cargo test --test book` has not, and an example changed since would
/// otherwise be checked in its old form. A failure here fails the output
/// checks (each names the example), not the whole run.
fn build_examples(root: &Path) -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(root).args([
        "build",
        "--quiet",
        "--keep-going",
        "--examples",
        "--package",
        "async-book",
    ]);
    if profile_dir().ends_with("release") {
        build.arg("--release");
    }
    match build.output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
        Err(e) => Err(format!("cannot run cargo to build the examples: {e}")),
    }
}

/// Fails if example `name` did not build in this run (its binary, if any, is
/// from an older build), with rustc's errors for it.
fn example_built(name: &str) -> Result<(), String> {
    let Some(Err(stderr)) = EXAMPLES_BUILT.get() else {
        return Ok(());
    };
    let marker = format!("(example \"{name}\")");
    let failed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: could not compile"))
        .collect();
    if !failed.is_empty() && !failed.iter().any(|l| l.contains(&marker)) {
        return Ok(());
    }
    // rustc's messages for this example: the errors located in its file.
    let file = format!("examples/{name}/main.rs");
    let errors: Vec<&str> = stderr
        .split("\n\n")
        .filter(|part| part.contains(&file) && part.contains("error"))
        .take(3)
        .collect();
    let detail = if errors.is_empty() {
        stderr.trim().to_owned()
    } else {
        errors.join("\n\n")
    };
    Err(format!("{file} does not compile:\n{detail}"))
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

/// This run's scratch folder, `target/<profile>/book-tests/<pid>`: its own,
/// so that two test runs at once (an editor's and a terminal's, say) never
/// build or serve into each other's files. Removed at the end of the run.
pub fn scratch_dir() -> PathBuf {
    profile_dir()
        .join("book-tests")
        .join(std::process::id().to_string())
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
    scratch_dir().join(safe)
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
                    blocks::panic_is_shown(&block)?;
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
        move || site::check(&owned_root, built_site(&owned_root)?),
    ));
    trials.extend(browser_trials(root, &chapters));
    trials
}

/// The book built once per run, for the link checks and the browser.
fn built_site(root: &Path) -> Result<&'static Path, String> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let dest = scratch_dir().join("site");
        site::build(root, &dest).map(|()| dest)
    })
    .as_deref()
    .map_err(Clone::clone)
}

/// The browser, started once per run, on the built site.
static SESSION: OnceLock<Result<browser::Session, String>> = OnceLock::new();

fn session(root: &Path) -> Result<&'static browser::Session, String> {
    SESSION
        .get_or_init(|| {
            let site = built_site(root).map_err(|e| format!("the site did not build: {e}"))?;
            browser::Session::start(site, &scratch_dir())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Every page measured by the browser checks, for the closing summary.
static PAGES: Mutex<Vec<browser::PageReport>> = Mutex::new(Vec::new());

/// The heaviest a page without diagrams may be.
const PAGE_BUDGET: u64 = 400 * 1024;

/// How many browser checks were reported as ignored for want of Chromium.
static BROWSER_SKIPPED: AtomicUsize = AtomicUsize::new(0);

/// A check that needs Chromium (see [`tool_trial`]).
fn browser_trial(
    name: String,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    let tool = Tool {
        missing: &browser::MISSING,
        skipped: &BROWSER_SKIPPED,
        what: "browser check",
    };
    tool_trial(name, tool, check)
}

/// The checks of the book in a real browser: each page, search, the print
/// page and the Run buttons.
fn browser_trials(root: &Path, chapters: &[Chapter]) -> Vec<Trial> {
    let mut trials = Vec::new();
    let mut pages: Vec<(String, String)> = chapters
        .iter()
        .map(|c| {
            let page = c
                .file
                .strip_prefix("src")
                .unwrap_or(&c.file)
                .with_extension("html");
            (c.file.display().to_string(), page.display().to_string())
        })
        .collect();
    pages.push(("the print page".to_owned(), "print.html".to_owned()));
    pages.push(("the 404 page".to_owned(), "404.html".to_owned()));
    for (label, page) in pages {
        let root = root.to_owned();
        trials.push(browser_trial(
            format!("browser: {label} ({page})"),
            move || {
                let report = session(&root)?.check_page(&page);
                PAGES
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(report.clone());
                page_verdict(&label, &report)
            },
        ));
    }

    let owned_root = root.to_owned();
    let name = "browser: search finds a chapter by a word from its body";
    trials.push(browser_trial(name.to_owned(), move || {
        let session = session(&owned_root)?;
        // `nest_asyncio` appears in the body of the event loop chapter only.
        let url = session.url("introduction.html?search=nest_asyncio");
        let found = session.with_page(async |page| browser::search_results(page, &url).await)?;
        if found.iter().any(|href| href.contains("event-loop.html")) {
            Ok(())
        } else {
            Err(format!(
                "searching for `nest_asyncio` should find event-loop.html; it found {found:?}"
            ))
        }
    }));

    let owned_root = root.to_owned();
    let titles: Vec<(String, String)> = chapters
        .iter()
        .filter_map(|c| {
            let title = c.text.lines().find_map(|l| l.strip_prefix("# "))?;
            Some((c.file.display().to_string(), title.trim().to_owned()))
        })
        .collect();
    let name = "browser: print.html contains every chapter";
    trials.push(browser_trial(name.to_owned(), move || {
        let session = session(&owned_root)?;
        let url = session.url("print.html");
        let headings = session.with_page(async |page| browser::headings(page, &url).await)?;
        let missing: Vec<String> = titles
            .iter()
            .filter(|(_, title)| !headings.iter().any(|h| h == title))
            .map(|(file, title)| format!("{file} ({title:?})"))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("print.html lacks: {}", missing.join(", ")))
        }
    }));

    let owned_root = root.to_owned();
    let name = "browser: every Rust block shows a Run button";
    trials.push(browser_trial(name.to_owned(), move || {
        let session = session(&owned_root)?;
        let url = session.url("event-loop.html");
        let (blocks, buttons) =
            session.with_page(async |page| browser::run_buttons(page, &url).await)?;
        if blocks > 0 && blocks == buttons {
            Ok(())
        } else {
            Err(format!(
                "event-loop.html: {buttons} of its {blocks} Rust blocks show a Run button"
            ))
        }
    }));
    trials
}

/// A page passes if nothing went wrong in the browser and, without
/// diagrams, it stays within the budget.
fn page_verdict(label: &str, report: &browser::PageReport) -> Result<(), String> {
    let mut problems = report.problems.clone();
    if report.diagrams == 0 && report.bytes > PAGE_BUDGET {
        let largest: Vec<String> = report
            .largest
            .iter()
            .map(|(bytes, name)| format!("{name} {} KB", bytes / 1024))
            .collect();
        problems.push(format!(
            "transfers {} KB, over the {} KB a page without diagrams may weigh \
             (largest: {})",
            report.bytes / 1024,
            PAGE_BUDGET / 1024,
            largest.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{label} ({}) in Chromium:\n  {}",
            report.page,
            problems.join("\n  ")
        ))
    }
}

/// Whether every check must run, as under CI (`CI=true`): then a missing
/// python3 or Chromium fails the checks that need it instead of skipping.
fn required() -> bool {
    env::var("CI").is_ok_and(|v| v == "true")
}

/// A check that needs python3 (see [`tool_trial`]).
fn python_trial(
    name: String,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    let tool = Tool {
        missing: &python::MISSING,
        skipped: &python::SKIPPED,
        what: "Python check",
    };
    tool_trial(name, tool, check)
}

/// A program from outside Rust that some checks need.
struct Tool {
    /// Why it cannot be used here, if it cannot.
    missing: &'static LazyLock<Option<String>>,
    /// How many checks were skipped for want of it.
    skipped: &'static AtomicUsize,
    what: &'static str,
}

/// A check that needs `tool`: when the tool is missing, the check is
/// reported as ignored with the reason (never as passed), and counted for
/// the closing note; under CI it fails instead.
fn tool_trial(
    name: String,
    tool: Tool,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::ignorable_test(name, move || match tool.missing.as_ref() {
        Some(why) if required() => Err(Failed::from(format!(
            "{why}, and under CI every {} must run",
            tool.what
        ))),
        Some(why) => {
            tool.skipped.fetch_add(1, Ordering::Relaxed);
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
                example_built(&name)?;
                let ending = if panics {
                    Ending::Panic
                } else {
                    Ending::Success
                };
                let binary = profile_dir().join("examples").join(&name);
                let mut program = Command::new(binary);
                // Where `cargo run --example` runs it.
                program.current_dir(&root);
                // The command that runs it, and what it prints, follow it.
                let Some(shown_at) = used.rust_output else {
                    return Err(format!(
                        "examples/{name}/main.rs is shown at {at}, but no console block \
                         shows `$ cargo run --example {name}` and its output"
                    ));
                };
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
                    let Some(shown_at) = used.python_output else {
                        return Err(format!(
                            "examples/{name}/main.py is shown at {at}, but no console \
                             block shows `$ python3 examples/{name}/main.py` and its output"
                        ));
                    };
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
