//! The example programs as the checks get them: the program, and its test
//! binary (what `cargo test --example NAME` runs). The book's are built by
//! cargo, once per run (`cargo test --test book` would otherwise check an
//! example changed since in its old form); a fixture's, which are no targets
//! of the package, by the snippet compiler. A failure fails only the checks
//! of the example that did not compile, with rustc's errors for it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book_model::cargo::{self, Built};

use super::profile_dir;
use super::run::Run;
use super::rustc::{Build, Diagnostic};

pub enum Examples {
    /// Targets of the package, built by cargo: the programs, and the tests of
    /// the examples whose tests a page shows.
    Cargo([OnceLock<Result<Built, String>>; 2]),
    Snippets,
}

impl Examples {
    pub fn cargo() -> Examples {
        Examples::Cargo([OnceLock::new(), OnceLock::new()])
    }
}

impl Run {
    pub fn example(&self, name: &str) -> Result<PathBuf, String> {
        self.built(name, Build::Binary)
    }

    /// Example `name` compiled with `--test`, its `#[cfg(test)]` code in.
    pub fn example_tests(&self, name: &str) -> Result<PathBuf, String> {
        self.built(name, Build::Tests)
    }

    fn built(&self, name: &str, build: Build) -> Result<PathBuf, String> {
        let Examples::Cargo(slots) = &self.examples else {
            return self.example_as_snippet(name, build);
        };
        let tests = build == Build::Tests;
        let built = slots[usize::from(tests)].get_or_init(|| {
            let mut args: Vec<String> = match tests {
                true => ["test", "--no-run"].map(String::from).into(),
                false => ["build", "--keep-going", "--examples"]
                    .map(String::from)
                    .into(),
            };
            args.extend(["--quiet", "--package", "async-book"].map(String::from));
            for (example, shown) in self.book.examples.iter().filter(|_| tests) {
                if shown.has_rust && shown.test_output.is_some() {
                    args.extend(["--example".to_owned(), example.clone()]);
                }
            }
            if profile_dir().ends_with("release") {
                args.push("--release".to_owned());
            }
            cargo::build(self.root(), &args, tests)
        });
        let built = built.as_ref().map_err(Clone::clone)?;
        if let Some(program) = built.programs.get(name) {
            return Ok(program.clone());
        }
        let errors = built
            .diagnostics
            .get(name)
            .map_or(built.stderr.trim(), |e| e.as_str());
        let file = format!("examples/{name}/main.rs");
        Err(match tests {
            true => format!(
                "{file} does not compile as a test (`cargo test --example {name}`):\n{errors}"
            ),
            false => format!("{file} does not compile:\n{errors}"),
        })
    }

    fn example_as_snippet(&self, name: &str, build: Build) -> Result<PathBuf, String> {
        let file = Path::new("examples").join(name).join("main.rs");
        let code = book_model::read(self.root(), &file)?;
        let label = file.display().to_string();
        let must_compile = |succeeded: bool, diagnostics: &[Diagnostic]| {
            let rendered: String = diagnostics.iter().map(|d| d.rendered.as_str()).collect();
            let errors = format!("{label} does not compile:\n{rendered}");
            succeeded.then_some(()).ok_or(errors)
        };
        let limit = self.settings.compile_limit;
        let compiler = &self.tools.compiler;
        let compiled = compiler.compile(
            &label,
            (&label, &code),
            "an example",
            build,
            limit,
            &must_compile,
        )?;
        let left = || format!("{label}: compiled, but left no program");
        compiled.program.ok_or_else(left)
    }
}
