//! `FuturesUnordered` yields each future's output as soon as it is ready.

use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u32, sleep_time: u64) -> String {
    sleep(Duration::from_secs(sleep_time)).await;
    format!("data {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The futures run inside this task, concurrently; none is spawned.
    let mut fetches: FuturesUnordered<_> = [(1, 2), (2, 1), (3, 3)]
        .into_iter()
        .map(|(id, sleep_time)| fetch_data(id, sleep_time))
        .collect();
    // A stream: `next` gives the output of whichever finishes next, and
    // `None` once every future has finished.
    while let Some(data) = fetches.next().await {
        println!("got {data} at {:.1?}", start.elapsed());
    }
}
// ANCHOR_END: main
