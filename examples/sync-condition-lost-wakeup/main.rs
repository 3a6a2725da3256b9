//! The lost wakeup: registering for a notification after unlocking misses it.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard, Notify};
use tokio::task::yield_now;
use tokio::time::{Instant, timeout};

/// The fields of the chapter's `Condition`: the state behind a lock, and a
/// `Notify` that says "the state changed".
struct Condition<T> {
    state: Mutex<T>,
    changed: Notify,
}

/// Adds a chunk and notifies, as the downloader does.
async fn add_chunk(cond: Arc<Condition<Vec<u32>>>) {
    cond.state.lock().await.push(1);
    cond.changed.notify_waiters();
    println!("producer: chunk added, notify_all");
}

// ANCHOR: main
impl<T> Condition<T> {
    /// WRONG: unlocks, and only then registers for the notification.
    async fn wait_too_late(&self, state: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
        drop(state);
        // Any other task may run here. `yield_now` makes sure one does, so
        // the producer adds its chunk and notifies while nobody listens.
        yield_now().await;
        self.changed.notified().await; // registers only now: too late
        self.state.lock().await
    }

    /// RIGHT: registers while still holding the lock, then unlocks.
    async fn wait(&self, state: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
        let mut notified = pin!(self.changed.notified());
        notified.as_mut().enable();
        drop(state);
        yield_now().await; // the same gap: now it is harmless
        notified.await;
        self.state.lock().await
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let limit = Duration::from_secs(1);
    let new_condition = || {
        Arc::new(Condition {
            state: Mutex::new(Vec::new()),
            changed: Notify::new(),
        })
    };

    let cond = new_condition();
    tokio::spawn(add_chunk(Arc::clone(&cond)));
    let waiting_since = Instant::now();
    let consumer = async {
        let mut chunks = cond.state.lock().await;
        while chunks.is_empty() {
            chunks = cond.wait_too_late(chunks).await;
        }
    };
    if timeout(limit, consumer).await.is_err() {
        let count = cond.state.lock().await.len();
        println!(
            "too late: still waiting after {:.1?}, with {count} chunk in the list",
            waiting_since.elapsed()
        );
    }

    let cond = new_condition();
    tokio::spawn(add_chunk(Arc::clone(&cond)));
    let waiting_since = Instant::now();
    let consumer = async {
        let mut chunks = cond.state.lock().await;
        while chunks.is_empty() {
            chunks = cond.wait(chunks).await;
        }
    };
    timeout(limit, consumer)
        .await
        .expect("registered before unlocking, so the notification arrives");
    let waited = waiting_since.elapsed().as_secs_f64();
    println!("registered first: woke up after {waited:.1}s");
}
// ANCHOR_END: main
