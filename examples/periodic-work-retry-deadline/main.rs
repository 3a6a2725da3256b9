//! One deadline over every attempt and every wait between them.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
/// A service that is down: every call fails after 300 ms.
async fn fetch_prices() -> Result<Vec<u32>, String> {
    sleep(Duration::from_millis(300)).await;
    Err("connection refused".to_string())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let retry_for_ever = async {
        let mut backoff = Duration::from_millis(100);
        loop {
            match fetch_prices().await {
                Ok(prices) => return prices,
                Err(error) => {
                    let now = start.elapsed();
                    println!("{now:.1?}: {error}; next try in {backoff:?}");
                    sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(2));
                }
            }
        }
    };
    // The deadline covers the whole loop: it may end an attempt, or a wait.
    match timeout(Duration::from_millis(2800), retry_for_ever).await {
        Ok(prices) => println!("prices: {prices:?}"),
        Err(_) => println!("{:.1?}: gave up, deadline reached", start.elapsed()),
    }
}
// ANCHOR_END: main
