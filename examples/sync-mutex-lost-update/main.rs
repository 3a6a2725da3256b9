//! Without a lock, an `.await` between read and write loses updates.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn increment(id: u32, counter: Arc<AtomicU32>) {
    // Each access on its own is safe: an atomic cannot be torn.
    let value = counter.load(Ordering::SeqCst);
    println!("task {id} read {value}");
    // But between the read and the write, this task steps aside, and the
    // other four read the same old value.
    sleep(Duration::from_secs(1)).await;
    counter.store(value + 1, Ordering::SeqCst);
    println!("task {id} wrote {}", value + 1);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let counter = Arc::new(AtomicU32::new(0));

    let tasks: Vec<_> = (0..5)
        .map(|id| tokio::spawn(increment(id, Arc::clone(&counter))))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!(
        "counter = {} after five increments, in {:.1?}",
        counter.load(Ordering::SeqCst),
        start.elapsed()
    );
}
// ANCHOR_END: main
