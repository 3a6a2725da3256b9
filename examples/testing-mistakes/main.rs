//! Two tests that fail for the same reason: the paused clock is not the
//! clock they think it is.
//! Run the tests with `cargo test --example testing-mistakes`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::time::timeout;

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
const PATIENCE: Duration = Duration::from_secs(5);

async fn fetch_with_timeout(request: impl Future<Output = u32>) -> Result<u32, String> {
    timeout(PATIENCE, request)
        .await
        .map_err(|_elapsed| format!("no answer within {PATIENCE:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn pausing_a_multi_thread_runtime() {
        tokio::time::pause();
        let result = fetch_with_timeout(std::future::pending()).await;
        assert!(result.is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn timing_with_the_standard_clock() {
        let start = std::time::Instant::now();
        let result = fetch_with_timeout(std::future::pending()).await;
        assert!(result.is_err());
        assert!(
            start.elapsed() >= PATIENCE,
            "std::time::Instant saw less than five seconds pass"
        );
    }
}
// ANCHOR_END: main
