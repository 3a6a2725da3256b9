//! Exercise: give each call two seconds, and fall back to a cached price
//! when a server takes longer.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// Asks a price server for a quote; it takes `delay` to answer.
async fn fetch_price(delay: Duration) -> u32 {
    sleep(delay).await;
    101
}

/// The last price seen, good enough when a server is slow.
const CACHED_PRICE: u32 = 100;

/// Each server, and how long it takes to answer: one of them is stuck.
const SERVERS: [(&str, Duration); 2] = [
    ("eu-1", Duration::from_millis(500)),
    ("us-2", Duration::from_secs(30)),
];
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    for (server, delay) in SERVERS {
        let limit = Duration::from_secs(2);
        // `Err(Elapsed)` after two seconds; the slow call is dropped then.
        let (price, source) = match timeout(limit, fetch_price(delay)).await {
            Ok(price) => (price, "live"),
            Err(_) => (CACHED_PRICE, "cached"),
        };
        let seconds = start.elapsed().as_secs_f64();
        println!("{server}: {price} ({source}) at {seconds:.1}s");
    }
}
// ANCHOR_END: solution
