//! Puzzle: `buffered` and `buffer_unordered`, two at a time.

use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch(name: &str, seconds: u64, start: Instant) -> &str {
    println!("  start {name} at {:.1}s", start.elapsed().as_secs_f64());
    sleep(Duration::from_secs(seconds)).await;
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let jobs = [("a", 3), ("b", 1), ("c", 1)];

    println!("buffer_unordered(2):");
    let start = Instant::now();
    let mut results = stream::iter(jobs)
        .map(|(name, seconds)| fetch(name, seconds, start))
        .buffer_unordered(2);
    while let Some(name) = results.next().await {
        println!("  got {name} at {:.1}s", start.elapsed().as_secs_f64());
    }

    println!("buffered(2):");
    let start = Instant::now();
    let mut results = stream::iter(jobs)
        .map(|(name, seconds)| fetch(name, seconds, start))
        .buffered(2);
    while let Some(name) = results.next().await {
        println!("  got {name} at {:.1}s", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: main
