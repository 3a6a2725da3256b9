//! Promise: the checkers catch the faults they exist for. Each selftest
//! feeds a checker a fault (a fixture under `tests/fixtures/`, or a case
//! built here) and proves that it fails, with a message that names the
//! place; or feeds it something sound and proves that it passes.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use libtest_mimic::Trial;

use crate::support::book::Book;
use crate::support::book_exercises as shared;
use crate::support::cache::{Cache, Key};
use crate::support::chromium::{CHROMIUM, Visit};
use crate::support::includes;
use crate::support::markdown::{self, CodeBlock, Location};
use crate::support::passes::Passes;
use crate::support::process::{self, Finished, Streams};
use crate::support::python::{self, PYTHON};
use crate::support::rustc::{Build, Toolchain};
use crate::support::server::{self, Server};
use crate::support::trial::{check, needs};
use crate::support::{TIME_LIMIT, scratch_dir};

use super::exercises;
use super::outputs::{self, Ending};
use super::rust_blocks::{self, BOOK, Expect, Program, Settings};
use super::{asyncio, browser, site, twins};

/// Set when a selftest runs this test binary again, on the fixture book it
/// names (relative to the root); the inner run checks only that book.
pub const INNER: &str = "BOOK_SELFTEST_INNER";

/// What a fixture must do: pass, or fail with a message holding every one
/// of these pieces.
enum Want {
    Pass,
    Fail(&'static [&'static str]),
}

/// A limit for programs that must be stopped: short, so that proving the
/// time limit works costs a fraction of a second.
const HANG_LIMIT: Duration = Duration::from_millis(300);

/// The Markdown fixtures: each holds one block (a compile_fail block may be
/// followed by the console block that shows its errors), and the limits to
/// check it with.
const BLOCKS: &[(&str, &str, Settings, Want)] = &[
    (
        "an edition 2024 snippet (let chains) passes",
        "let-chain.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a snippet that does not compile fails",
        "does-not-compile.md",
        BOOK,
        Want::Fail(&[
            "tests/fixtures/src/does-not-compile.md:3",
            "does not compile",
            "E0308",
            "does-not-compile.md:7",
        ]),
    ),
    (
        "a snippet that panics fails",
        "panics.md",
        BOOK,
        Want::Fail(&[
            "tests/fixtures/src/panics.md:3",
            "the program failed",
            "the answer was lost",
        ]),
    ),
    (
        "a should_panic snippet that panics passes",
        "should-panic.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a should_panic snippet that does not compile fails",
        "should-panic-does-not-compile.md",
        BOOK,
        Want::Fail(&[
            "should-panic-does-not-compile.md:3",
            "must compile first",
            "E0425",
        ]),
    ),
    (
        "a should_panic snippet that does not panic fails",
        "should-panic-finishes.md",
        BOOK,
        Want::Fail(&["should-panic-finishes.md:3", "without panicking"]),
    ),
    (
        "a compile_fail snippet with its error code and rustc's messages passes",
        "compile-fail.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a compile_fail snippet with no error code passes on rustc's shown message",
        "compile-fail-no-code.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a compile_fail snippet whose shown messages differ from rustc's fails",
        "compile-fail-changed.md",
        BOOK,
        Want::Fail(&[
            "compile-fail-changed.md:3",
            "is not what the page shows",
            "compile-fail-changed.txt:1",
            "only allowed inside `async` functions and blocks",
        ]),
    ),
    (
        "a compile_fail snippet without rustc's messages fails",
        "compile-fail-unshown.md",
        BOOK,
        Want::Fail(&["compile-fail-unshown.md:3", "followed by what rustc prints"]),
    ),
    (
        "a compile_fail snippet with another error fails",
        "compile-fail-wrong-code.md",
        BOOK,
        Want::Fail(&[
            "compile-fail-wrong-code.md:3",
            "fails to compile with E0728",
            "E0308",
        ]),
    ),
    (
        "a compile_fail snippet that compiles fails",
        "compile-fail-compiles.md",
        BOOK,
        Want::Fail(&["compile-fail-compiles.md:3", "but it compiles"]),
    ),
    (
        "a snippet with a warning fails",
        "warning.md",
        BOOK,
        Want::Fail(&["warning.md:3", "does not compile", "deprecated"]),
    ),
    (
        "a snippet marked ignore fails",
        "ignore.md",
        BOOK,
        Want::Fail(&["ignore.md:3", "remove `ignore`"]),
    ),
    (
        "a snippet that hangs is stopped and fails",
        "hangs.md",
        Settings {
            run_limit: HANG_LIMIT,
            ..BOOK
        },
        Want::Fail(&["hangs.md:3", "did not finish within 300ms"]),
    ),
    (
        "a snippet that includes a missing anchor fails",
        "missing-anchor.md",
        BOOK,
        Want::Fail(&[
            "missing-anchor.md:4",
            "anchor `no-such-anchor`",
            "anchored.rs",
        ]),
    ),
    (
        "a snippet that includes a missing file fails",
        "missing-file.md",
        BOOK,
        Want::Fail(&["missing-file.md:4", "no-such-file.rs", "cannot be read"]),
    ),
    (
        "a snippet that includes an anchor passes, hidden lines compiled",
        "anchor.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a Python block that hangs is stopped and fails",
        "python-hangs.md",
        Settings {
            run_limit: HANG_LIMIT,
            ..BOOK
        },
        Want::Fail(&["python-hangs.md:3", "did not finish within 300ms"]),
    ),
    (
        "a Python block runs on the virtual clock: sleeps take no time, elapsed is exact",
        "python-clock.md",
        BOOK,
        Want::Pass,
    ),
    (
        "a blocking time.sleep on the loop's thread moves the virtual clock, elsewhere it sleeps",
        "python-blocking-sleep.md",
        BOOK,
        Want::Pass,
    ),
];

