//! Exercise: three fetches awaited one after another take 3.0 s; started
//! together, they take 1.0 s.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Stands in for a request that takes one second to answer.
async fn fetch_data(start: Instant, id: u32) -> String {
    println!(
        "fetch {id} started at {:.1}s",
        start.elapsed().as_secs_f64()
    );
    sleep(Duration::from_secs(1)).await;
    format!("data {id}")
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // `join!` polls the three futures together, inside this task: every
    // fetch starts at once, and their sleeps overlap.
    let (data_1, data_2, data_3) = tokio::join!(
        fetch_data(start, 1),
        fetch_data(start, 2),
        fetch_data(start, 3),
    );
    println!("received {data_1:?}, {data_2:?} and {data_3:?}");
    println!("took {:.1?}", start.elapsed());
}
// ANCHOR_END: solution
