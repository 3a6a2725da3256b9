//! `cargo test` for the book: compiles and runs every Rust block of every
//! chapter, checks every shown output against its program, and builds the
//! site. See `support/mod.rs` for the list of checks.

mod support;

fn main() -> std::process::ExitCode {
    support::main()
}
