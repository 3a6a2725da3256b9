//! A task that reads again while holding a read guard can deadlock, once a
//! writer waits in between.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;
use tokio::task::yield_now;
use tokio::time::{Instant, timeout};

// ANCHOR: main
/// Takes a read lock of its own: harmless alone, a trap for a caller that
/// already holds one.
async fn count_entries(cache: &RwLock<Vec<String>>) -> usize {
    cache.read().await.len()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let cache = Arc::new(RwLock::new(vec![String::from("entry 1")]));

    let first_read = cache.read().await;
    let writer = tokio::spawn({
        let cache = Arc::clone(&cache);
        async move {
            // Waits until no read guard is left.
            cache.write().await.push(String::from("entry 2"));
            println!("writer: done at {:.1?}", start.elapsed());
        }
    });
    yield_now().await; // let the writer run, and queue up for the lock

    // A second read, while still holding the first. Reads are shared, but
    // tokio's lock is fair: this one queues behind the waiting writer, and
    // the writer waits for `first_read`. Neither can move.
    let second_read = timeout(Duration::from_secs(5), count_entries(&cache));
    match second_read.await {
        Ok(length) => println!("second read: length {length}"),
        Err(_) => println!("second read: waiting after {:.1?}", start.elapsed()),
    }

    // The fix: use what the guard already gives, or let it go first.
    println!("from the first guard: length {}", first_read.len());
    drop(first_read);
    writer.await.expect("the writer does not panic");
}
// ANCHOR_END: main
