//! Hands the test suite what it needs to compile the book's snippets the way
//! this build compiles everything else.

use std::env;

fn main() {
    // The snippet compiler (tests/support/rustc.rs) calls the same rustc and
    // target as this build, and finds the build's `target/` directory from
    // OUT_DIR, which only exists for packages with a build script.
    for var in ["RUSTC", "TARGET"] {
        let value = env::var(var).unwrap_or_else(|_| panic!("cargo did not set {var}"));
        println!("cargo::rustc-env=BOOK_{var}={value}");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
