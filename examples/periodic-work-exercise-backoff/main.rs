//! Exercise: retry with exponential backoff, capped.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// The wait after the first failure.
const FIRST_WAIT: Duration = Duration::from_millis(100);

/// The price service is down for the first five attempts.
async fn fetch_prices(attempt: u32) -> Result<u32, String> {
    if attempt <= 5 {
        Err("connection refused".to_string())
    } else {
        Ok(42)
    }
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
/// The most any wait may be, so that a service that comes back is seen
/// to be back within 800 ms.
const MAX_WAIT: Duration = Duration::from_millis(800);

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut attempt = 1;
    let mut wait = FIRST_WAIT;
    let price = loop {
        match fetch_prices(attempt).await {
            Ok(price) => break price,
            Err(error) => {
                println!(
                    "attempt {attempt} at {:.1}s: {error}; next in {wait:?}",
                    secs(start)
                );
                sleep(wait).await;
                // Double the wait for the next failure, up to the ceiling.
                wait = (wait * 2).min(MAX_WAIT);
                attempt += 1;
            }
        }
    };
    println!("price {price} at {:.1}s, on attempt {attempt}", secs(start));
}
// ANCHOR_END: solution
