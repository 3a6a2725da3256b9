//! What `#[tokio::main]` writes for you: a runtime, and `block_on`.

use std::time::Duration;

use tokio::runtime::Builder;
use tokio::time::{Instant, sleep};

async fn fetch_data(delay: Duration) -> String {
    println!("Fetching data...");
    sleep(delay).await;
    println!("Data fetched");
    String::from("Some data")
}

// ANCHOR: main
fn main() {
    // A runtime is tokio's event loop: an executor that polls tasks, plus
    // the drivers that wake them when a timer fires or a socket is ready.
    let runtime = Builder::new_current_thread()
        .enable_all() // the timer and I/O drivers
        .start_paused(true) // the book's clock: see the introduction
        .build()
        .expect("the runtime starts");

    // `block_on` runs one future to completion on this thread, driving
    // everything it waits for, and returns the future's output.
    let (data, took) = runtime.block_on(async {
        let start = Instant::now();
        let data = fetch_data(Duration::from_secs(2)).await;
        (data, start.elapsed())
    });
    println!("Received {data:?} after {took:.1?}");
}
// ANCHOR_END: main
