//! Calling an `async fn` only makes a future; its body runs when awaited.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(delay: Duration) -> String {
    println!("Fetching data...");
    sleep(delay).await; // stands in for a network request
    println!("Data fetched");
    String::from("Some data")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Calling an async fn runs none of its body: it returns a future, a
    // value that holds the arguments and where to start.
    let future = fetch_data(Duration::from_secs(2));
    println!("made a future; nothing has run yet");
    // `.await` runs the future to the end and gives back its output.
    let result = future.await;
    println!("Received {result:?} after {:.1?}", start.elapsed());
}
// ANCHOR_END: main
