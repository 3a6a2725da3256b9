//! A dropped future stops at the `.await` where it waits; only `Drop` runs.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
/// The report's clean-up. `drop` is an ordinary function: it cannot await.
struct Cleanup {
    start: Instant,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("clean-up done at {:.1?}", self.start.elapsed());
    }
}

async fn save_report(start: Instant) {
    let _cleanup = Cleanup { start };
    println!("writing part 1 at {:.1?}", start.elapsed());
    sleep(Duration::from_secs(1)).await;
    println!("writing part 2 at {:.1?}", start.elapsed());
    sleep(Duration::from_secs(1)).await; // dropped while waiting here
    println!("report saved");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // At 1.5s the timeout drops the future, which is how Rust cancels.
    let result = timeout(Duration::from_millis(1500), save_report(start)).await;
    println!("main saw {result:?} at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
