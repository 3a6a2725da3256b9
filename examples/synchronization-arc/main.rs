//! Sharing a counter between tasks that run in parallel: `Arc` plus a lock.

use std::sync::{Arc, Mutex};

use tokio::task::JoinSet;

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `Arc` gives every task its own handle to one shared value; the
    // `Mutex` inside makes sure only one thread changes it at a time.
    let counter = Arc::new(Mutex::new(0_u64));

    let mut tasks = JoinSet::new();
    for _ in 0..4 {
        // Each task gets its own clone of the `Arc` (a new handle to the
        // same counter), moved into the task: a spawned task may outlive
        // `main`'s locals, so it must own what it uses.
        let counter = Arc::clone(&counter);
        tasks.spawn(async move {
            for _ in 0..100_000 {
                *counter.lock().expect("no task panics while holding it") += 1;
            }
        });
    }
    tasks.join_all().await;

    // The tasks ran on two threads at once, yet no increment was lost.
    let total = *counter.lock().expect("no task panics while holding it");
    println!("4 tasks x 100000 increments = {total}");
}
// ANCHOR_END: main
