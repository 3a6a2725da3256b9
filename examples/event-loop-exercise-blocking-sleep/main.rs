//! Exercise: a blocking sleep holds up the event loop; the solution waits
//! with the runtime's own sleep.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Beats every 100 ms, three times. `join!` polls it as a future within
/// `main`'s task, so it beats on time only while that task is free to run.
async fn heartbeat(start: Instant) {
    for _ in 0..3 {
        sleep(Duration::from_millis(100)).await;
        println!("{:.2}s heartbeat", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: given

// ANCHOR: solution
/// Saves a file: 250 ms of waiting for the disk.
async fn save_file(start: Instant) {
    println!("{:.2}s saving started", start.elapsed().as_secs_f64());
    // The runtime's sleep: this future steps aside at the `.await`, and
    // `join!` polls the heartbeat while it waits.
    sleep(Duration::from_millis(250)).await;
    println!("{:.2}s saving finished", start.elapsed().as_secs_f64());
}
// ANCHOR_END: solution

// ANCHOR: given-main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    tokio::join!(heartbeat(start), save_file(start));
}
// ANCHOR_END: given-main
