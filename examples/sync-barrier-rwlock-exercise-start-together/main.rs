//! Exercise: three workers warm up at their own pace, then start together.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Worker `id` takes `id` seconds to warm up (to load its data, say).
async fn warm_up(id: u64) {
    sleep(Duration::from_secs(id)).await;
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
use std::sync::Arc;

use tokio::sync::Barrier;

async fn worker(id: u64, start_line: Arc<Barrier>, start: Instant) -> String {
    warm_up(id).await;
    let ready = secs(start);
    // Everyone waits here until the third worker has arrived.
    start_line.wait().await;
    let started = secs(start);
    format!("worker {id}: ready at {ready:.1}s, started at {started:.1}s")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let start_line = Arc::new(Barrier::new(3));
    let mut workers = Vec::new();
    for id in 1..=3 {
        workers.push(tokio::spawn(worker(id, Arc::clone(&start_line), start)));
    }
    // Tasks leave a barrier in no fixed order, so main prints their lines
    // in worker order.
    for worker in workers {
        println!("{}", worker.await.expect("the worker does not panic"));
    }
}
// ANCHOR_END: solution
