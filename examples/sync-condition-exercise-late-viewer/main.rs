//! Exercise: wait until the state meets a condition, even if it already
//! does.

// ANCHOR: given
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify};
use tokio::time::{Instant, sleep, timeout};

/// The chunks downloaded so far, behind a lock, and a `Notify` that the
/// downloader calls after each change.
#[derive(Default)]
struct Download {
    chunks: Mutex<u32>,
    changed: Notify,
}

/// Adds a chunk each second, three in all.
async fn downloader(download: Arc<Download>) {
    for _ in 0..3 {
        sleep(Duration::from_secs(1)).await;
        *download.chunks.lock().await += 1;
        download.changed.notify_waiters();
    }
}

/// The viewers: how many chunks each needs, and when each arrives.
const VIEWERS: [(&str, u32, Duration); 3] = [
    ("preview", 1, Duration::ZERO),
    ("player", 2, Duration::from_millis(500)),
    ("saver", 3, Duration::from_millis(3500)),
];

/// Waits, for three seconds at most, until `needed` chunks are there.
async fn viewer(
    name: &str,
    needed: u32,
    arrives: Duration,
    download: Arc<Download>,
    start: Instant,
) -> String {
    sleep(arrives).await;
    let arrived = start.elapsed().as_secs_f64();
    let waited = timeout(Duration::from_secs(3), wait_for_chunks(&download, needed));
    match waited.await {
        Ok(chunks) => {
            let at = start.elapsed().as_secs_f64();
            format!("{name}: starts at {at:.1}s, with {chunks} of 3 chunks")
        }
        Err(_) => format!("{name}: arrived at {arrived:.1}s, gave up 3 s later"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let download = Arc::new(Download::default());
    tokio::spawn(downloader(Arc::clone(&download)));
    let viewers: Vec<_> = VIEWERS
        .into_iter()
        .map(|(name, needed, arrives)| {
            tokio::spawn(viewer(name, needed, arrives, Arc::clone(&download), start))
        })
        .collect();
    for viewer in viewers {
        println!("{}", viewer.await.expect("the viewer does not panic"));
    }
}
// ANCHOR_END: given

// ANCHOR: solution
use std::pin::pin;

/// Returns the number of chunks once there are at least `needed`.
async fn wait_for_chunks(download: &Download, needed: u32) -> u32 {
    loop {
        let chunks = download.chunks.lock().await;
        // Check first: the chunks may be there already.
        if *chunks >= needed {
            return *chunks;
        }
        // Register for the next change while still holding the lock, so
        // that a change made after the unlock cannot be missed...
        let mut changed = pin!(download.changed.notified());
        changed.as_mut().enable();
        drop(chunks);
        // ...then wait for it, and check again.
        changed.await;
    }
}
// ANCHOR_END: solution
