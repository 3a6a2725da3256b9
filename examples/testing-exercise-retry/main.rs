//! Exercise: prove that a retry gives up after three tries, in seven
//! seconds of the paused clock.
//! Run the tests with `cargo test --example testing-exercise-retry`.

// ANCHOR: given
// `fetch_with_retry` is used only by the tests.
#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::time::{sleep, timeout};

const TRIES: u32 = 3;
const PATIENCE: Duration = Duration::from_secs(1);
const PAUSE: Duration = Duration::from_secs(2);

/// Asks `service` for an answer up to three times, giving each try one
/// second and pausing two seconds between tries.
async fn fetch_with_retry<F, Fut>(mut service: F) -> Result<u32, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = u32>,
{
    for attempt in 1..=TRIES {
        match timeout(PATIENCE, service()).await {
            Ok(answer) => return Ok(answer),
            Err(_elapsed) if attempt < TRIES => sleep(PAUSE).await,
            Err(_elapsed) => {}
        }
    }
    Err(format!("no answer after {TRIES} tries"))
}

fn main() {
    // Nothing to run: run the tests with `cargo test`.
}
// ANCHOR_END: given

// ANCHOR: solution
#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_three_tries_in_seven_seconds() {
        let start = Instant::now();
        let mut tries = 0;
        let never_answers = || {
            tries += 1;
            std::future::pending::<u32>()
        };
        let result = fetch_with_retry(never_answers).await;
        assert_eq!(result, Err("no answer after 3 tries".to_string()));
        assert_eq!(tries, 3);
        // Three tries of one second, two pauses of two.
        assert_eq!(start.elapsed(), Duration::from_secs(7));
    }
}
// ANCHOR_END: solution
