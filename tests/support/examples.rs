//! Building the example programs (`examples/<name>/main.rs`), once per run.
//!
//! `cargo test` has built them already, and then this is cargo's no-op
//! check; but `cargo test --test book` has not, and an example changed
//! since would otherwise be checked in its old form. A failure here fails
//! only the checks of the examples that did not compile, each with rustc's
//! errors for its own file.

use std::env;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

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
