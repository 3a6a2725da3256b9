//! The futures in `buffer_unordered` run only while the stream is polled.

use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Two steps, as a download has: connect, then transfer.
async fn download(name: &str, connect_ms: u64, start: Instant) -> &str {
    sleep(Duration::from_millis(connect_ms)).await;
    println!(
        "  {name} connected at {:.1}s",
        start.elapsed().as_secs_f64()
    );
    sleep(Duration::from_secs(1)).await;
    name
}

const FILES: [(&str, u64); 2] = [("a", 1000), ("b", 2500)];

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("downloads polled by the loop:");
    let start = Instant::now();
    let mut files = stream::iter(FILES)
        .map(|(name, connect_ms)| download(name, connect_ms, start))
        .buffer_unordered(2);
    while let Some(name) = files.next().await {
        println!("  got {name} at {:.1}s", start.elapsed().as_secs_f64());
        // Processing the file takes a second. Meanwhile nothing polls
        // `files`, so the downloads still in it do not move.
        sleep(Duration::from_secs(1)).await;
    }
    println!("  done at {:.1}s", start.elapsed().as_secs_f64());

    println!("downloads spawned as tasks:");
    let start = Instant::now();
    let mut files = stream::iter(FILES)
        // Each download is a task, which the runtime runs by itself.
        .map(|(name, connect_ms)| tokio::spawn(download(name, connect_ms, start)))
        .buffer_unordered(2);
    while let Some(joined) = files.next().await {
        let name = joined.expect("a download does not panic");
        println!("  got {name} at {:.1}s", start.elapsed().as_secs_f64());
        sleep(Duration::from_secs(1)).await;
    }
    println!("  done at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: main
