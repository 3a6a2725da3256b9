//! Exercise: at most two downloads at a time.

// ANCHOR: given
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

const FILES: [&str; 5] = ["a.zip", "b.zip", "c.zip", "d.zip", "e.zip"];

/// Counts the downloads in progress, and remembers the most at once.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
}

/// Downloads one file: one second each, on the paused clock.
async fn download(file: &str, in_flight: &InFlight) {
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.most.fetch_max(now, Ordering::SeqCst);
    sleep(Duration::from_secs(1)).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    let _ = file; // a real download would use the name
}
// ANCHOR_END: given

// ANCHOR: solution
use tokio::sync::Semaphore;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let in_flight = Arc::new(InFlight::default());
    let permits = Arc::new(Semaphore::new(2));
    let mut downloads = JoinSet::new();
    for file in FILES {
        let in_flight = Arc::clone(&in_flight);
        let permits = Arc::clone(&permits);
        downloads.spawn(async move {
            // Named, so that the permit lives until the download is done.
            let _permit = permits.acquire().await.expect("never closed");
            download(file, &in_flight).await;
        });
    }
    downloads.join_all().await;
    println!(
        "{} files in {:.1?}, at most {} at once",
        FILES.len(),
        start.elapsed(),
        in_flight.most.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: solution