pub fn checks(root: &Path) -> Vec<Trial> {
    let mut checks = Vec::new();
    for (title, file, settings, want) in BLOCKS {
        let root = root.to_owned();
        let file = Path::new("tests/fixtures/src").join(file);
        checks.push(check(format!("selftest: {title}"), move || {
            let (block, errors) = fixture_block(&root, &file)?;
            let verdict = if block.lang == "python" {
                asyncio::check_block(&root, &block, settings.run_limit)
            } else {
                rust_blocks::check_block(&root, &block, errors.as_ref(), *settings)
            };
            expect(want, verdict)
        }));
    }
    checks.extend(output_checks(root));
    checks.extend(test_output_checks(root));
    checks.extend(tool_checks());
    checks.extend(page_rule_checks(root));
    checks.extend(site_checks(root));
    checks.push(cache_check());
    checks.push(accessibility_passes_check());
    checks.push(server_check());
    checks.push(example_identity_check(root));
    checks.extend(exercise_checks(root));
    checks.extend(twin_checks(root));
    checks
}

/// The output check, fed shell one-liners against `tests/fixtures/
/// wrong-output.txt`, which holds "started" and "finished in 3.0s".
fn output_checks(root: &Path) -> Vec<Trial> {
    let fixtures = root.join("tests/fixtures");
    let cases: [(&str, &str, Ending, Want); 4] = [
        (
            "an output that differs fails",
            "echo 'started'; echo 'finished in 3.1s'",
            Ending::Success,
            Want::Fail(&[
                "wrong-output.txt:2",
                "\"finished in 3.0s\\n\"",
                "\"finished in 3.1s\\n\"",
            ]),
        ),
        (
            "an output that matches passes",
            "echo 'started'; echo 'finished in 3.0s'",
            Ending::Success,
            Want::Pass,
        ),
        (
            "a program that should panic but exits 0 fails",
            "echo 'started'; echo 'finished in 3.0s'",
            Ending::Panic,
            Want::Fail(&["should panic", "exit status: 0"]),
        ),
        (
            "a program that runs past its time limit is stopped",
            "echo 'started'; sleep 5",
            Ending::Success,
            Want::Fail(&["wrong-output.txt", "did not finish within 300ms"]),
        ),
    ];
    let mut checks = Vec::new();
    for (title, script, ending, want) in cases {
        let dir = fixtures.clone();
        checks.push(check(format!("selftest: {title}"), move || {
            let expected = dir.join("wrong-output.txt");
            expect(
                &want,
                outputs::prints(shell(script), &expected, ending, None, HANG_LIMIT, false),
            )
        }));
    }

    let dir = fixtures;
    let name = "selftest: a panic's thread id is masked, its message is not";
    checks.push(check(name, move || {
        let run = |file: &str, place: &str, message: &str| {
            let script = format!(
                "echo \"thread 'main' ($$) panicked at {place}:\"; echo '{message}'; exit 101"
            );
            let expected = dir.join(file);
            outputs::prints(
                shell(&script),
                &expected,
                Ending::Panic,
                None,
                TIME_LIMIT,
                false,
            )
        };
        let ours = "src/main.rs:4:5";
        let theirs = "/home/someone/.cargo/registry/src/x/tokio-1.99.0/src/lib.rs:1:2";
        let dependency = "panic-in-dependency-output.txt";
        let start = "Cannot start a runtime from within a runtime.";
        expect(&Want::Pass, run("panic-output.txt", ours, start))?;
        expect(&Want::Pass, run(dependency, theirs, "boom"))?;
        expect(
            &Want::Fail(&["panic-in-dependency-output.txt:2"]),
            run(dependency, theirs, "bang"),
        )?;
        expect(
            &Want::Fail(&["panic-output.txt:2", "Cannot start"]),
            run("panic-output.txt", ours, "Cannot stop a runtime."),
        )
    }));
    checks
}

/// The check of what an example's tests print, fed shell scripts that print
/// as libtest does against `tests/fixtures/test-output.txt`: two tests that
/// pass, one at a time, `finished in 0.00s`.
fn test_output_checks(root: &Path) -> Vec<Trial> {
    const HEAD: &str = "\nrunning 2 tests\ntest tests::gives_up_after_three_tries ... ";
    const SECOND: &str = "test tests::succeeds_on_the_second_try ... ok\n\n";
    const PASSED: &str =
        "test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out;";
    const FAILED: &str =
        "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out;";
    let script = |first: &str, summary: &str, took: &str, code: u8| {
        format!(
            "printf '%b' '{HEAD}{first}\\n{SECOND}{summary} finished in {took}\\n\\n'; \
             exit {code}"
        )
    };
    let cases: [(&str, String, bool, Want); 6] = [
        (
            "a test output that matches passes, its hundredths of a second masked",
            script("ok", PASSED, "0.03s", 0),
            true,
            Want::Pass,
        ),
        (
            "a shown test result that differs fails",
            script("FAILED", FAILED, "0.00s", 101),
            true,
            Want::Fail(&[
                "test-output.txt:3",
                "gives_up_after_three_tries ... ok",
                "gives_up_after_three_tries ... FAILED",
            ]),
        ),
        (
            "a test run that takes whole seconds of real time fails",
            script("ok", PASSED, "7.00s", 0),
            true,
            Want::Fail(&["test-output.txt:6", "finished in 7.<hundredths>s"]),
        ),
        (
            "a test run whose exit code contradicts its summary fails",
            script("ok", PASSED, "0.00s", 101),
            true,
            Want::Fail(&["test-output.txt", "exit status: 101", "test result: ok."]),
        ),
        (
            "several tests run in parallel fail: they finish in any order",
            script("ok", PASSED, "0.00s", 0),
            false,
            Want::Fail(&[
                "test-output.txt",
                "2 tests run in parallel",
                "--test-threads=1",
            ]),
        ),
        (
            "a test run that hangs is stopped",
            "echo; echo 'running 2 tests'; sleep 5".to_owned(),
            true,
            Want::Fail(&["test-output.txt", "did not finish within 300ms"]),
        ),
    ];
    let mut checks = Vec::new();
    for (title, script, one_at_a_time, want) in cases {
        let expected = root.join("tests/fixtures/test-output.txt");
        checks.push(check(format!("selftest: {title}"), move || {
            let verdict = outputs::tests_print(
                shell(&script),
                &expected,
                one_at_a_time,
                None,
                HANG_LIMIT,
                false,
            );
            expect(&want, verdict)
        }));
    }

    let owned_root = root.to_owned();
    checks.push(check(
        "selftest: a test output is shown under `cargo test --example` only",
        move || {
            let file = Path::new("tests/fixtures/src/test-command.md");
            let text = fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let blocks = markdown::code_blocks(file, &text);
            let results: Vec<_> = blocks
                .iter()
                .map(|b| outputs::console_block(b, None))
                .collect();
            match results.as_slice() {
                [Ok(()), Err(wrong_file), Err(unknown_args), Err(stray)] => {
                    expect(
                        &Want::Fail(&["test-command.md:12", "two lines"]),
                        Err(wrong_file.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["test-command.md:19", "two lines"]),
                        Err(unknown_args.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["test-command.md:27", "console` blocks only"]),
                        Err(stray.clone()),
                    )
                }
                other => Err(format!(
                    "expected [pass, fail, fail, fail] for the four blocks, got {other:?}"
                )),
            }
        },
    ));
    checks
}

