//! Retry with exponential backoff and jitter, written by hand.

use std::fmt::Display;
use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
const MAX_ATTEMPTS: u32 = 5;
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// Pseudo-random fractions from a fixed seed (xorshift64), so that every
/// run waits the same. Real code seeds from something that differs between
/// processes, so that clients that failed together do not retry together.
struct Jitter(u64);

impl Jitter {
    /// A fraction in `[0, 1)`.
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        // The top 53 bits fill an f64's mantissa exactly.
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

async fn retry<T, E, Fut, Op>(mut operation: Op, jitter: &mut Jitter) -> Result<T, E>
where
    Op: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: Display,
{
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        match operation().await {
            Ok(value) => return Ok(value),
            Err(error) if attempt == MAX_ATTEMPTS => return Err(error),
            Err(error) => {
                // Wait between half and all of the backoff, at random.
                let wait = backoff.mul_f64(0.5 + 0.5 * jitter.next_fraction());
                println!("attempt {attempt} failed: {error}; next in {wait:.0?}");
                sleep(wait).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                attempt += 1;
            }
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut jitter = Jitter(0x2545_f491_4f6c_dd1d);
    // A service that fails three times, then answers.
    let mut calls = 0;
    let fetch_prices = || {
        calls += 1;
        let call = calls;
        async move {
            sleep(Duration::from_millis(50)).await;
            if call <= 3 {
                Err(format!("503 on call {call}"))
            } else {
                Ok(vec![101, 99, 104])
            }
        }
    };
    match retry(fetch_prices, &mut jitter).await {
        Ok(prices) => println!("prices {prices:?} after {:.2?}", start.elapsed()),
        Err(error) => println!("gave up: {error}"),
    }
}
// ANCHOR_END: main
