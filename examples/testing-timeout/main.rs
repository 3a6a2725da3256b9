//! Testing a timeout on the paused clock: five seconds pass in no time.
//! Run the tests with `cargo test --example testing-timeout`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::time::timeout;

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
const PATIENCE: Duration = Duration::from_secs(5);

/// Waits for `request` for at most five seconds.
async fn fetch_with_timeout(request: impl Future<Output = u32>) -> Result<u32, String> {
    timeout(PATIENCE, request)
        .await
        .map_err(|_elapsed| format!("no answer within {PATIENCE:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep};

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_five_seconds() {
        let start = Instant::now();
        // A server that never answers.
        let result = fetch_with_timeout(std::future::pending()).await;
        assert_eq!(result, Err("no answer within 5s".to_string()));
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn takes_an_answer_that_comes_in_time() {
        let start = Instant::now();
        let slow_server = async {
            sleep(Duration::from_millis(4900)).await;
            101
        };
        assert_eq!(fetch_with_timeout(slow_server).await, Ok(101));
        assert_eq!(start.elapsed(), Duration::from_millis(4900));
    }
}
// ANCHOR_END: main