/// A shell one-liner, run as the output check runs a program.
fn shell(script: &str) -> impl FnOnce(Duration) -> Result<Finished, String> {
    let mut program = Command::new("sh");
    program.args(["-c", script]);
    move |limit| process::run(program, b"", limit, Streams::Merged).map_err(|e| e.to_string())
}

/// A missing tool: without CI the checks that need it are reported as
/// ignored and a closing note says so; under CI they fail.
fn tool_checks() -> Vec<Trial> {
    let tools: [(&str, &str, &str, &str, &str); 2] = [
        (
            "python3",
            "python",
            "BOOK_PYTHON",
            "python3 was not found",
            "1 of the book's Python checks did NOT run",
        ),
        (
            "Chromium",
            "browser",
            "BOOK_CHROMIUM",
            "Chromium was not found",
            "browser checks did NOT run",
        ),
    ];
    let mut checks = Vec::new();
    for (tool, filter, variable, reason, note) in tools {
        let name = format!("selftest: without {tool}, its checks are ignored, and fail under CI");
        checks.push(check(name, move || {
            let run = |ci: &str| {
                let (passed, text) = inner(
                    "tests/fixtures/python-book",
                    &[filter, "--test-threads", "1"],
                    &[(variable, "/no/such/program"), ("CI", ci)],
                )?;
                Ok::<_, String>((passed, text))
            };
            let (passed, text) = run("false")?;
            let ignored = format!("ignored (not checked: {reason}");
            if !passed || !text.contains(&ignored) || !text.contains(note) {
                return Err(format!(
                    "without CI, the run should pass and say the {tool} checks were ignored:\n{text}"
                ));
            }
            let (passed, text) = run("true")?;
            if passed || !text.contains("under CI all") {
                return Err(format!("under CI, a missing {tool} should fail the run:\n{text}"));
            }
            Ok(())
        }));
    }
    checks
}

/// Runs this test binary on the fixture book `book`, with `args` and the
/// environment `vars`: whether it passed, and all it printed.
fn inner(book: &str, args: &[&str], vars: &[(&str, &str)]) -> Result<(bool, String), String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(me);
    command.args(args).env(INNER, book);
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Ok((output.status.success(), text))
}

/// The rules about what a page may show.
fn page_rule_checks(root: &Path) -> Vec<Trial> {
    let mut checks = Vec::new();
    checks.push(check(
        "selftest: an example shown without its run command fails",
        || {
            let (passed, text) = inner(
                "tests/fixtures/untold-example",
                &["examples/untold output", "--exact"],
                &[],
            )?;
            expect(
                &Want::Fail(&[
                    "examples/untold/main.rs is shown at src/chapter.md:3",
                    "`$ cargo run --example untold`",
                ]),
                if passed { Ok(()) } else { Err(text) },
            )
        },
    ));

    let owned_root = root.to_owned();
    checks.push(check(
        "selftest: a should_panic block must show its panic through an example",
        move || {
            let file = Path::new("tests/fixtures/src/should-panic.md");
            let (inline, _) = fixture_block(&owned_root, file)?;
            expect(
                &Want::Fail(&["should-panic.md:3", "must include an example"]),
                rust_blocks::panic_is_shown(&inline),
            )?;
            let file = Path::new("src/event-loop.md");
            let text = fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let shown = markdown::code_blocks(file, &text)
                .into_iter()
                .find(|b| b.has("should_panic"))
                .ok_or("src/event-loop.md has no should_panic block")?;
            expect(&Want::Pass, rust_blocks::panic_is_shown(&shown))
        },
    ));

    let owned_root = root.to_owned();
    checks.push(check(
        "selftest: a client run must show the servers' transcript, included",
        move || {
            let file = Path::new("tests/fixtures/src/client-run.md");
            let text = fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let blocks = markdown::code_blocks(file, &text);
            let results: Vec<_> = blocks
                .iter()
                .map(|b| outputs::console_block(b, None))
                .collect();
            match results.as_slice() {
                [Ok(()), Err(other), Err(pasted), Err(elsewhere)] => {
                    expect(
                        &Want::Fail(&[
                            "client-run.md:12",
                            "examples/service-server/client-output.txt",
                        ]),
                        Err(other.clone()),
                    )?;
                    expect(
                        &Want::Fail(&[
                            "client-run.md:19",
                            "examples/service-server/client-output.txt",
                        ]),
                        Err(pasted.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["client-run.md:27", "console` blocks only"]),
                        Err(elsewhere.clone()),
                    )
                }
                other => Err(format!(
                    "expected [pass, fail, fail, fail] for the four blocks, got {other:?}"
                )),
            }
        },
    ));

    let owned_root = root.to_owned();
    checks.push(check(
        "selftest: output pasted into a page fails",
        move || {
            let file = Path::new("tests/fixtures/src/pasted-output.md");
            let text = fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let blocks = markdown::code_blocks(file, &text);
            let results: Vec<_> = blocks
                .iter()
                .map(|b| outputs::console_block(b, None))
                .collect();
            match results.as_slice() {
                [Err(pasted), Ok(()), Err(elsewhere), Err(stray)] => {
                    expect(
                        &Want::Fail(&["pasted-output.md:5", "two lines"]),
                        Err(pasted.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["pasted-output.md:18", "console` blocks only"]),
                        Err(elsewhere.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["pasted-output.md:21", "must be marked compile_fail"]),
                        Err(stray.clone()),
                    )
                }
                other => Err(format!(
                    "expected [fail, pass, fail, fail] for the four blocks, got {other:?}"
                )),
            }
        },
    ));

    let owned_root = root.to_owned();
    checks.push(check(
        "selftest: includes outside code blocks are checked too",
        move || {
            let file = Path::new("tests/fixtures/src/missing-anchor.md");
            let text = fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let problems: Vec<String> = includes::find(file, &text, 1)
                .iter()
                .filter_map(|i| includes::check(&owned_root, i).err())
                .collect();
            expect(
                &Want::Fail(&["missing-anchor.md:4", "no-such-anchor"]),
                Err(problems.join("\n")),
            )
        },
    ));
    checks
}

