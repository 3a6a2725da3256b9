//! Making both futures first does not make them run together: 2 s + 2 s.

use std::time::Duration;

use tokio::time::{Instant, sleep};

async fn fetch_data(delay: Duration, id: u32) -> String {
    println!("Fetching data... id {id}");
    sleep(delay).await; // stands in for a network request
    println!("Data fetched, id {id}");
    format!("data {id}")
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Two futures, not tasks: neither has started.
    let future_1 = fetch_data(Duration::from_secs(2), 1);
    let future_2 = fetch_data(Duration::from_secs(2), 2);

    let result_1 = future_1.await; // runs fetch 1, start to end
    println!("Received {result_1:?}");
    let result_2 = future_2.await; // only now does fetch 2 start
    println!("Received {result_2:?}");
    println!("finished in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
