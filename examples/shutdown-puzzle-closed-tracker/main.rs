//! Puzzle: what does a closed `TaskTracker` wait for?

use std::time::Duration;

use tokio::time::{Instant, sleep};
use tokio_util::task::TaskTracker;

async fn job(name: &str, secs: u64, start: Instant) {
    sleep(Duration::from_secs(secs)).await;
    println!("{name}: done at {:.1}s", start.elapsed().as_secs_f64());
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let tracker = TaskTracker::new();

    tracker.spawn(job("report", 1, start));
    tracker.close();
    tracker.spawn(job("backup", 3, start));
    tokio::spawn(job("upload", 4, start));
    println!(
        "main: closed = {}, tracking {}",
        tracker.is_closed(),
        tracker.len()
    );

    tracker.wait().await;
    println!(
        "main: wait() returned at {:.1}s",
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: main
