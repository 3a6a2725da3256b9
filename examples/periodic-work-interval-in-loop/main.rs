//! An interval made anew on every round: its first tick is immediate, so
//! the loop never waits.

use std::time::Duration;

use tokio::time::{Instant, interval, sleep};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    for _ in 0..4 {
        // Wrong: a new interval each round, and a new interval's first
        // tick completes at once.
        interval(Duration::from_secs(1)).tick().await;
        println!("refresh at {:.1}s", start.elapsed().as_secs_f64());
        sleep(Duration::from_millis(300)).await;
    }
}
// ANCHOR_END: main
