//! A book (the repository's, or a fixture's): its chapters and their code
//! blocks, what `SUMMARY.md` lists, and where the chapters show each example
//! and its output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::includes::{self, Include};
use crate::markdown::{self, CodeBlock};
use crate::summary::{self, Listed, SUMMARY};
use crate::{Location, read};

/// What rustc prints for each block that does not compile, a file each.
pub const COMPILE_ERRORS: &str = "examples/compile-errors";

pub struct Book {
    pub root: PathBuf,
    /// Every Markdown file of `src/` but `SUMMARY.md`, sorted by path.
    pub chapters: Vec<Chapter>,
    pub listed: Vec<Listed>,
    /// Every folder of `examples/` (and example a chapter names), by name.
    pub examples: BTreeMap<String, Example>,
    pub client_runs: Vec<ClientRun>,
}

pub struct Chapter {
    /// Relative to the root: `src/event-loop.md`.
    pub file: PathBuf,
    pub text: String,
    pub blocks: Vec<CodeBlock>,
}

/// An example, and the blocks that show it: its program (and whether
/// marked `should_panic`), its asyncio original, and the console blocks
/// that show what they print.
#[derive(Clone, Debug, Default)]
pub struct Example {
    pub has_rust: bool,
    pub has_python: bool,
    pub rust_shown: Vec<(Location, bool)>,
    pub python_shown: Vec<Location>,
    pub rust_output: Option<Location>,
    pub python_output: Option<Location>,
    pub test_output: Option<TestRun>,
}

/// The console block that shows an example's tests, and the arguments it
/// passes them (after `--`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestRun {
    pub at: Location,
    pub args: Vec<String>,
}

/// A console block that runs a client against a server's Rust program or
/// its asyncio twin: `$ python3 examples/CLIENT/main.py cargo run -q
/// --example SERVER`, or `... python3 examples/SERVER/main.py`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRun {
    pub at: Location,
    pub client: String,
    pub server: String,
    pub side: Side,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Rust,
    Asyncio,
}

impl Side {
    pub fn command(self, server: &str) -> String {
        match self {
            Side::Rust => format!("cargo run -q --example {server}"),
            Side::Asyncio => format!("python3 examples/{server}/main.py"),
        }
    }
}

/// The client, server and side of a client run's command line.
pub fn client_run(line: &str) -> Option<(String, String, Side)> {
    let rest = line.strip_prefix("$ python3 examples/")?;
    let (client, command) = rest.split_once("/main.py ")?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let name = |n: &str| !n.is_empty() && n.bytes().all(allowed);
    let (server, side) = match command.strip_prefix("cargo run -q --example ") {
        Some(server) => (server, Side::Rust),
        None => {
            let server = command.strip_prefix("python3 examples/")?;
            (server.strip_suffix("/main.py")?, Side::Asyncio)
        }
    };
    (name(client) && name(server)).then(|| (client.to_owned(), server.to_owned(), side))
}

/// Which output of an example a file holds: `output.txt`, what `cargo
/// run` prints; `python-output.txt`; `test-output.txt`, what the tests do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFile {
    Run,
    Python,
    Test,
}

impl OutputFile {
    pub const ALL: [OutputFile; 3] = [OutputFile::Run, OutputFile::Python, OutputFile::Test];

    pub fn name(self) -> &'static str {
        match self {
            OutputFile::Run => "output.txt",
            OutputFile::Python => "python-output.txt",
            OutputFile::Test => "test-output.txt",
        }
    }

    /// The file for example `example`, relative to the book's root.
    pub fn of(self, example: &str) -> PathBuf {
        Path::new("examples").join(example).join(self.name())
    }
}

impl Book {
    /// Reads the book at `root`. Nothing is skipped in silence: what cannot be
    /// read is an error naming it.
    pub fn load(root: &Path) -> Result<Book, String> {
        let listed = summary::chapters(root)?;
        let mut chapters = Vec::new();
        for file in markdown_files(root, Path::new("src"))? {
            if file == Path::new(SUMMARY) {
                continue;
            }
            let text = read(root, &file)?;
            chapters.push(Chapter {
                blocks: markdown::code_blocks(&file, &text),
                file,
                text,
            });
        }
        let mut examples = BTreeMap::new();
        let unreadable = |e| format!("examples/: cannot be read: {e}");
        for entry in root.join("examples").read_dir().map_err(unreadable)? {
            let dir = entry.map_err(unreadable)?.path();
            if dir.is_dir() && !dir.ends_with(COMPILE_ERRORS) {
                let name = dir.file_name().unwrap_or_default().to_string_lossy();
                let name = name.into_owned();
                let (has_rust, has_python) =
                    (dir.join("main.rs").is_file(), dir.join("main.py").is_file());
                examples.insert(
                    name,
                    Example {
                        has_rust,
                        has_python,
                        ..Example::default()
                    },
                );
            }
        }
        let mut client_runs = Vec::new();
        for block in chapters.iter().flat_map(|c| &c.blocks) {
            note_uses(block, &mut examples);
            let first = block.raw.lines().next().unwrap_or("");
            if let (true, Some((client, server, side))) =
                (block.lang == "console", client_run(first))
            {
                let at = block.at.clone();
                client_runs.push(ClientRun {
                    at,
                    client,
                    server,
                    side,
                });
            }
        }
        Ok(Book {
            root: root.to_owned(),
            chapters,
            listed,
            examples,
            client_runs,
        })
    }

