//! `asyncio.Semaphore` in Rust: at most two of five tasks at a time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Time since `start`, as "1.0s". (`{:.1?}` would print a zero as "0.0ns".)
fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

async fn access_resource(semaphore: Arc<Semaphore>, id: u32, start: Instant) {
    // Wait for one of the permits. `acquire` fails only if the semaphore
    // has been closed, and this program never closes it.
    let _permit = semaphore
        .acquire()
        .await
        .expect("the semaphore is never closed");
    println!("Accessing resource {id} at {}", secs(start));
    sleep(Duration::from_secs(1)).await; // simulate work with the resource
    println!("Releasing resource {id} at {}", secs(start));
    // `_permit` is dropped here, which hands the permit back.
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let semaphore = Arc::new(Semaphore::new(2)); // two concurrent accesses

    let tasks: Vec<_> = (0..5)
        .map(|id| tokio::spawn(access_resource(Arc::clone(&semaphore), id, start)))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("All done at {}", secs(start));
}
// ANCHOR_END: main
