//! The reader's answers to the book's exercises are the binaries of this
//! package, `src/bin/NAME.rs`, written by `cargo xtask exercise NAME` and
//! ignored by git. This library is empty: it is here so that the package
//! has a target when no exercise has been started.