/// The site checks, and the browser's, on broken fixture books.
fn site_checks(root: &Path) -> Vec<Trial> {
    let mut checks = Vec::new();
    let book = root.join("tests/fixtures/broken-book");
    checks.push(check(
        "selftest: broken links and an unlisted chapter fail the site check",
        move || {
            expect(
                &Want::Fail(&[
                    "src/orphan.md: this chapter is not listed",
                    "src/chapter.md (page chapter.html): link `missing.html` leads nowhere",
                    "link `#no-such-heading` names anchor",
                    "link `other.html#nowhere` names anchor `#nowhere`",
                ]),
                site::build_and_check(&book, &scratch_dir().join("selftest-site")),
            )
        },
    ));

    let book = root.join("tests/fixtures/loose-config");
    checks.push(check(
        "selftest: a book.toml without create-missing = false fails",
        move || {
            expect(
                &Want::Fail(&["create-missing = false", "edition = \"2024\""]),
                site::build_and_check(&book, &scratch_dir().join("selftest-config")),
            )
        },
    ));

    let manifest = root.join("tests/fixtures/lenient-manifest/Cargo.toml");
    checks.push(check(
        "selftest: examples built without denying warnings fail",
        move || {
            expect(
                &Want::Fail(&["lenient-manifest/Cargo.toml", "warnings = \"deny\""]),
                rust_blocks::examples_are_strict(&manifest),
            )
        },
    ));

    let owned_root = root.to_owned();
    let name = "selftest: the browser checks catch a broken diagram, a console error, a \
                failed search, a Run button that leaves out hidden lines and an \
                accessibility fault";
    checks.push(needs(&CHROMIUM, name, move || {
        let book = scratch_dir().join("browser-book");
        copy_dir(&owned_root.join("tests/fixtures/browser-book"), &book)?;
        copy_dir(&owned_root.join("theme"), &book.join("theme"))?;
        copy_dir(&owned_root.join("src/assets"), &book.join("src/assets"))?;
        let site = book.join("site");
        site::build(&book, &site)?;
        let server = Server::start(&site)?;
        let chromium = browser::chromium()?;
        let check = |page: &str, run: Option<usize>, search: Option<&str>| {
            let visit = Visit {
                run,
                search,
                accessibility: true,
            };
            chromium.check_page(page, &server.url(page), &server.address, &visit)
        };
        expect(
            &Want::Fail(&["diagram 1: mermaid shows its error picture"]),
            browser::page_verdict("broken", &check("broken-diagram.html", None, None), None),
        )?;
        // The same load tries the search: "keyword" is a word of the
        // broken-diagram page only.
        let console = check("console-error.html", None, Some("keyword"));
        expect(
            &Want::Fail(&["console error: an error on purpose"]),
            browser::page_verdict("console", &console, None),
        )?;
        let searched = ("console-error.html", "keyword");
        let found = console.search_results.as_deref();
        expect(
            &Want::Pass,
            browser::search_verdict(searched, found, "broken-diagram.html"),
        )?;
        expect(
            &Want::Fail(&["searching for `keyword` should find nowhere.html"]),
            browser::search_verdict(searched, found, "nowhere.html"),
        )?;

        // The Run button is chosen and checked as on the book's pages: the
        // page sends the visible lines only, and shows rustc's error where
        // the example's output should be.
        let fixture = Book::load(&book);
        let chapter = fixture
            .chapters
            .iter()
            .find(|c| c.file.ends_with("hidden-lines.md"))
            .ok_or("the fixture book has no hidden-lines.md")?;
        let run = browser::run_plan(&book, chapter)
            .ok_or("hidden-lines.md: no block to press Run on was chosen")?
            .resolve(&book)?;
        let pressed = check("hidden-lines.html", Some(run.block), None);
        expect(
            &Want::Fail(&[
                "src/hidden-lines.md:9: after Run, the output area does not show \
                 examples/hidden-lines/output.txt",
                "\"hello from a hidden line\\n\"",
                "error[E0425]: cannot find function `greeting`",
            ]),
            browser::page_verdict("hidden", &pressed, Some(&run)),
        )?;

        expect(
            &Want::Fail(&[
                "accessibility, light theme: button-name (critical)",
                ".nameless",
            ]),
            browser::page_verdict("nameless", &check("nameless-button.html", None, None), None),
        )
    }));
    checks
}

