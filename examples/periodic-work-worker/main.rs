//! A worker loop: a stop token, an interval and a one-off job in one
//! `select!`, each with the detail that makes it right.

use std::pin::pin;
use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior, interval, sleep};
use tokio_util::sync::CancellationToken;

/// The time since `start`, as `0.0s`.
fn at(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

/// Refreshes the cache. The backend is struggling: refreshes 3 and 5 take
/// 1.5 s, longer than the period, the others 0.2 s.
async fn refresh_cache(round: u32) {
    let millis = if round == 3 || round == 5 { 1500 } else { 200 };
    sleep(Duration::from_millis(millis)).await;
}

/// Uploads the report of the last run: a one-off job of 1.5 s.
async fn upload_report() -> usize {
    sleep(Duration::from_millis(1500)).await;
    2048
}

// ANCHOR: main
async fn worker(stop: CancellationToken, start: Instant) {
    let mut ticks = interval(Duration::from_secs(1));
    // After a refresh that overruns, restart the schedule from the late
    // tick, so that the struggling backend gets a whole period of rest.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // Made once, so that it goes on across turns of the loop.
    let mut upload = pin!(upload_report());
    let mut uploaded = false;
    let mut round = 0;
    loop {
        tokio::select! {
            // Branches are checked top to bottom: when the stop and a tick
            // are ready together, the worker stops.
            biased;
            () = stop.cancelled() => {
                println!("stop seen at {}, after {round} refreshes", at(start));
                break;
            }
            // A finished future must not be polled again: once the upload
            // is done, the precondition switches its branch off.
            bytes = &mut upload, if !uploaded => {
                uploaded = true;
                println!("report uploaded ({bytes} bytes) at {}", at(start));
            }
            _ = ticks.tick() => {
                round += 1;
                println!("refresh {round} at {}", at(start));
                // The body of a branch is not raced: a refresh that has
                // started always finishes.
                refresh_cache(round).await;
            }
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let stop = CancellationToken::new();
    let worker = tokio::spawn(worker(stop.clone(), start));
    sleep(Duration::from_secs(5)).await;
    println!("stop requested at {}", at(start));
    stop.cancel();
    worker.await.expect("the worker does not panic");
}
// ANCHOR_END: main
