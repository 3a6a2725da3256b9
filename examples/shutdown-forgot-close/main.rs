//! A TaskTracker that is never closed: `wait` does not return, even when
//! every task is done.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};
use tokio_util::task::TaskTracker;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let tracker = TaskTracker::new();
    tracker.spawn(sleep(Duration::from_secs(1)));
    // Missing: `tracker.close();`
    let waited = timeout(Duration::from_secs(10), tracker.wait()).await;
    println!(
        "after {:.1?}: wait returned: {}, tasks left: {}, closed: {}",
        start.elapsed(),
        waited.is_ok(),
        tracker.len(),
        tracker.is_closed(),
    );
}
// ANCHOR_END: main
