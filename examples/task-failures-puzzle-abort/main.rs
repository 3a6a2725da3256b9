//! Puzzle: `abort` on a task that finished, one that waits, and one that
//! has not started yet.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn job(start: Instant, name: &'static str, seconds: u64) -> &'static str {
    println!("{name}: started at {:.1}s", start.elapsed().as_secs_f64());
    sleep(Duration::from_secs(seconds)).await;
    println!("{name}: finished at {:.1}s", start.elapsed().as_secs_f64());
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let quick = tokio::spawn(job(start, "quick", 0));
    let slow = tokio::spawn(job(start, "slow", 10));
    sleep(Duration::from_secs(1)).await;
    let late = tokio::spawn(job(start, "late", 0));

    let handles = [("quick", quick), ("slow", slow), ("late", late)];
    for (_, handle) in &handles {
        handle.abort();
    }
    for (name, handle) in handles {
        match handle.await {
            Ok(value) => println!("{name}: Ok({value:?})"),
            Err(error) => println!("{name}: cancelled is {}", error.is_cancelled()),
        }
    }
}
// ANCHOR_END: main
