//! `tokio::sync::Barrier`: nobody passes until all three have arrived.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Barrier;
use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// What the workers share: one `Arc` of this instead of one per field.
struct Shared {
    barrier: Barrier,
    loaded: AtomicUsize, // how many parts of the data are loaded
}

async fn worker(shared: Arc<Shared>, worker_id: u64, start: Instant) -> String {
    sleep(Duration::from_secs(worker_id + 1)).await; // load this part
    shared.loaded.fetch_add(1, Ordering::SeqCst);
    println!("worker {worker_id} loaded its part at {}", secs(start));

    // Wait here until all three workers have arrived.
    let result = shared.barrier.wait().await;
    let (at, loaded) = (secs(start), shared.loaded.load(Ordering::SeqCst));
    let leader = if result.is_leader() { " (leader)" } else { "" };
    // The tasks resume in no fixed order, so each hands its line to `main`,
    // which prints them in worker order.
    format!("worker {worker_id} passes at {at}: {loaded} of 3 parts{leader}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let shared = Arc::new(Shared {
        barrier: Barrier::new(3), // three tasks will call `wait`
        loaded: AtomicUsize::new(0),
    });
    let tasks: Vec<_> = (0..3)
        .map(|id| tokio::spawn(worker(Arc::clone(&shared), id, start)))
        .collect();
    for task in tasks {
        println!("{}", task.await.expect("the task does not panic"));
    }
}
// ANCHOR_END: main
