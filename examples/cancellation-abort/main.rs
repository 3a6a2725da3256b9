//! Cancelling tasks from outside: `AbortHandle` and `JoinSet::shutdown`.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Prints when a download's future is dropped, finished or not.
struct Dropped {
    start: Instant,
}

impl Drop for Dropped {
    fn drop(&mut self) {
        println!("a download dropped at {:.1?}", self.start.elapsed());
    }
}

async fn download(start: Instant) {
    let _dropped = Dropped { start };
    sleep(Duration::from_secs(10)).await;
    println!("a download finished"); // never printed
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let task = tokio::spawn(download(start));
    // An AbortHandle can cancel the task but not await it, so it can go to
    // another task while the JoinHandle stays here.
    let abort = task.abort_handle();
    tokio::spawn(async move {
        sleep(Duration::from_secs(1)).await;
        abort.abort();
    });
    let error = task.await.expect_err("the watchdog aborts the download");
    println!("is_cancelled() is {}", error.is_cancelled());

    let mut set = JoinSet::new();
    for _ in 0..3 {
        set.spawn(download(start));
    }
    sleep(Duration::from_secs(1)).await;
    // Aborts every task in the set and waits until all of them are gone.
    set.shutdown().await;
    println!(
        "set shut down at {:.1?}, {} tasks left",
        start.elapsed(),
        set.len()
    );
}
// ANCHOR_END: main
