//! The same five tasks without a semaphore: all of them at once.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Time since `start`, as "1.0s". (`{:.1?}` would print a zero as "0.0ns".)
fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

async fn access_resource(id: u32, start: Instant) {
    // Nothing here waits for a turn.
    println!("Accessing resource {id} at {}", secs(start));
    sleep(Duration::from_secs(1)).await;
    println!("Releasing resource {id} at {}", secs(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let tasks: Vec<_> = (0..5)
        .map(|id| tokio::spawn(access_resource(id, start)))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("All done at {}", secs(start));
}
// ANCHOR_END: main
