//! Building the example programs (`examples/<name>/main.rs`), once per run;
//! and, for the examples whose tests the book shows, their test binaries.
//!
//! `cargo test` has built them already, and then this is cargo's no-op
//! check; but `cargo test --test book` has not, and an example changed
//! since would otherwise be checked in its old form. A failure here fails
//! only the checks of the examples that did not compile, each with rustc's
//! errors for its own file.

use std::collections::BTreeMap;
use std::env;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use super::{profile_dir, root};

/// The binary cargo built for example `name`.
pub fn binary(name: &str) -> PathBuf {
    profile_dir().join("examples").join(name)
}

/// Fails if example `name` did not build in this run (its binary, if any,
/// is from an older build), with rustc's errors for it.
pub fn built(name: &str) -> Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    let Err(stderr) = BUILT.get_or_init(build) else {
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

fn build() -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(root()).args([
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

/// What building the examples' tests gave, per example: the test binary, or
/// rustc's errors for it.
type TestBuilds = Result<BTreeMap<String, Result<PathBuf, String>>, String>;

/// The test binary of example `name`: the program `cargo test --example
/// NAME` builds (the example compiled with `--test`, its `#[cfg(test)]`
/// code included) and runs. Examples are built that way only on request,
/// so the first call builds the tests of every example in `tested` (the
/// examples whose tests the book shows), in one cargo run; the others use
/// its result.
pub fn test_binary(name: &str, tested: &[String]) -> Result<PathBuf, String> {
    static BUILT: OnceLock<TestBuilds> = OnceLock::new();
    let built = BUILT
        .get_or_init(|| build_tests(tested))
        .as_ref()
        .map_err(Clone::clone)?;
    match built.get(name) {
        Some(Ok(binary)) => Ok(binary.clone()),
        Some(Err(errors)) => Err(format!(
            "examples/{name}/main.rs does not compile as a test (`cargo test --example \
             {name}`):\n{errors}"
        )),
        None => {
            let failed: Vec<&str> = built
                .iter()
                .filter(|(_, b)| b.is_err())
                .map(|(n, _)| n.as_str())
                .collect();
            Err(format!(
                "examples/{name}: its tests were not built: cargo stopped when the tests of \
                 {} failed to compile",
                failed.join(", ")
            ))
        }
    }
}

/// `cargo test --no-run --example A --example B ...`, read in cargo's JSON
/// messages: each built test binary, or the errors rustc gave for it.
fn build_tests(tested: &[String]) -> TestBuilds {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(root()).args([
        "test",
        "--no-run",
        "--quiet",
        "--message-format=json",
        "--package",
        "async-book",
    ]);
    for name in tested {
        build.args(["--example", name]);
    }
    if profile_dir().ends_with("release") {
        build.arg("--release");
    }
    let output = build
        .output()
        .map_err(|e| format!("cannot run cargo to build the examples' tests: {e}"))?;
    let mut built = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let target = &message["target"];
        let is_example = target["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "example"));
        let Some(name) = target["name"].as_str().filter(|_| is_example) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") if message["profile"]["test"] == true => {
                if let Some(binary) = message["executable"].as_str() {
                    built.insert(name.to_owned(), Ok(PathBuf::from(binary)));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or("");
                let slot = built.entry(name.to_owned()).or_insert(Err(String::new()));
                if let Err(errors) = slot {
                    errors.push_str(rendered);
                }
            }
            _ => {}
        }
    }
    if built.is_empty() && !output.status.success() {
        return Err(format!(
            "cargo could not build the examples' tests:\n{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(built)
}