/// The compile cache: what changes a result changes the key; a sound entry
/// is used; a corrupt or foreign entry, and a failure, are never used.
fn cache_check() -> Trial {
    check(
        "selftest: the compile cache recompiles what changed, and never keeps a failure",
        move || {
            let dir = scratch_dir().join("selftest-cache");
            let _ = fs::remove_dir_all(&dir);
            let cache = Cache::at(&dir);
            let toolchain = Toolchain::get()?;
            let program = |code: &str| Program {
                at: Location {
                    file: PathBuf::from("tests/fixtures/src/cache.md"),
                    line: 1,
                },
                code: code.to_owned(),
                origins: Vec::new(),
                wrapped: false,
            };
            let good = program("fn main() {}\n");
            let fresh = |toolchain: &Toolchain, program: &Program| {
                rust_blocks::compile(&cache, toolchain, program, &Expect::Success, TIME_LIMIT)
                    .map(|c| c.fresh)
            };
            let key = |toolchain: &Toolchain, code: &str| {
                Key::new(
                    &toolchain.fingerprint(),
                    &format!("{:?}", Expect::Success),
                    code,
                )
            };

            // A sound entry is used.
            if !fresh(toolchain, &good)? || fresh(toolchain, &good)? {
                return Err(
                    "the second compilation of a program should come from the cache".into(),
                );
            }
            // The code, the flags, a dependency's build, and the expectation
            // are all part of the key.
            let base = key(toolchain, &good.code);
            if key(toolchain, "fn main() { }\n") == base {
                return Err("changing the code must change the key".into());
            }
            let mut flags = toolchain.clone();
            flags
                .args
                .extend(["-C".to_owned(), "overflow-checks=on".to_owned()]);
            if key(&flags, &good.code) == base {
                return Err("changing the flags must change the key".into());
            }
            let library = dir.join("libdependency.rlib");
            fs::write(&library, b"a dependency").map_err(|e| e.to_string())?;
            let mut linked = toolchain.clone();
            linked.args.extend([
                "--extern".to_owned(),
                format!("dependency={}", library.display()),
            ]);
            let before = key(&linked, &good.code);
            let later = SystemTime::now() + Duration::from_secs(2);
            fs::File::options()
                .write(true)
                .open(&library)
                .and_then(|f| f.set_modified(later))
                .map_err(|e| e.to_string())?;
            if key(&linked, &good.code) == before {
                return Err("rebuilding a dependency must change the key".into());
            }
            if Key::new(&toolchain.fingerprint(), "Panic", &good.code) == base {
                return Err("changing what the page expects must change the key".into());
            }
            let tests = toolchain.fingerprint_of(Build::Tests);
            if Key::new(&tests, &format!("{:?}", Expect::Success), &good.code) == base {
                return Err("compiling the tests (`--test`) must change the key".into());
            }

            // A corrupt entry is ignored and rebuilt: its record, then its program.
            let entry = dir.join(base.as_str());
            fs::write(entry.join("entry.json"), "{ not json").map_err(|e| e.to_string())?;
            if !fresh(toolchain, &good)? {
                return Err("an entry whose record is corrupt must be ignored".into());
            }
            fs::write(entry.join("program"), b"not a program").map_err(|e| e.to_string())?;
            if !fresh(toolchain, &good)? || fresh(toolchain, &good)? {
                return Err("an entry whose program changed must be ignored, then rebuilt".into());
            }
            // A foreign entry (another key's, under this key's name) is ignored.
            let other = program("fn main() { println!(); }\n");
            let other_key = key(toolchain, &other.code);
            copy_dir(&entry, &dir.join(other_key.as_str()))?;
            if !fresh(toolchain, &other)? {
                return Err("an entry recorded for another key must be ignored".into());
            }
            // A failure is never kept.
            let broken = program("fn main() { let x: u8 = \"text\"; }\n");
            let failed =
                rust_blocks::compile(&cache, toolchain, &broken, &Expect::Success, TIME_LIMIT);
            let kept = cache.get(&key(toolchain, &broken.code)).is_some();
            if failed.is_ok() || kept {
                return Err(
                    "a program that fails as the page does not expect must not be kept".into(),
                );
            }
            Ok(())
        },
    )
}

/// A page that axe-core passed is not checked again while its key stands:
/// the key changes with what the page shows and the block it runs, not with
/// the hashes in mdBook's file names; a sweep keeps only the passes a run
/// used.
fn accessibility_passes_check() -> Trial {
    check(
        "selftest: an accessibility pass is kept for its page as it was, and swept once unused",
        || {
            let page = |file: &str, text: &str| {
                format!("<script src=\"{file}\"></script><p>{text}</p>").into_bytes()
            };
            let key = |html: &[u8], block| {
                browser::page_key("site files", "chapter.html", html, block)
                    .ok_or("axe-core's script cannot be read")
            };
            let first = key(&page("book-609e4cb8.js", "A page."), None)?;
            if key(&page("book-0123abcd.js", "A page."), None)? != first {
                return Err("the hash in a file's name must not change the key".into());
            }
            let edited = key(&page("book-609e4cb8.js", "An edited page."), None)?;
            if edited == first {
                return Err("changing what a page shows must change its key".into());
            }
            if key(&page("book-609e4cb8.js", "A page."), Some(0))? == first {
                return Err(
                    "changing the block whose Run button is pressed must change the key".into(),
                );
            }
            if browser::page_key(
                "other site files",
                "chapter.html",
                &page("b.js", "A page."),
                None,
            ) == browser::page_key("site files", "chapter.html", &page("b.js", "A page."), None)
            {
                return Err("changing another file of the site must change the key".into());
            }

            let dir = scratch_dir().join("selftest-passes");
            let _ = fs::remove_dir_all(&dir);
            let run = Passes::at(dir.clone());
            run.record(&first);
            run.record(&edited);
            let next = Passes::at(dir.clone());
            if !next.passed(&first) {
                return Err("a recorded pass must be found by the next run".into());
            }
            // The next run used only `first`: a sweep drops `edited`.
            next.sweep();
            let after = Passes::at(dir);
            if !after.passed(&first) || after.passed(&edited) {
                return Err("a sweep must keep the passes the run used, and only those".into());
            }
            Ok(())
        },
    )
}

/// The browser checks' server answers for files inside the site only.
fn server_check() -> Trial {
    check(
        "selftest: the server serves files inside the site and nothing else",
        || {
            let dir = scratch_dir().join("selftest-server");
            let site = dir.join("site");
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(site.join("sub")).map_err(|e| e.to_string())?;
            fs::write(site.join("page.html"), "a page").map_err(|e| e.to_string())?;
            fs::write(site.join("sub/index.html"), "a folder's page").map_err(|e| e.to_string())?;
            fs::write(dir.join("secret.txt"), "outside the site").map_err(|e| e.to_string())?;
            std::os::unix::fs::symlink(dir.join("secret.txt"), site.join("link.txt"))
                .map_err(|e| e.to_string())?;
            let server = Server::start(&site)?;
            let cases = [
                ("/page.html", 200),
                ("/page.html?search=x#top", 200),
                ("/sub/", 200),
                ("/%70age.html", 200),
                ("/../secret.txt", 404),
                ("/sub/../../secret.txt", 404),
                ("/%2e%2e/secret.txt", 404),
                ("/..%2fsecret.txt", 404),
                ("/..%5csecret.txt", 404),
                ("//etc/passwd", 404),
                ("/link.txt", 404),
                ("/page.html%00", 404),
                ("/%zz", 404),
                ("page.html", 404),
            ];
            let mut wrong = Vec::new();
            for (target, want) in cases {
                let got = server::get_status(&server.address, target).map_err(|e| e.to_string())?;
                if got != want {
                    wrong.push(format!("GET {target}: {got}, not {want}"));
                }
            }
            if wrong.is_empty() {
                Ok(())
            } else {
                Err(wrong.join("\n"))
            }
        },
    )
}

