//! Exercise: ten waits made one after the other; the solution makes them
//! wait at the same time, as tasks on one thread.

// ANCHOR: given
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Stands for a request to a slow server: a second of waiting, then the
/// size of the page it sent.
async fn fetch_page(id: u32) -> usize {
    sleep(Duration::from_secs(1)).await;
    1000 + id as usize
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Ten tasks, all waiting at once on the runtime's one thread.
    let mut fetches = JoinSet::new();
    for id in 1..=10 {
        fetches.spawn(fetch_page(id));
    }
    // Waits for all of them; the waits overlap, so this takes one second.
    let total: usize = fetches.join_all().await.into_iter().sum();
    println!("fetched 10 pages, {total} bytes");
    println!("took {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: solution
