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

use libtest_mimic::Trial;

use crate::support::book::Book;

/// Every check of `book`.
pub fn of_book(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    checks.extend(rust_blocks::checks(book));
    checks.extend(outputs::checks(book));
    checks.extend(asyncio::checks(book));
    checks.extend(twins::checks(book));
    checks.extend(site::checks(book));
    checks.extend(exercises::checks(book));
    // Last: their pages load in the background from the start of the run
    // (`browser::load_in_background`), beside the checks above.
    checks.extend(browser::checks(book));
    checks
}
