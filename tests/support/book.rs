//! The book as the checks see it: its chapters with their code blocks, and
//! for each example program, where the chapters show it and its output.
//! Read once per run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::includes::{self, Include};
use super::markdown::{self, CodeBlock, Location};

/// Where the book keeps what rustc prints for each block that does not
/// compile: one `.txt` file per block, shown right after it.
pub const COMPILE_ERRORS: &str = "examples/compile-errors";

/// A book: the repository's (or a test fixture's) chapters and examples.
pub struct Book {
    /// The folder with `book.toml`, `src/` and `examples/`.
    pub root: PathBuf,
    pub chapters: Vec<Chapter>,
    /// Every folder of `examples/`, by name, with how the chapters use it.
    pub examples: BTreeMap<String, Example>,
}

/// A chapter, read once.
pub struct Chapter {
    /// Relative to the root: `src/event-loop.md`.
    pub file: PathBuf,
    pub text: String,
    pub blocks: Vec<CodeBlock>,
}

/// One folder of `examples/`, and where the chapters show it.
#[derive(Clone, Debug, Default)]
pub struct Example {
    pub has_rust: bool,
    pub has_python: bool,
    /// The Rust blocks that include its `main.rs`, and whether each is
    /// marked `should_panic`.
    pub rust_shown: Vec<(Location, bool)>,
    /// The Python blocks that include its `main.py`.
    pub python_shown: Vec<Location>,
    /// The console blocks that show `output.txt` and `python-output.txt`.
    pub rust_output: Option<Location>,
    pub python_output: Option<Location>,
    /// The console block that shows `test-output.txt`, what the example's
    /// tests print under `cargo test --example NAME`, if one does.
    pub test_output: Option<TestRun>,
}

/// How a page runs an example's tests: the console block that shows them,
/// and the arguments its command passes to the test binary (after `--`).
#[derive(Clone, Debug)]
pub struct TestRun {
    pub at: Location,
    pub args: Vec<String>,
}

/// Which output of an example a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printed {
    /// `output.txt`: what `cargo run --example NAME` prints.
    Run,
    /// `python-output.txt`: what the asyncio original prints.
    Python,
    /// `test-output.txt`: what `cargo test --example NAME` prints.
    Test,
}

impl Printed {
    pub const ALL: [Printed; 3] = [Printed::Run, Printed::Python, Printed::Test];

    /// The file's name, in the example's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Printed::Run => "output.txt",
            Printed::Python => "python-output.txt",
            Printed::Test => "test-output.txt",
        }
    }
}

impl Book {
    pub fn load(root: &Path) -> Book {
        let chapters: Vec<Chapter> = markdown_files(root, Path::new("src"))
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
            .collect();

        let mut examples: BTreeMap<String, Example> = BTreeMap::new();
        for entry in fs::read_dir(root.join("examples"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let dir = entry.path();
            if dir.is_dir() && !dir.ends_with(COMPILE_ERRORS) {
                let name = entry.file_name().to_string_lossy().into_owned();
                examples.insert(
                    name,
                    Example {
                        has_rust: dir.join("main.rs").is_file(),
                        has_python: dir.join("main.py").is_file(),
                        ..Example::default()
                    },
                );
            }
        }
        for block in chapters.iter().flat_map(|c| &c.blocks) {
            for include in includes_of(block) {
                if let Some((name, printed)) = example_of_output(&include.file) {
                    let slot = examples.entry(name).or_default();
                    match printed {
                        Printed::Run => {
                            slot.rust_output.get_or_insert_with(|| block.at.clone());
                        }
                        Printed::Python => {
                            slot.python_output.get_or_insert_with(|| block.at.clone());
                        }
                        Printed::Test => {
                            slot.test_output.get_or_insert_with(|| TestRun {
                                at: block.at.clone(),
                                args: test_arguments(&block.raw),
                            });
                        }
                    }
                } else if let Some(name) = example_name(&include.file) {
                    let slot = examples.entry(name).or_default();
                    match block.lang.as_str() {
                        "rust" => slot
                            .rust_shown
                            .push((block.at.clone(), block.has("should_panic"))),
                        "python" => slot.python_shown.push(block.at.clone()),
                        _ => {}
                    }
                }
            }
        }
        Book {
            root: root.to_owned(),
            chapters,
            examples,
        }
    }
}

/// The includes of a block, each found at its chapter line.
pub fn includes_of(block: &CodeBlock) -> Vec<Include> {
    includes::find(&block.at.file, &block.raw, block.at.line + 1)
}

/// `examples/<name>/main.rs` (or `main.py`) -> `<name>`.
pub fn example_name(file: &Path) -> Option<String> {
    let mut parts = file.components();
    (parts.next()?.as_os_str() == "examples")
        .then(|| parts.next())
        .flatten()
        .map(|name| name.as_os_str().to_string_lossy().into_owned())
        .filter(|_| {
            file.file_name()
                .is_some_and(|f| f == "main.rs" || f == "main.py")
        })
}

/// `examples/<name>/output.txt` -> `<name>` and which output the file
/// holds; the same for `python-output.txt` and `test-output.txt`.
pub fn example_of_output(file: &Path) -> Option<(String, Printed)> {
    let mut parts = file.components();
    let top = parts.next()?.as_os_str() == "examples";
    let name = parts.next()?.as_os_str().to_string_lossy().into_owned();
    let leaf = parts.next()?.as_os_str();
    let printed = Printed::ALL.into_iter().find(|p| leaf == p.file_name())?;
    (top && parts.next().is_none()).then_some((name, printed))
}

/// What a console block's `$ cargo test --example NAME -- ARGS` passes to
/// the test binary: the words after ` -- ` on its first line.
pub fn test_arguments(console: &str) -> Vec<String> {
    let command = console.lines().next().unwrap_or("");
    command
        .split_once(" -- ")
        .map(|(_, args)| args.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// All Markdown files under `dir`, sorted, relative to `root`.
pub fn markdown_files(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path.strip_prefix(root).unwrap_or(&path).to_owned());
            }
        }
    }
    found.sort();
    found
}
