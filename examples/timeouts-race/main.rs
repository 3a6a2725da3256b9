//! `tokio::select!` returns the first branch to finish and drops the others.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Prints when a fetch's future is dropped, finished or not.
struct Dropped {
    mirror: &'static str,
    start: Instant,
}

impl Drop for Dropped {
    fn drop(&mut self) {
        println!("{}: dropped at {:.1?}", self.mirror, self.start.elapsed());
    }
}

async fn fetch_from(start: Instant, mirror: &'static str, seconds: u64) -> String {
    let _dropped = Dropped { mirror, start };
    sleep(Duration::from_secs(seconds)).await;
    println!("{mirror}: finished at {:.1?}", start.elapsed());
    format!("data from {mirror}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Both fetches run inside this task. The first to finish picks the
    // branch; the other is dropped before `select!` returns.
    let data = tokio::select! {
        data = fetch_from(start, "mirror A", 2) => data,
        data = fetch_from(start, "mirror B", 1) => data,
    };
    println!("first: {data} at {:.1?}", start.elapsed());
    // Nothing is left running: mirror A never prints "finished".
    sleep(Duration::from_secs(2)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
