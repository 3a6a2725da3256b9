//! A timeout around a `JoinHandle` gives up on the handle, not on the task.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};
use tokio_util::task::AbortOnDropHandle;

// ANCHOR: main
/// A report that takes two and a half seconds, and says when it is done.
async fn build_report(name: &str, start: Instant) {
    sleep(Duration::from_millis(2500)).await;
    println!("{name}: finished at {:.1?}", start.elapsed());
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let limit = Duration::from_secs(1);

    // The timeout drops the handle, which detaches the task: it runs on.
    let detached = tokio::spawn(build_report("detached", start));
    if timeout(limit, detached).await.is_err() {
        println!("detached: gave up at {:.1?}", start.elapsed());
    }

    // Borrowing the handle keeps it, to abort the task after the timeout.
    let mut aborted = tokio::spawn(build_report("aborted", start));
    if timeout(limit, &mut aborted).await.is_err() {
        aborted.abort();
        println!("aborted: gave up at {:.1?}", start.elapsed());
    }

    // An AbortOnDropHandle aborts its task when the timeout drops it.
    let guarded = tokio::spawn(build_report("guarded", start));
    let guarded = AbortOnDropHandle::new(guarded);
    if timeout(limit, guarded).await.is_err() {
        println!("guarded: gave up at {:.1?}", start.elapsed());
    }

    // Time enough for every report still running to finish.
    sleep(Duration::from_secs(5)).await;
    println!("main ends at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