/// A block that shows an example whole is the example (not compiled again);
/// a block that shows part of one, or adds to it, is a program of its own.
fn example_identity_check(root: &Path) -> Trial {
    let root = root.to_owned();
    check(
        "selftest: only a block that shows an example whole stands for the example",
        move || {
            let file = Path::new("tests/fixtures/src/example-blocks.md");
            let text = fs::read_to_string(root.join(file)).map_err(|e| e.to_string())?;
            let blocks = markdown::code_blocks(file, &text);
            let found: Vec<Option<String>> = blocks
                .iter()
                .map(|b| rust_blocks::shows_example_whole(&root, b, &Program::of(&root, b)))
                .collect();
            let whole = Some("event-loop-hello".to_owned());
            if found == [whole, None, None] {
                Ok(())
            } else {
                Err(format!(
                    "{}: expected [the example whole, a part of it, the example with a \
                     line added] to be [event-loop-hello, its own, its own]; got {found:?}",
                    file.display()
                ))
            }
        },
    )
}

/// The twin check, fed `tests/fixtures/twin/`: a client that asks a server
/// one question, and a server that answers it (`--differ`: differently;
/// `--hang`: and never stops).
fn twin_checks(root: &Path) -> Vec<Trial> {
    let fixture = |file: &str| Path::new("tests/fixtures/twin").join(file);
    let server = move |flags: &[&str]| -> Result<Vec<OsString>, String> {
        let mut command = vec![python::interpreter()?.into_os_string()];
        command.push(fixture("server.py").into_os_string());
        command.extend(flags.iter().map(OsString::from));
        Ok(command)
    };
    let run = move |root: &Path, rust: &[&str], asyncio: &[&str], limit| {
        twins::same_transcript(
            root,
            &fixture("client.py"),
            [
                ("the Rust server".to_owned(), server(rust)?),
                ("the asyncio server".to_owned(), server(asyncio)?),
            ],
            &root.join(fixture("transcript.txt")),
            None,
            limit,
            false,
        )
    };
    let mut checks = Vec::new();
    let cases: [(&str, &[&str], &[&str], Want); 3] = [
        (
            "two servers that answer alike pass the twin check",
            &[],
            &[],
            Want::Pass,
        ),
        (
            "the twin check fails when the asyncio server answers differently",
            &[],
            &["--differ"],
            Want::Fail(&[
                "the asyncio server answered differently",
                "transcript.txt:1",
                "\"< PANG\\n\"",
            ]),
        ),
        (
            "the twin check fails when the Rust server answers differently",
            &["--differ"],
            &[],
            Want::Fail(&["the Rust server answered differently", "transcript.txt:1"]),
        ),
    ];
    for (title, rust, asyncio, want) in cases {
        let root = root.to_owned();
        checks.push(needs(&PYTHON, format!("selftest: {title}"), move || {
            expect(&want, run(&root, rust, asyncio, TIME_LIMIT))
        }));
    }

    let root = root.to_owned();
    let title = "selftest: the twin check stops a server that never stops, at its limit";
    checks.push(needs(&PYTHON, title, move || {
        let dir = scratch_dir().join("selftest-twin");
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let pid_file = dir.join("server.pid");
        let _ = fs::remove_file(&pid_file);
        let path = pid_file.to_str().ok_or("a scratch path is UTF-8")?;
        // Long enough for the client's interpreter to start and start the
        // server even on a heavily loaded machine (3 s failed 1 run in 12
        // at a load average of 11).
        let limit = Duration::from_secs(10);
        expect(
            &Want::Fail(&[
                "the Rust server",
                "did not finish within 10s",
                "with the server",
            ]),
            run(&root, &["--hang", path], &[], limit),
        )?;
        let pid: libc::pid_t = fs::read_to_string(&pid_file)
            .map_err(|e| format!("the server never wrote {}: {e}", pid_file.display()))?
            .trim()
            .parse()
            .map_err(|e| format!("{}: {e}", pid_file.display()))?;
        // Killed with its group; whoever adopted it reaps it soon after.
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while !twins::is_gone(pid) {
            if std::time::Instant::now() >= deadline {
                return Err(format!("the server (process {pid}) is still running"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }));
    checks
}

/// Copies the folder `from` to `to`, which is replaced.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// The first block of a fixture, and the file that the console block after
/// it shows as rustc's messages, if one does.
fn fixture_block(
    root: &Path,
    file: &Path,
) -> Result<(CodeBlock, Option<includes::Include>), String> {
    let text =
        fs::read_to_string(root.join(file)).map_err(|e| format!("{}: {e}", file.display()))?;
    let blocks = markdown::code_blocks(file, &text);
    let errors = rust_blocks::shown_errors(&blocks, 0);
    let first = blocks
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: a fixture holds a block", file.display()))?;
    Ok((first, errors))
}

/// Compares a checker's verdict with what the fixture wants.
fn expect(want: &Want, got: Result<(), String>) -> Result<(), String> {
    match (want, got) {
        (Want::Pass, Ok(())) => Ok(()),
        (Want::Pass, Err(message)) => Err(format!(
            "the checker should pass this fixture, but said:\n{message}"
        )),
        (Want::Fail(_), Ok(())) => {
            Err("the checker should fail this fixture, but it passed".to_owned())
        }
        (Want::Fail(pieces), Err(message)) => {
            let missing: Vec<_> = pieces.iter().filter(|p| !message.contains(*p)).collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the checker failed as it should, but its message lacks {missing:?}:\n{message}"
                ))
            }
        }
    }
}

/// The exercise checks, on the fixture book `tests/fixtures/exercise-book`
/// (a sound exercise, one whose starter already passes, one whose solution
/// prints something else than its output.txt, one without its example; the
/// same three for exercises whose answer is a test, against their
/// test-output.txt; a chapter without one, an index that lacks an entry);
/// the verdict's exact words; and the reader's copy of every block, the
/// same program as the tests compile.
fn exercise_checks(root: &Path) -> Vec<Trial> {
    let book_root = root.join("tests/fixtures/exercise-book");
    let cases: [(&str, &str, Want); 7] = [
        (
            "a sound exercise passes",
            "chapter-exercise-sound",
            Want::Pass,
        ),
        (
            "an exercise whose starter already passes fails",
            "chapter-exercise-solved",
            Want::Fail(&[
                "src/chapter.md:37: the starter of exercise `chapter-exercise-solved`",
                "already prints what a correct answer prints",
            ]),
        ),
        (
            "an exercise whose solution prints something else fails",
            "chapter-exercise-differs",
            Want::Fail(&[
                "src/chapter.md:",
                "examples/chapter-exercise-differs/main.rs, does not pass the checker",
                "line 1 differs:",
                "expected: \"hello, world\"",
                "printed:  \"hello\"",
            ]),
        ),
        (
            "an exercise without its example fails",
            "chapter-exercise-missing",
            Want::Fail(&[
                "src/chapter.md:",
                "examples/chapter-exercise-missing/main.rs does not exist",
            ]),
        ),
        (
            "a sound test exercise passes: its starter's tests fail, its solution's pass",
            "chapter-exercise-test",
            Want::Pass,
        ),
        (
            "a test exercise whose starter's tests already pass fails",
            "chapter-exercise-test-solved",
            Want::Fail(&[
                "src/chapter.md:154: the starter's tests of exercise \
                 `chapter-exercise-test-solved`",
                "already print what a correct answer prints, \
                 examples/chapter-exercise-test-solved/test-output.txt",
            ]),
        ),
        (
            "a test exercise whose solution's tests print something else fails",
            "chapter-exercise-test-differs",
            Want::Fail(&[
                "src/chapter.md:189:",
                "examples/chapter-exercise-test-differs/main.rs (its tests), does not pass \
                 the checker",
                "line 3 differs:",
                "expected: \"test tests::doubles_twenty_one ... ok\"",
                "printed:  \"test tests::doubles ... ok\"",
            ]),
        ),
    ];
    let mut checks = Vec::new();
    for (title, name, want) in cases {
        let book_root = book_root.clone();
        checks.push(check(format!("selftest: {title}"), move || {
            let book = Book::load(&book_root);
            let found = exercises::exercises(&book);
            let exercise = found
                .iter()
                .find(|e| e.name == name)
                .ok_or_else(|| format!("the fixture book has no exercise {name}"))?;
            expect(&want, exercises::check_exercise(&book_root, exercise))
        }));
    }

    let owned = book_root.clone();
    checks.push(check(
        "selftest: the practice page's index check catches a missing entry",
        move || {
            expect(
                &Want::Fail(&[
                    "src/practice.md:6: the index does not list exactly",
                    "missing: exercise `chapter-exercise-differs` at src/chapter.md:",
                    "chapter.md#exercise-a-solution-whose-outputtxt-is-not-what-it-prints",
                    "`cargo xtask bless` rewrites the index",
                ]),
                exercises::check_index(&owned, false),
            )
        },
    ));

    let owned = book_root;
    checks.push(check(
        "selftest: the chapters without an exercise are listed, and only those",
        move || {
            let verdict = exercises::every_chapter_has_one(&owned);
            if let Err(message) = &verdict
                && (message.contains("introduction.md") || message.contains("practice.md"))
            {
                return Err(format!(
                    "prefix chapters and the practice page need no exercise:\n{message}"
                ));
            }
            expect(
                &Want::Fail(&[
                    "1 of the 2 chapters",
                    "src/other.md (A chapter without an exercise)",
                ]),
                verdict,
            )
        },
    ));

    checks.push(check(
        "selftest: the checker's verdicts read exactly so",
        verdict_texts,
    ));

    let owned = root.to_owned();
    checks.push(check(
        "selftest: the reader's copy of every block is the program the tests compile",
        move || copies_are_programs(&owned),
    ));
    checks
}

/// What `cargo xtask exercise` says, word for word, for a few outputs.
fn verdict_texts() -> Result<(), String> {
    use shared::Ending::{Failure, Stopped, Success};
    let heartbeat = "0.00s saving started\n0.10s heartbeat\n0.20s heartbeat\n\
                     0.25s saving finished\n0.30s heartbeat\n";
    let blocked = "0.00s saving started\n0.00s saving finished\n0.10s heartbeat\n\
                   0.20s heartbeat\n0.30s heartbeat\n";
    let panicked = "fetching\nthread 'tokio-runtime-worker' (4242) panicked at \
                    examples/tasks-exercise-x/main.rs:12:9:\nno such page\nrecovered\n";
    let cases: [(&str, &str, &str, shared::Ending, bool, &str); 8] = [
        (
            "a wrong output",
            heartbeat,
            blocked,
            Success,
            false,
            "line 2 differs:\n  \
             expected: \"0.10s heartbeat\"\n  \
             printed:  \"0.00s saving finished\"\n\
             (5 lines expected, 5 printed)",
        ),
        (
            "a right output",
            heartbeat,
            heartbeat,
            Success,
            true,
            "it prints what a correct answer prints (5 lines)",
        ),
        (
            "an output cut short by a panic",
            heartbeat,
            "0.00s saving started\nthread 'main' (31) panicked at src/bin/x.rs:1:1:\n",
            Failure("exit status: 101 (a panic)".to_owned()),
            false,
            "it ended with exit status: 101 (a panic)\n\
             line 2 differs:\n  \
             expected: \"0.10s heartbeat\"\n  \
             printed:  \"thread 'main' (31) panicked at src/bin/x.rs:1:1:\"\n\
             (5 lines expected, 2 printed)",
        ),
        (
            "an output that stops early",
            heartbeat,
            "0.00s saving started\n",
            Stopped(std::time::Duration::from_secs(20)),
            false,
            "it did not finish within 20 s, so it was stopped: it waits for something \
             that never happens, or never stops\n\
             line 2 differs:\n  \
             expected: \"0.10s heartbeat\"\n  \
             printed:  nothing: the output ends after line 1\n\
             (5 lines expected, 1 printed)",
        ),
        (
            "a last line without its line end",
            heartbeat,
            "0.00s saving started\n0.10s heartbeat\n0.20s heartbeat\n\
             0.25s saving finished\n0.30s heartbeat",
            Success,
            false,
            "line 5 differs:\n  \
             expected: \"0.30s heartbeat\\n\"\n  \
             printed:  \"0.30s heartbeat\"\n\
             (5 lines expected, 5 printed)",
        ),
        (
            "the right output from a program that fails",
            heartbeat,
            heartbeat,
            Failure("exit status: 1".to_owned()),
            false,
            "it prints what a correct answer prints, but it ended with exit status: 1",
        ),
        (
            "a task's panic with another thread id, in another file and line",
            panicked,
            "fetching\nthread 'tokio-runtime-worker' (77) panicked at \
             exercises/src/bin/tasks-exercise-x.rs:10:9:\nno such page\nrecovered\n",
            Success,
            true,
            "it prints what a correct answer prints (4 lines)",
        ),
        (
            "a task's panic with another message",
            panicked,
            "fetching\nthread 'tokio-runtime-worker' (77) panicked at \
             exercises/src/bin/tasks-exercise-x.rs:10:9:\nboom\nrecovered\n",
            Success,
            false,
            "line 3 differs:\n  \
             expected: \"no such page\"\n  \
             printed:  \"boom\"\n\
             (4 lines expected, 4 printed)",
        ),
    ];
    let program = cases.map(|case| (case, shared::Answer::Program));

    // An exercise whose answer is a test: the hundredths of a second of
    // libtest's summary are not compared, its whole seconds are.
    let one_test = "\nrunning 1 test\ntest tests::retries ... ok\n\n\
                    test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered \
                    out; finished in 0.00s\n\n";
    let no_test = "\nrunning 0 tests\n\n\
                   test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered \
                   out; finished in 0.00s\n\n";
    let failed = "\nrunning 1 test\ntest tests::retries ... FAILED\n";
    let tests: [(&str, &str, &str, shared::Ending, bool, &str); 4] = [
        (
            "tests that print the same but for the hundredths of a second",
            one_test,
            &one_test.replace("0.00s", "0.14s"),
            Success,
            true,
            "its tests print what a correct answer's tests print (6 lines)",
        ),
        (
            "tests that take seconds of real time",
            one_test,
            &one_test.replace("0.00s", "7.00s"),
            Success,
            false,
            "line 5 differs:\n  \
             expected: \"test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 \
             filtered out; finished in 0.00s\"\n  \
             printed:  \"test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 \
             filtered out; finished in 7.00s\"\n\
             (6 lines expected, 6 printed)",
        ),
        (
            "a starter without a test",
            one_test,
            no_test,
            Success,
            false,
            "line 2 differs:\n  \
             expected: \"running 1 test\"\n  \
             printed:  \"running 0 tests\"\n\
             (6 lines expected, 5 printed)",
        ),
        (
            "a test that fails",
            one_test,
            failed,
            Failure("exit status: 101 (a test failed)".to_owned()),
            false,
            "its tests ended with exit status: 101 (a test failed)\n\
             line 3 differs:\n  \
             expected: \"test tests::retries ... ok\"\n  \
             printed:  \"test tests::retries ... FAILED\"\n\
             (6 lines expected, 3 printed)",
        ),
    ];
    let tests = tests.map(|case| {
        let answer = shared::Answer::Tests {
            args: vec!["--test-threads=1".to_owned()],
        };
        (case, answer)
    });

    for ((what, expected, printed, ending, passes, text), answer) in
        program.into_iter().chain(tests)
    {
        let verdict = shared::verdict(expected.as_bytes(), printed.as_bytes(), &ending, &answer);
        if verdict.passed() != passes || verdict.text() != text {
            return Err(format!(
                "for {what}, the verdict should be {} with the text\n{text}\nbut it is {} \
                 with the text\n{}",
                if passes { "a pass" } else { "a failure" },
                if verdict.passed() {
                    "a pass"
                } else {
                    "a failure"
                },
                verdict.text()
            ));
        }
    }
    Ok(())
}

/// The reader's copy that `cargo xtask exercise` makes of a block (its own
/// include expansion, in `support::book_exercises`) is the program the
/// tests compile for it (mdBook's expansion): for every Rust block of the
/// book and of the fixtures, `exercise-includes.md` with every include form
/// among them.
fn copies_are_programs(root: &Path) -> Result<(), String> {
    let mut files = crate::support::book::markdown_files(root, Path::new("src"));
    files.extend(crate::support::book::markdown_files(
        root,
        Path::new("tests/fixtures/src"),
    ));
    let mut problems = Vec::new();
    let mut compared = 0;
    for file in files {
        let text = fs::read_to_string(root.join(&file)).map_err(|e| e.to_string())?;
        for block in markdown::code_blocks(&file, &text) {
            if block.lang != "rust" {
                continue;
            }
            let unreadable = crate::support::book::includes_of(&block)
                .iter()
                .any(|i| fs::read_to_string(root.join(&i.file)).is_err());
            match shared::program(root, &file, &block.raw) {
                Ok(copy) => {
                    compared += 1;
                    let tested = Program::of(root, &block).code;
                    if copy != tested {
                        problems.push(format!(
                            "{}: the copy is\n{copy}\nbut the tests compile\n{tested}",
                            block.at
                        ));
                    }
                }
                Err(_) if unreadable => {}
                Err(e) => problems.push(format!("{}: {e}", block.at)),
            }
        }
    }
    if compared < 20 {
        problems.push(format!("only {compared} blocks were compared"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
