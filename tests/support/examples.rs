//! The example programs (`examples/<name>/main.rs`) as the checks get them:
//! the program, and for the examples whose tests a page shows, their test
//! binary (what `cargo test --example NAME` runs).
//!
//! The book's examples are built by cargo, once per run ([`Examples::Cargo`]):
//! `cargo test` has built them already, and then this is cargo's no-op
//! check, but `cargo test --test book` has not, and an example changed
//! since would otherwise be checked in its old form. A fixture book's
//! examples are no targets of the package: they are compiled by the book's
//! snippet compiler instead ([`Examples::Snippets`]), with the same
//! edition and lints. Either way a failure fails only the checks of the
//! example that did not compile, with rustc's errors for it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book_model::cargo::{self, Built};

use super::profile_dir;
use super::run::Run;
use super::rustc::{Build, Diagnostic};

pub enum Examples {
    /// Targets of the book's package, built by cargo.
    Cargo {
        programs: OnceLock<Result<(), String>>,
        tests: OnceLock<Result<Built, String>>,
    },
    /// A fixture's, compiled as snippets.
    Snippets,
}

impl Examples {
    pub fn cargo() -> Examples {
        Examples::Cargo {
            programs: OnceLock::new(),
            tests: OnceLock::new(),
        }
    }
}

impl Run {
    /// The program of example `name`, built in this run; or rustc's errors.
    pub fn example(&self, name: &str) -> Result<PathBuf, String> {
        match &self.examples {
            Examples::Cargo { programs, .. } => {
                let built = programs.get_or_init(|| build_programs(self.root()));
                if let Err(stderr) = built {
                    examples_errors(name, stderr)?;
                }
                Ok(profile_dir().join("examples").join(name))
            }
            Examples::Snippets => self.example_as_snippet(name, Build::Binary),
        }
    }

    /// The test binary of example `name`: the example compiled with
    /// `--test`, its `#[cfg(test)]` code included. cargo builds the tests
    /// of every example whose tests a page shows, in one run, on the first
    /// call.
    pub fn example_tests(&self, name: &str) -> Result<PathBuf, String> {
        let Examples::Cargo { tests, .. } = &self.examples else {
            return self.example_as_snippet(name, Build::Tests);
        };
        let built = tests
            .get_or_init(|| {
                let mut args: Vec<String> =
                    ["test", "--no-run", "--quiet", "--package", "async-book"]
                        .map(String::from)
                        .into();
                for (example, shown) in &self.book.examples {
                    if shown.has_rust && shown.test_output.is_some() {
                        args.extend(["--example".to_owned(), example.clone()]);
                    }
                }
                if profile_dir().ends_with("release") {
                    args.push("--release".to_owned());
                }
                cargo::build(self.root(), &args, true)
            })
            .as_ref()
            .map_err(Clone::clone)?;
        if let Some(binary) = built.programs.get(name) {
            return Ok(binary.clone());
        }
        let errors = built
            .diagnostics
            .get(name)
            .map_or(built.stderr.trim(), |e| e.as_str());
        Err(format!(
            "examples/{name}/main.rs does not compile as a test (`cargo test --example \
             {name}`):\n{errors}"
        ))
    }

    fn example_as_snippet(&self, name: &str, build: Build) -> Result<PathBuf, String> {
        let file = Path::new("examples").join(name).join("main.rs");
        let code = book_model::read(self.root(), &file)?;
        let label = file.display().to_string();
        let must_compile = |succeeded: bool, diagnostics: &[Diagnostic]| {
            if succeeded {
                return Ok(());
            }
            let rendered: String = diagnostics.iter().map(|d| d.rendered.as_str()).collect();
            Err(format!("{label} does not compile:\n{rendered}"))
        };
        let compiled = self.tools.compiler.compile(
            &label,
            (&label, &code),
            "an example",
            build,
            self.settings.compile_limit,
            &must_compile,
        )?;
        compiled
            .program
            .ok_or_else(|| format!("{label}: compiled, but left no program"))
    }
}

/// `cargo build --examples`, once: nothing, or what cargo said.
fn build_programs(root: &Path) -> Result<(), String> {
    let mut build = cargo::command(root);
    build.args([
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

/// Fails if example `name` is among those that did not build (cargo's
/// `stderr` says which), with rustc's errors for it.
fn examples_errors(name: &str, stderr: &str) -> Result<(), String> {
    let marker = format!("(example \"{name}\")");
    let failed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: could not compile"))
        .collect();
    if !failed.is_empty() && !failed.iter().any(|l| l.contains(&marker)) {
        return Ok(());
    }
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
