//! The checkers, checked: each fixture under `tests/fixtures/` holds one
//! fault (or one thing that must pass), and each test here proves that the
//! checker meant to catch it does, with a message that names the place.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use libtest_mimic::Trial;

use super::blocks;
use super::markdown::{self, CodeBlock};
use super::outputs::{self, Ending};
use super::{browser, browser_trial, includes, python, run_block, scratch_dir, site, trial};

/// Set when a selftest runs this test binary again, on the fixture book it
/// names (relative to the root); the inner run checks only that book.
pub const INNER: &str = "BOOK_SELFTEST_INNER";

/// What a fixture must do: pass, or fail with a message holding every one
/// of these pieces.
enum Want {
    Pass,
    Fail(&'static [&'static str]),
}

/// The Markdown fixtures: each holds one Rust block.
const SNIPPETS: &[(&str, &str, Want)] = &[
    (
        "an edition 2024 snippet (let chains) passes",
        "let-chain.md",
        Want::Pass,
    ),
    (
        "a snippet that does not compile fails",
        "does-not-compile.md",
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
        Want::Fail(&[
            "tests/fixtures/src/panics.md:3",
            "the program failed",
            "the answer was lost",
        ]),
    ),
    (
        "a should_panic snippet that panics passes",
        "should-panic.md",
        Want::Pass,
    ),
    (
        "a should_panic snippet that does not compile fails",
        "should-panic-does-not-compile.md",
        Want::Fail(&[
            "should-panic-does-not-compile.md:3",
            "must compile first",
            "E0425",
        ]),
    ),
    (
        "a should_panic snippet that does not panic fails",
        "should-panic-finishes.md",
        Want::Fail(&["should-panic-finishes.md:3", "without panicking"]),
    ),
    (
        "a compile_fail snippet with its error code passes",
        "compile-fail.md",
        Want::Pass,
    ),
    (
        "a compile_fail snippet with another error fails",
        "compile-fail-wrong-code.md",
        Want::Fail(&[
            "compile-fail-wrong-code.md:3",
            "fails to compile with E0728",
            "E0308",
        ]),
    ),
    (
        "a compile_fail snippet that compiles fails",
        "compile-fail-compiles.md",
        Want::Fail(&["compile-fail-compiles.md:3", "but it compiles"]),
    ),
    (
        "a snippet with a warning fails",
        "warning.md",
        Want::Fail(&["warning.md:3", "does not compile", "deprecated"]),
    ),
    (
        "a snippet marked ignore fails",
        "ignore.md",
        Want::Fail(&["ignore.md:3", "remove `ignore`"]),
    ),
    (
        "a snippet that hangs is stopped and fails",
        "hangs.md",
        Want::Fail(&["hangs.md:3", "did not finish within 5 s"]),
    ),
    (
        "a snippet that includes a missing anchor fails",
        "missing-anchor.md",
        Want::Fail(&[
            "missing-anchor.md:4",
            "anchor `no-such-anchor`",
            "anchored.rs",
        ]),
    ),
    (
        "a snippet that includes a missing file fails",
        "missing-file.md",
        Want::Fail(&["missing-file.md:4", "no-such-file.rs", "cannot be read"]),
    ),
    (
        "a snippet that includes an anchor passes, hidden lines compiled",
        "anchor.md",
        Want::Pass,
    ),
];

/// The time limit for fixtures, short so that the hang test is quick.
const FIXTURE_LIMIT: Duration = Duration::from_secs(5);

