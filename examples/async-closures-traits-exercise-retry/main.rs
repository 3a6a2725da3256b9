//! Exercise: a retry helper that takes an async closure.

// ANCHOR: given
use std::fmt::Display;
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// A service that fails twice, then answers.
struct PriceService {
    calls: u32,
}

impl PriceService {
    async fn fetch_prices(&mut self) -> Result<Vec<u32>, String> {
        sleep(Duration::from_millis(50)).await; // stands in for a request
        self.calls += 1;
        if self.calls < 3 {
            Err(format!("503 on call {}", self.calls))
        } else {
            Ok(vec![101, 99, 104])
        }
    }
}
// ANCHOR_END: given

// ANCHOR: solution
/// Calls `operation` until it succeeds, at most `attempts` times, waiting
/// 100 ms after the first failure and twice as long after each next one.
async fn retry<T, E: Display>(
    attempts: u32,
    mut operation: impl AsyncFnMut() -> Result<T, E>,
) -> Result<T, E> {
    let mut backoff = Duration::from_millis(100);
    let mut attempt = 1;
    loop {
        match operation().await {
            Ok(value) => return Ok(value),
            Err(error) if attempt == attempts => return Err(error),
            Err(error) => {
                println!("attempt {attempt} failed: {error}; next in {backoff:?}");
                sleep(backoff).await;
                backoff *= 2;
                attempt += 1;
            }
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut service = PriceService { calls: 0 };
    // The async closure borrows `service` mutably, and its future keeps
    // that borrow across the `.await` inside `fetch_prices`.
    let result = retry(4, async || service.fetch_prices().await).await;
    let seconds = start.elapsed().as_secs_f64();
    match result {
        Ok(prices) => println!("prices {prices:?} after {seconds:.2}s"),
        Err(error) => println!("gave up: {error} after {seconds:.2}s"),
    }
    println!("the service was called {} times", service.calls);
}
// ANCHOR_END: solution
