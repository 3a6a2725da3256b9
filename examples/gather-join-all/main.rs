//! `join_all` waits for a list of futures built at run time.

use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u64, sleep_time: u64) -> String {
    sleep(Duration::from_secs(sleep_time)).await;
    println!("fetch {id} done");
    format!("data {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Building the futures runs none of them: they are values in a `Vec`.
    let futures: Vec<_> = (1..=5).map(|id| fetch_data(id, 6 - id)).collect();
    // `join_all` polls them all, concurrently, and returns their outputs in
    // the order of the list, whatever the order they finished in.
    let results = join_all(futures).await;
    println!("{results:?}");
    println!("finished in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