    pub fn chapter(&self, file: &Path) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.file == file)
    }
}

fn note_uses(block: &CodeBlock, examples: &mut BTreeMap<String, Example>) {
    let at = || block.at.clone();
    for include in includes_of(block) {
        if let Some((name, output)) = example_of_output(&include.file) {
            let slot = examples.entry(name).or_default();
            match output {
                OutputFile::Run => {
                    slot.rust_output = slot.rust_output.take().or_else(|| Some(at()))
                }
                OutputFile::Python => {
                    slot.python_output = slot.python_output.take().or_else(|| Some(at()))
                }
                OutputFile::Test => {
                    // `$ cargo test --example NAME -- ARGS`: the words after ` -- `.
                    let command = block.raw.lines().next().unwrap_or("");
                    let args = command
                        .split_once(" -- ")
                        .map(|(_, a)| a.split_whitespace());
                    let args = args.into_iter().flatten().map(str::to_owned).collect();
                    let test_run = || TestRun { at: at(), args };
                    slot.test_output.get_or_insert_with(test_run);
                }
            }
        } else if let Some(name) = example_name(&include.file) {
            let slot = examples.entry(name).or_default();
            match block.lang.as_str() {
                "rust" => slot.rust_shown.push((at(), block.has("should_panic"))),
                "python" => slot.python_shown.push(at()),
                _ => {}
            }
        }
    }
}

pub fn includes_of(block: &CodeBlock) -> Vec<Include> {
    includes::find(&block.at.file, &block.raw, block.at.line + 1)
}

/// `examples/<name>/main.rs` (or `main.py`) -> `<name>`.
pub fn example_name(file: &Path) -> Option<String> {
    let name = file.file_name();
    let main = name.is_some_and(|f| f == "main.rs" || f == "main.py");
    let parts = file.components();
    let mut parts = parts.map(|c| c.as_os_str().to_string_lossy().into_owned());
    (main && parts.next()? == "examples").then(|| parts.next())?
}

/// `examples/<name>/output.txt` (or another output) -> `<name>`, which.
fn example_of_output(file: &Path) -> Option<(String, OutputFile)> {
    let mut parts = file.components().map(|c| c.as_os_str().to_string_lossy());
    let (top, name, leaf) = (parts.next()?, parts.next()?, parts.next()?);
    let output = OutputFile::ALL.into_iter().find(|o| leaf == o.name())?;
    (top == "examples" && parts.next().is_none()).then(|| (name.into_owned(), output))
}

/// The Markdown files under `dir`, sorted, relative to `root`.
pub fn markdown_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for entry in WalkDir::new(root.join(dir)).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&root.join(dir)).to_owned();
            let shown = path.strip_prefix(root).unwrap_or(&path).display();
            format!("{shown}: cannot be read: {e}")
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let path = entry.path();
            found.push(path.strip_prefix(root).unwrap_or(path).to_owned());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        fs::write(path, text).expect("writable");
    }

    #[test]
    fn examples_and_where_they_are_shown() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(root, "src/SUMMARY.md", "- [Chapter](chapter.md)\n");
        let chapter = "```rust,should_panic\n{{#include ../examples/demo/main.rs}}\n```\n\n\
                       ```console\n$ cargo test --example demo -- --test-threads=1\n\
                       {{#include ../examples/demo/test-output.txt}}\n```\n";
        write(root, "src/chapter.md", chapter);
        write(root, "examples/demo/main.rs", "fn main() {}\n");
        let book = Book::load(root).expect("a sound book");
        let demo = &book.examples["demo"];
        assert!(demo.has_rust && !demo.has_python);
        assert_eq!(
            demo.rust_shown,
            [(Location::new("src/chapter.md", 1), true)]
        );
        let args = vec!["--test-threads=1".to_owned()];
        let at = Location::new("src/chapter.md", 5);
        assert_eq!(demo.test_output, Some(TestRun { at, args }));
        assert_eq!(book.listed.len(), 1);
    }

    #[test]
    fn client_runs() {
        let run = |line: &str| client_run(line).map(|(c, s, side)| format!("{c} {s} {side:?}"));
        let cases = [
            (
                "service-client/main.py cargo run -q --example server",
                Some("service-client server Rust"),
            ),
            ("c/main.py python3 examples/s/main.py", Some("c s Asyncio")),
            ("c/main.py", None),
            ("c/main.py cargo run -q --example a b", None),
        ];
        for (line, want) in cases {
            assert_eq!(run(&format!("$ python3 examples/{line}")).as_deref(), want);
        }
    }

    #[test]
    fn nothing_is_skipped_in_silence() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(root, "src/SUMMARY.md", "- [Chapter](chapter.md)\n");
        write(root, "src/chapter.md", "text\n");
        let error = Book::load(root).err().expect("no examples folder");
        assert!(error.starts_with("examples/: cannot be read"), "{error}");
        fs::create_dir(root.join("examples")).expect("writable");
        fs::write(root.join("src/broken.md"), [0xff, 0xfe]).expect("writable");
        let error = Book::load(root).err().expect("a chapter that is not text");
        assert!(
            error.starts_with("src/broken.md: cannot be read"),
            "{error}"
        );
    }
}
