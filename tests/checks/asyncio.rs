//! Promise: every asyncio original runs. Each ```python block of the book
//! runs with python3, on a virtual clock (`support/virtual_clock.py`), and
//! ends without an error: `src/<chapter>.md:<line> python`.
//!
//! A block that shows an example's `main.py` whole is not run here: the
//! check proves that the block is that file, which `examples/NAME python
//! output` runs and whose output it checks (`checks/outputs.rs`).

use std::fs;
use std::sync::Arc;

use book_model::book::{example_name, includes_of};
use book_model::includes;
use book_model::markdown::CodeBlock;

use crate::support::run::Run;
use crate::support::trial::{Check, Needs};

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    for block in run.book.chapters.iter().flat_map(|c| &c.blocks) {
        if block.lang == "python" {
            let block = block.clone();
            let run = Arc::clone(run);
            checks.push(Check::needing(
                Needs::Python,
                format!("{} python", block.at),
                move || check_block(&run, &block),
            ));
        }
    }
    checks
}

/// Runs one Python block, unless it is an example's `main.py` whole.
fn check_block(run: &Run, block: &CodeBlock) -> Result<(), String> {
    let code = includes::expand(run.root(), &block.at.file, &block.raw)?;
    if let [include] = includes_of(block).as_slice()
        && example_name(&include.file).is_some()
        && include.selector.is_none()
        && fs::read_to_string(run.root().join(&include.file))
            .is_ok_and(|file| file.trim_end() == code.trim_end())
    {
        return Ok(());
    }
    let work = run.work_dir(&block.at.to_string())?;
    let file = work.join("block.py");
    fs::write(&file, &code).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let limit = run.settings.run_limit;
    let finished = run
        .tools
        .python
        .run(&file, run.root(), &work.join("printed.txt"), limit)?;
    let output = String::from_utf8_lossy(&finished.stdout);
    match finished.status {
        None => Err(format!(
            "{}: did not finish within {limit:?}, so it was stopped",
            block.at
        )),
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!(
            "{}: the Python program failed ({status}):\n{}",
            block.at,
            own_frames(&output.replace(&file.display().to_string(), "<this block>"))
        )),
    }
}

/// Python's output with a traceback's frames cut to those of the block
/// itself: the frames of the virtual clock and of asyncio say nothing
/// about the block, and name files of this machine.
fn own_frames(output: &str) -> String {
    let mut kept = Vec::new();
    let mut in_frame = false;
    let mut others = false;
    for line in output.trim_end().lines() {
        if let Some(frame) = line.strip_prefix("  File \"") {
            in_frame = frame.starts_with("<this block>\"");
            if !in_frame && !others {
                kept.push("  ...".to_owned());
            }
            others = !in_frame;
            if in_frame {
                kept.push(line.to_owned());
            }
        } else if line.starts_with("    ") && (in_frame || others) {
            if in_frame {
                kept.push(line.to_owned());
            }
        } else {
            in_frame = false;
            others = false;
            kept.push(line.to_owned());
        }
    }
    kept.join("\n")
}
