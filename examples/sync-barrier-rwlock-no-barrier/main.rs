//! The same workers without a barrier: each one goes ahead on partial data.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn worker(loaded: Arc<AtomicUsize>, worker_id: u64, start: Instant) {
    sleep(Duration::from_secs(worker_id + 1)).await; // load this part
    loaded.fetch_add(1, Ordering::SeqCst);
    println!("worker {worker_id} loaded its part at {}", secs(start));

    // No barrier: go straight on to work that needs every part.
    let loaded = loaded.load(Ordering::SeqCst);
    println!(
        "worker {worker_id} passes at {}: {loaded} of 3 parts",
        secs(start)
    );
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let loaded = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..3)
        .map(|id| tokio::spawn(worker(Arc::clone(&loaded), id, start)))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
}