pub fn trials(root: &Path) -> Vec<Trial> {
    let mut trials = Vec::new();
    for (title, file, want) in SNIPPETS {
        let root = root.to_owned();
        let file = Path::new("tests/fixtures/src").join(file);
        trials.push(trial(format!("selftest: {title}"), move || {
            let block = only_block(&root, &file)?;
            let verdict = if block.lang == "python" {
                let work = scratch_dir().join("selftest-python");
                python::run_inline(&root, &block.raw, &work, FIXTURE_LIMIT)
                    .map_err(|e| format!("{}: {e}", block.at))
            } else {
                run_block(&root, &block, FIXTURE_LIMIT)
            };
            expect(want, verdict)
        }));
    }

    // The output check, fed a shell one-liner against tests/fixtures/
    // wrong-output.txt, which holds "started" and "finished in 3.0s".
    let fixtures = root.join("tests/fixtures");
    let outputs: [(&str, &str, Ending, Want); 3] = [
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
    ];
    for (title, script, ending, want) in outputs {
        let dir = fixtures.clone();
        trials.push(trial(format!("selftest: {title}"), move || {
            let mut program = Command::new("sh");
            program.args(["-c", script]);
            let expected = dir.join("wrong-output.txt");
            let result =
                outputs::check(program, &dir, &expected, ending, None, FIXTURE_LIMIT, false);
            expect(&want, result.map(|_| ()))
        }));
    }

    let dir = fixtures.clone();
    trials.push(trial("selftest: a panic's thread id is masked, its message is not".to_owned(), move || {
        let run = |message: &str| {
            let mut program = Command::new("sh");
            let script = format!("echo \"thread 'main' ($$) panicked at src/main.rs:4:5:\"; echo '{message}'; exit 101");
            program.args(["-c", &script]);
            outputs::check(program, &dir, &dir.join("panic-output.txt"), Ending::Panic, None, FIXTURE_LIMIT, false)
        };
        expect(&Want::Pass, run("Cannot start a runtime from within a runtime.").map(|_| ()))?;
        let elsewhere = |message: &str| {
            let mut program = Command::new("sh");
            let script = format!(
                "echo \"thread 'main' ($$) panicked at /home/someone/.cargo/registry/src/x/tokio-1.99.0/src/lib.rs:1:2:\"; echo '{message}'; exit 101"
            );
            program.args(["-c", &script]);
            outputs::check(program, &dir, &dir.join("panic-in-dependency-output.txt"), Ending::Panic, None, FIXTURE_LIMIT, false)
        };
        expect(&Want::Pass, elsewhere("boom").map(|_| ()))?;
        expect(&Want::Fail(&["panic-in-dependency-output.txt:2"]), elsewhere("bang").map(|_| ()))?;
        expect(&Want::Fail(&["panic-output.txt:2", "Cannot start"]), run("Cannot stop a runtime.").map(|_| ()))
    }));

    // A missing tool: without CI the checks that need it are reported as
    // ignored and a closing note says so; under CI they fail.
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
    for (tool, filter, variable, reason, note) in tools {
        let name = format!("selftest: without {tool}, its checks are ignored, and fail under CI");
        trials.push(trial(name, move || {
            let run = |ci: &str| {
                let me = std::env::current_exe().map_err(|e| e.to_string())?;
                let output = Command::new(me)
                    .args([filter, "--test-threads", "1"])
                    .env(variable, "/no/such/program")
                    .env("CI", ci)
                    .env(INNER, "tests/fixtures/python-book")
                    .output()
                    .map_err(|e| e.to_string())?;
                let text = String::from_utf8_lossy(&output.stdout).into_owned()
                    + &String::from_utf8_lossy(&output.stderr);
                Ok::<_, String>((output.status.success(), text))
            };
            let (passed, text) = run("false")?;
            let ignored = format!("ignored (not checked: {reason}");
            if !passed || !text.contains(&ignored) || !text.contains(note) {
                return Err(format!(
                    "without CI, the run should pass and say the {tool} checks were ignored:\n{text}"
                ));
            }
            let (passed, text) = run("true")?;
            if passed || !text.contains("under CI every") {
                return Err(format!("under CI, a missing {tool} should fail the run:\n{text}"));
            }
            Ok(())
        }));
    }

    trials.push(trial(
        "selftest: an example shown without its run command fails".to_owned(),
        || {
            let me = std::env::current_exe().map_err(|e| e.to_string())?;
            let output = Command::new(me)
                .args(["examples/untold output", "--exact"])
                .env(INNER, "tests/fixtures/untold-example")
                .output()
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&output.stdout);
            let verdict = if output.status.success() {
                Ok(())
            } else {
                Err(text.into_owned())
            };
            expect(
                &Want::Fail(&[
                    "examples/untold/main.rs is shown at src/chapter.md:3",
                    "`$ cargo run --example untold`",
                ]),
                verdict,
            )
        },
    ));

    let owned_root = root.to_owned();
    trials.push(trial(
        "selftest: a should_panic block must show its panic through an example".to_owned(),
        move || {
            let inline = only_block(&owned_root, Path::new("tests/fixtures/src/should-panic.md"))?;
            expect(
                &Want::Fail(&["should-panic.md:3", "must include an example"]),
                blocks::panic_is_shown(&inline),
            )?;
            let file = Path::new("src/event-loop.md");
            let text = std::fs::read_to_string(owned_root.join(file)).map_err(|e| e.to_string())?;
            let shown = markdown::code_blocks(file, &text)
                .into_iter()
                .find(|b| b.has("should_panic"))
                .ok_or("src/event-loop.md has no should_panic block")?;
            expect(&Want::Pass, blocks::panic_is_shown(&shown))
        },
    ));

    let root_for_console = root.to_owned();
    trials.push(trial(
        "selftest: output pasted into a page fails".to_owned(),
        move || {
            let file = Path::new("tests/fixtures/src/pasted-output.md");
            let text =
                std::fs::read_to_string(root_for_console.join(file)).map_err(|e| e.to_string())?;
            let blocks = markdown::code_blocks(file, &text);
            let results: Vec<_> = blocks.iter().map(outputs::check_console_block).collect();
            match results.as_slice() {
                [Err(pasted), Ok(()), Err(elsewhere)] => {
                    expect(
                        &Want::Fail(&["pasted-output.md:5", "two lines"]),
                        Err(pasted.clone()),
                    )?;
                    expect(
                        &Want::Fail(&["pasted-output.md:18", "console` blocks only"]),
                        Err(elsewhere.clone()),
                    )
                }
                other => Err(format!(
                    "expected [fail, pass, fail] for the three blocks, got {other:?}"
                )),
            }
        },
    ));

    let book = fixtures.join("broken-book");
    trials.push(trial(
        "selftest: broken links and an unlisted chapter fail the site check".to_owned(),
        move || {
            let result = site::build_and_check(&book, &scratch_dir().join("selftest-site"));
            expect(
                &Want::Fail(&[
                    "src/orphan.md: this chapter is not listed",
                    "src/chapter.md (page chapter.html): link `missing.html` leads nowhere",
                    "link `#no-such-heading` names anchor",
                    "link `other.html#nowhere` names anchor `#nowhere`",
                ]),
                result,
            )?;
            Ok(())
        },
    ));

    let book = fixtures.join("loose-config");
    trials.push(trial(
        "selftest: a book.toml without create-missing = false fails".to_owned(),
        move || {
            let result = site::build_and_check(&book, &scratch_dir().join("selftest-config"));
            expect(
                &Want::Fail(&["create-missing = false", "edition = \"2024\""]),
                result,
            )
        },
    ));

    let owned_root = root.to_owned();
    let name = "selftest: the browser check catches a broken diagram and a console error";
    trials.push(browser_trial(name.to_owned(), move || {
        let book = scratch_dir().join("browser-book");
        copy_dir(&owned_root.join("tests/fixtures/browser-book"), &book)?;
        copy_dir(&owned_root.join("theme"), &book.join("theme"))?;
        copy_dir(&owned_root.join("src/assets"), &book.join("src/assets"))?;
        let site = book.join("site");
        site::build(&book, &site)?;
        let session = browser::Session::start(&site, &book)?;
        let reports: Vec<_> = ["good.html", "broken-diagram.html", "console-error.html"]
            .iter()
            .map(|page| session.check_page(page))
            .collect();
        session.shut_down();
        let verdict = |i: usize| match reports[i].problems.as_slice() {
            [] => Ok(()),
            problems => Err(problems.join("\n")),
        };
        expect(&Want::Pass, verdict(0))?;
        expect(
            &Want::Fail(&["diagram 1: mermaid shows its error picture"]),
            verdict(1),
        )?;
        expect(
            &Want::Fail(&["console error: an error on purpose"]),
            verdict(2),
        )
    }));

    let root_for_find = root.to_owned();
    trials.push(trial(
        "selftest: includes outside code blocks are checked too".to_owned(),
        move || {
            let file = Path::new("tests/fixtures/src/missing-anchor.md");
            let text =
                std::fs::read_to_string(root_for_find.join(file)).map_err(|e| e.to_string())?;
            let found = includes::find(file, &text, 1);
            let problems: Vec<String> = found
                .iter()
                .filter_map(|i| includes::check(&root_for_find, i).err())
                .collect();
            expect(
                &Want::Fail(&["missing-anchor.md:4", "no-such-anchor"]),
                Err(problems.join("\n")),
            )
        },
    ));
    trials
}

/// Copies the folder `from` to `to`, which is replaced.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

fn only_block(root: &Path, file: &Path) -> Result<CodeBlock, String> {
    let text =
        std::fs::read_to_string(root.join(file)).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut blocks = markdown::code_blocks(file, &text);
    match blocks.len() {
        1 => Ok(blocks.remove(0)),
        n => Err(format!(
            "{}: a fixture holds exactly one block, this one {n}",
            file.display()
        )),
    }
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
