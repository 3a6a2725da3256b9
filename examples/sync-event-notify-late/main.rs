//! `Notify` forgets: a waiter that arrives after `notify_waiters` is not released.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let notify = Arc::new(Notify::new());

    // An early waiter, already waiting when the signal comes: released.
    let early = tokio::spawn({
        let notify = Arc::clone(&notify);
        async move {
            notify.notified().await;
            println!("[{:.1?}] early waiter released", start.elapsed());
        }
    });
    sleep(Duration::from_secs(1)).await;
    notify.notify_waiters();
    println!("[{:.1?}] notify_waiters()", start.elapsed());
    early.await.expect("the early waiter does not panic");

    // A late waiter, arriving after the signal: nothing was remembered.
    let waiting_since = Instant::now();
    if timeout(Duration::from_secs(1), notify.notified())
        .await
        .is_err()
    {
        println!(
            "[{:.1?}] late waiter: still waiting after {:.1?}",
            start.elapsed(),
            waiting_since.elapsed()
        );
    }

    // `notify_one` with nobody waiting stores a permit, but only one:
    // a second call adds nothing.
    notify.notify_one();
    notify.notify_one();
    println!("[{:.1?}] notify_one() twice", start.elapsed());
    notify.notified().await;
    println!(
        "[{:.1?}] first waiter: took the stored permit",
        start.elapsed()
    );
    let waiting_since = Instant::now();
    if timeout(Duration::from_secs(1), notify.notified())
        .await
        .is_err()
    {
        println!(
            "[{:.1?}] second waiter: still waiting after {:.1?}",
            start.elapsed(),
            waiting_since.elapsed()
        );
    }
}
// ANCHOR_END: main
