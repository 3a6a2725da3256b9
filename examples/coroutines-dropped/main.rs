//! `let _ =` silences the warning and drops the future: its body never runs.
// Clippy's `let_underscore_future` lint catches this mistake; it is allowed
// here only because the program exists to show it.
#![allow(clippy::let_underscore_future)]

use std::time::Duration;

use tokio::time::sleep;

async fn fetch_data(delay: Duration) -> String {
    println!("Fetching data...");
    sleep(delay).await;
    String::from("Some data")
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // No warning, and no fetch: the future is dropped at once, unpolled.
    let _ = fetch_data(Duration::from_secs(2));
    println!("End of main");
}
// ANCHOR_END: main
