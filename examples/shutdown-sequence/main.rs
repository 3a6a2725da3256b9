//! Graceful shutdown: stop accepting, drain in-flight jobs until a deadline,
//! then stop whatever is still running.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// How long each job works. Job `n` arrives `n - 1` seconds after the start.
const WORK_SECS: [f64; 6] = [1.5, 0.7, 4.5, 1.5, 1.0, 1.0];
/// How long in-flight jobs may take to finish once shutdown begins.
const DRAIN_DEADLINE: Duration = Duration::from_secs(2);

async fn handle(id: usize, work: Duration, stop: CancellationToken, start: Instant) {
    println!("{} job {id} started", at(start));
    // The work runs until it completes or `stop` is cancelled,
    // whichever comes first; on cancellation the work future is dropped.
    match stop.run_until_cancelled(sleep(work)).await {
        Some(()) => println!("{} job {id} done", at(start)),
        None => println!("{} job {id} interrupted", at(start)),
    }
}

async fn accept(
    tracker: TaskTracker,
    stop_accepting: CancellationToken,
    stop_work: CancellationToken,
    start: Instant,
) {
    for (index, &secs) in WORK_SECS.iter().enumerate() {
        let arrival = start + Duration::from_secs(index as u64);
        // Waiting for the next job is where this loop listens for shutdown.
        if stop_accepting
            .run_until_cancelled(sleep_until(arrival))
            .await
            .is_none()
        {
            println!("{} stopped accepting", at(start));
            return;
        }
        let work = Duration::from_secs_f64(secs);
        tracker.spawn(handle(index + 1, work, stop_work.clone(), start));
    }
}

async fn serve(shutdown_signal: impl Future<Output = ()>) {
    let start = Instant::now();
    // Cancelling a token cancels its children too: `stop_work` also stops
    // the accept loop, should anything cancel it first.
    let stop_work = CancellationToken::new();
    let stop_accepting = stop_work.child_token();
    let tracker = TaskTracker::new();
    tracker.spawn(accept(
        tracker.clone(),
        stop_accepting.clone(),
        stop_work.clone(),
        start,
    ));

    shutdown_signal.await;
    println!("{} shutdown: draining for {DRAIN_DEADLINE:?}", at(start));
    stop_accepting.cancel();
    // Closing lets `wait` return once the tracker is empty.
    tracker.close();
    if timeout(DRAIN_DEADLINE, tracker.wait()).await.is_err() {
        let left = tracker.len();
        println!("{} deadline passed: cancelling {left} task(s)", at(start));
        stop_work.cancel();
        tracker.wait().await;
    }
    println!("{} shut down", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // A stand-in for the Ctrl+C key: a channel that a task fires at 3.2s.
    let (press_ctrl_c, ctrl_c_pressed) = oneshot::channel();
    tokio::spawn(async move {
        sleep(Duration::from_millis(3200)).await;
        press_ctrl_c
            .send(())
            .expect("serve keeps the receiver until the signal arrives");
    });
    serve(async {
        ctrl_c_pressed
            .await
            .expect("the stand-in task sends before it ends");
    })
    .await;
}
// ANCHOR_END: main
