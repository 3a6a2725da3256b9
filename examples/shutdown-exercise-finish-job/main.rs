//! Exercise: on shutdown, each worker finishes the job it is on, and main
//! waits for them.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

/// Does one job: worker 1's jobs take 1.0 s, worker 2's take 0.7 s.
async fn do_job(worker: u32) {
    let length = if worker == 1 { 1000 } else { 700 };
    sleep(Duration::from_millis(length)).await;
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
use tokio_util::task::TaskTracker;

async fn worker(id: u32, token: CancellationToken, start: Instant) {
    let mut job = 1;
    // The token is read between jobs only, so a job once started runs to
    // its end.
    while !token.is_cancelled() {
        do_job(id).await;
        println!("worker {id}: job {job} done at {:.1}s", secs(start));
        job += 1;
    }
    println!("worker {id}: stopped at {:.1}s", secs(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let token = CancellationToken::new();
    let tracker = TaskTracker::new();
    for id in 1..=2 {
        tracker.spawn(worker(id, token.clone(), start));
    }
    sleep(Duration::from_millis(2500)).await;
    println!("main: shutting down at {:.1}s", secs(start));
    token.cancel();
    // No more workers will be added; `wait` returns once all have ended.
    tracker.close();
    tracker.wait().await;
    println!("main: all workers stopped at {:.1}s", secs(start));
}
// ANCHOR_END: solution
