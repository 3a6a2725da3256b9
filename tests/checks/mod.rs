//! The book's promises, one module each. Every module finds what it must
//! check in the book and returns one named check per thing checked, so
//! that a failure names what failed (`src/tasks.md:42 rust`):
//!
//! | promise (README) | module |
//! | --- | --- |
//! | Every Rust block compiles as edition 2024 and runs as its page says; every compiler error shown is what rustc prints | [`rust_blocks`] |
//! | Every shown output is what its program prints | [`outputs`] |
//! | Every asyncio original runs | [`asyncio`] |
//! | A server and its asyncio twin answer one client alike | [`twins`] |
//! | The site builds, and every include and link resolves | [`site`] |
//! | The book works in a browser | [`browser`] |
//! | Every exercise can be done and checked; the practice page lists them all | [`exercises`] |
//! | The checkers catch the faults they exist for | [`selftest`] |

pub mod asyncio;
pub mod browser;
pub mod exercises;
pub mod outputs;
pub mod rust_blocks;
pub mod selftest;
pub mod site;
pub mod twins;

use std::sync::Arc;

use crate::support::run::Run;
use crate::support::trial::Check;

/// Every check of the book that `run` checks, and the pages its browser
/// checks load.
pub fn of_book(run: &Arc<Run>) -> (Vec<Check>, Arc<browser::Pages>) {
    let mut checks = Vec::new();
    checks.extend(rust_blocks::checks(run));
    checks.extend(outputs::checks(run));
    checks.extend(asyncio::checks(run));
    checks.extend(twins::checks(run));
    checks.extend(site::checks(run));
    checks.extend(exercises::checks(run));
    // Last: their pages load in the background from the start of the run
    // (`Pages::load_in_background`), beside the checks above.
    let (browser, pages) = browser::checks(run);
    checks.extend(browser);
    (checks, pages)
}
