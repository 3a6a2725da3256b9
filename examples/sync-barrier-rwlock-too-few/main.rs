//! A barrier that expects more tasks than ever arrive waits forever.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Barrier;
use tokio::time::{Instant, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Made for four, but only three workers are started.
    let barrier = Arc::new(Barrier::new(4));
    let tasks: Vec<_> = (0..3)
        .map(|worker_id| {
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                // Only the timeout ends this wait: the fourth never comes.
                match timeout(Duration::from_secs(10), barrier.wait()).await {
                    Ok(_) => println!("worker {worker_id} passes"),
                    Err(_) => println!(
                        "worker {worker_id} still waiting after {:.1?}",
                        start.elapsed()
                    ),
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
}
// ANCHOR_END: main
