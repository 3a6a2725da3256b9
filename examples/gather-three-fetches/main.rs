//! `tokio::join!` waits for several futures at once, like `asyncio.gather`.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u32, sleep_time: u64) -> String {
    println!("Coroutine {id} starting to fetch data.");
    sleep(Duration::from_secs(sleep_time)).await;
    format!("Sample data from coroutine {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // `join!` polls the three futures in turn until all are done, and hands
    // back their outputs as a tuple, in the order they were written.
    let (result1, result2, result3) =
        tokio::join!(fetch_data(1, 2), fetch_data(2, 1), fetch_data(3, 3));
    for result in [result1, result2, result3] {
        println!("Received result: {result:?}");
    }
    println!("finished in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
