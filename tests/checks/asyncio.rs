//! Promise: every asyncio original runs. Each ```python block of the book
//! runs with python3, on a virtual clock (`support/virtual_clock.py`), and
//! ends without an error: `src/<chapter>.md:<line> python`.
//!
//! A block that shows an example's `main.py` whole is not run here: the
//! check proves that the block is that file, which `examples/NAME python
//! output` runs and whose output it checks (`checks/outputs.rs`).

use std::fs;
use std::path::Path;
use std::time::Duration;

use libtest_mimic::Trial;

use crate::support::book::{Book, example_name, includes_of};
use crate::support::includes;
use crate::support::markdown::CodeBlock;
use crate::support::python::{self, PYTHON};
use crate::support::trial::needs;
use crate::support::{TIME_LIMIT, work_dir};

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    for block in book.chapters.iter().flat_map(|c| &c.blocks) {
        if block.lang == "python" {
            let block = block.clone();
            let root = book.root.clone();
            checks.push(needs(&PYTHON, format!("{} python", block.at), move || {
                check_block(&root, &block, TIME_LIMIT)
            }));
        }
    }
    checks
}

/// Runs one Python block, unless it is an example's `main.py` whole.
pub fn check_block(root: &Path, block: &CodeBlock, limit: Duration) -> Result<(), String> {
    for include in includes_of(block) {
        includes::check(root, &include)?;
    }
    let code = includes::expand(root, &block.at.file, &block.raw);
    if let [include] = includes_of(block).as_slice()
        && example_name(&include.file).is_some()
        && include.selector.is_none()
        && fs::read_to_string(root.join(&include.file))
            .is_ok_and(|file| file.trim_end() == code.trim_end())
    {
        return Ok(());
    }
    run_inline(root, &code, &work_dir(&block.at.to_string()), limit)
        .map_err(|e| format!("{}: {e}", block.at))
}

/// Runs a Python program written inline in a chapter; it must end without
/// an error.
pub fn run_inline(root: &Path, code: &str, work: &Path, limit: Duration) -> Result<(), String> {
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let file = work.join("block.py");
    fs::write(&file, code).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let finished = python::run(&file, root, &work.join("printed.txt"), limit)?;
    let output = String::from_utf8_lossy(&finished.stdout);
    match finished.status {
        None => Err(format!(
            "did not finish within {limit:?}, so it was stopped"
        )),
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!(
            "the Python program failed ({status}):\n{}",
            output
                .trim_end()
                .replace(&file.display().to_string(), "<this block>")
        )),
    }
}
