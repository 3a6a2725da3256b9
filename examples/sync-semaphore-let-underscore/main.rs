//! `let _ = semaphore.acquire()` drops the permit at once: no limit at all.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn access_resource(semaphore: Arc<Semaphore>, id: u32, start: Instant) {
    // `_` is not a variable: nothing keeps the permit, so it is dropped,
    // and handed back, on this very line.
    let _ = semaphore
        .acquire()
        .await
        .expect("the semaphore is never closed");
    println!("Accessing resource {id} at {}", secs(start));
    sleep(Duration::from_secs(1)).await;
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let semaphore = Arc::new(Semaphore::new(2));
    let tasks: Vec<_> = (0..5)
        .map(|id| tokio::spawn(access_resource(Arc::clone(&semaphore), id, start)))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("All done at {}", secs(start));
}
