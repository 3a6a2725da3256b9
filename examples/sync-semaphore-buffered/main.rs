//! Limiting concurrency without a semaphore: `buffer_unordered`.

use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

async fn access_resource(id: u32, start: Instant) -> u32 {
    println!("Accessing resource {id} at {}", secs(start));
    sleep(Duration::from_secs(1)).await;
    id
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // A stream of five futures, of which at most two are polled at a time;
    // results come out in the order they finish.
    let finished: Vec<u32> = stream::iter(0..5)
        .map(|id| access_resource(id, start))
        .buffer_unordered(2)
        .collect()
        .await;
    println!("finished: {finished:?}, all done at {}", secs(start));
}
// ANCHOR_END: main
