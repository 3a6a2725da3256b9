//! Two fetches awaited one after the other: 0.5 s + 1 s takes 1.5 s.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(delay: Duration, id: u32) -> String {
    println!("Fetching {id}...");
    sleep(delay).await; // stands in for a network request
    println!("Data {id} fetched");
    format!("data {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Seconds as a number, printed like Python's f"{elapsed:.1f}s".
    let seconds = || start.elapsed().as_secs_f64();
    println!("Start of main");
    // Each `.await` waits until its fetch is done before the next line runs.
    let data_1 = fetch_data(Duration::from_millis(500), 1).await;
    println!("Received {data_1:?} at {:.1}s", seconds());
    let data_2 = fetch_data(Duration::from_secs(1), 2).await;
    println!("Received {data_2:?} at {:.1}s", seconds());
    println!("End of main after {:.1?}", start.elapsed());
}
// ANCHOR_END: main
