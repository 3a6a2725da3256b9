//! Puzzle: a watch receiver waits for a value the sender passes through.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Waits until the number of chunks passes `test`.
async fn wait_until(
    name: &str,
    mut chunks: watch::Receiver<u32>,
    test: fn(&u32) -> bool,
    start: Instant,
) -> String {
    let result = chunks.wait_for(test).await;
    let at = start.elapsed().as_secs_f64();
    match result {
        Ok(seen) => format!("{name}: saw {} at {at:.1}s", *seen),
        Err(_) => format!("{name}: the sender was dropped, at {at:.1}s"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (progress, chunks) = watch::channel(0_u32);
    let exactly_two = wait_until("exactly 2", chunks.clone(), |n| *n == 2, start);
    let at_least_two = wait_until("at least 2", chunks, |n| *n >= 2, start);
    let waiters = [tokio::spawn(exactly_two), tokio::spawn(at_least_two)];

    // The downloader: one chunk at 1 s, then two more together at 2 s.
    sleep(Duration::from_secs(1)).await;
    progress.send_modify(|n| *n += 1);
    sleep(Duration::from_secs(1)).await;
    progress.send_modify(|n| *n += 1);
    progress.send_modify(|n| *n += 1);
    drop(progress);

    for waiter in waiters {
        println!("{}", waiter.await.expect("the waiter does not panic"));
    }
}
// ANCHOR_END: main
