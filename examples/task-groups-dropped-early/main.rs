//! A `JoinSet` that goes out of scope takes its tasks with it.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

async fn download(id: u32) -> String {
    println!("download {id} started");
    sleep(Duration::from_secs(1)).await;
    format!("file {id}")
}

// ANCHOR: main
/// Meant to start the downloads in the background. The set is dropped at
/// the closing brace, and every task in it is aborted: on this
/// current-thread runtime, before it ever runs.
fn start_downloads() {
    let mut set = JoinSet::new();
    for id in 1..=3 {
        set.spawn(download(id));
    }
}

/// The fix: hand the set to the caller, who owns the tasks from now on.
fn start_downloads_fixed() -> JoinSet<String> {
    let mut set = JoinSet::new();
    for id in 1..=3 {
        set.spawn(download(id));
    }
    set
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    start_downloads();
    sleep(Duration::from_secs(5)).await;
    println!("by {:.1?}: no download has started", start.elapsed());

    let downloads = start_downloads_fixed();
    let files = downloads.join_all().await;
    println!("by {:.1?}: {files:?}", start.elapsed());
}
// ANCHOR_END: main
