//! A loop that works, then sleeps: every round drifts by the work's duration.

use std::time::Duration;

use tokio::time::{Instant, sleep};

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
    for _ in 0..4 {
        println!("refresh at {}", at(start));
        refresh_cache().await;
        // One second from *now*, after the work: the period is 1.3 s.
        sleep(Duration::from_secs(1)).await;
    }
}
// ANCHOR_END: main
