//! The Condition program with a watch channel: the state is the channel's value.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn downloader(chunks: watch::Sender<Vec<u32>>, start: Instant) {
    for n in 1..=3 {
        sleep(Duration::from_secs(1)).await; // fetch one chunk
        // Change the value in place, then wake every receiver: the lock,
        // the change and the `notify_all` in one call.
        chunks.send_modify(|chunks| chunks.push(n));
        println!("{} chunk {n} downloaded", at(start));
    }
}

async fn viewer(
    name: &str,
    needed: usize, // how many chunks it waits for
    mut chunks: watch::Receiver<Vec<u32>>,
    start: Instant,
) {
    println!("{} {name} waits for {needed} chunk(s)", at(start));
    let chunks = chunks
        .wait_for(|chunks| chunks.len() >= needed)
        .await
        .expect("the downloader sends every chunk before it drops the sender");
    // `chunks` is a read guard on the value: look, and let go soon.
    println!("{} {name} starts with chunks {:?}", at(start), *chunks);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, chunks) = watch::channel(Vec::new());
    tokio::join!(
        viewer("preview", 1, chunks.clone(), start),
        viewer("player", 2, chunks.clone(), start),
        viewer("saver", 3, chunks, start),
        downloader(sender, start),
    );
}
// ANCHOR_END: main
