//! A timeout cannot interrupt code that blocks the thread.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use tokio::task;
use tokio::time::timeout;

/// Blocks its thread for half a second, as a synchronous library call would.
fn build_report() -> &'static str {
    thread::sleep(Duration::from_millis(500));
    "report"
}

// ANCHOR: main
// Real time here, not the paused clock: the point is a thread that is busy.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let limit = Duration::from_millis(100);

    // Wrong: the call blocks inside the future that `timeout` polls, so the
    // timer gets no chance to fire until the call has returned.
    let result = timeout(limit, async { build_report() }).await;
    println!("blocking in the future: {result:?}");

    // Right: on a blocking thread the call no longer holds up the runtime,
    // and the timeout fires on time. So that the call is surely still
    // running when it does, it starts only when told, after the timeout.
    let (start, told) = mpsc::channel::<()>();
    let job = task::spawn_blocking(move || {
        // Waits for the word, or for the sender to be gone.
        let _ = told.recv();
        build_report()
    });
    let result = timeout(limit, job).await;
    println!("on spawn_blocking: {result:?}");
    // The call still runs to its end on its own thread, unobserved: the
    // runtime waits for it before the program exits.
    drop(start);
}
// ANCHOR_END: main
