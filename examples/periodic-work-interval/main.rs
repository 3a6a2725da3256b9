//! `interval` keeps a fixed schedule, whatever the work takes.

use std::time::Duration;

use tokio::time::{Instant, interval, sleep};

/// The time since `start`, as Python's `f"{elapsed:.1f}s"` prints it.
fn at(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn refresh_cache() {
    // Stands in for work that takes 0.3 s.
    sleep(Duration::from_millis(300)).await;
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut every_second = interval(Duration::from_secs(1));
    for _ in 0..4 {
        // The first tick completes at once; each later one, one period
        // after the previous *deadline*, not after the work.
        every_second.tick().await;
        println!("refresh at {}", at(start));
        refresh_cache().await;
    }
}
// ANCHOR_END: main
