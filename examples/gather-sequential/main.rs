//! Futures awaited one by one in a loop run one after another.

use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};

async fn fetch_data(id: u64, sleep_time: u64) -> String {
    sleep(Duration::from_secs(sleep_time)).await;
    format!("data {id}")
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // The Python habit: make them all, then await each in turn. With
    // tasks that works, because tasks are already running. These are
    // plain futures: each one starts only when the loop awaits it.
    let start = Instant::now();
    let futures = [fetch_data(1, 2), fetch_data(2, 3), fetch_data(3, 1)];
    let mut results = Vec::new();
    for future in futures {
        results.push(future.await);
    }
    println!("one by one: {results:?} in {:.1?}", start.elapsed());

    // The fix: hand them all to `join_all` (or `join!`), which polls them
    // together.
    let start = Instant::now();
    let futures = [fetch_data(1, 2), fetch_data(2, 3), fetch_data(3, 1)];
    let results = join_all(futures).await;
    println!("join_all:   {results:?} in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
