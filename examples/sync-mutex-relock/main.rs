//! A task that locks a mutex it already holds waits for itself forever.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{Instant, timeout};

// ANCHOR: main
/// Locks the counter itself: fine on its own, a trap for a caller that
/// already holds the lock.
async fn add_one(counter: &Mutex<u32>) {
    *counter.lock().await += 1;
}

/// The fix: take the value the caller's guard already gives access to.
fn add_one_locked(value: &mut u32) {
    *value += 1;
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let counter = Mutex::new(0);

    let mut guard = counter.lock().await;
    // `add_one` waits for the lock, which this very task holds and will
    // only release after `add_one` returns. The timeout is there only to
    // let the program report it; without it, it would wait forever.
    match timeout(Duration::from_secs(5), add_one(&counter)).await {
        Ok(()) => println!("added one"),
        Err(_) => println!(
            "add_one still waiting for the lock after {:.1?}",
            start.elapsed()
        ),
    }

    add_one_locked(&mut guard);
    println!("with the guard passed down: counter = {}", *guard);
}
// ANCHOR_END: main
