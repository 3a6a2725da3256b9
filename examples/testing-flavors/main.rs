//! A test that needs the multi-thread runtime, on both flavors.
//! Run the tests with `cargo test --example testing-flavors`.

#![cfg_attr(not(test), allow(dead_code))]

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
/// Checksums an upload. The sum is a long computation for a large upload,
/// so it runs inside `block_in_place`. On a worker thread, tokio first
/// hands the worker's other tasks to another thread, which keeps them
/// running; only the rest of this task (other futures joined with this
/// one) waits. A multi-thread `#[tokio::test]` runs its body in `block_on`
/// on the test's own thread, not on a worker: the sum just runs there.
async fn checksum(upload: Vec<u8>) -> u64 {
    tokio::task::block_in_place(|| {
        upload.iter().fold(17, |sum: u64, &byte| {
            sum.wrapping_mul(31).wrapping_add(u64::from(byte))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: u64 = 585_857_889;

    #[tokio::test]
    async fn checksum_on_the_default_runtime() {
        assert_eq!(checksum(b"hello".to_vec()).await, EXPECTED);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn checksum_on_a_multi_thread_runtime() {
        assert_eq!(checksum(b"hello".to_vec()).await, EXPECTED);
    }
}
// ANCHOR_END: main
