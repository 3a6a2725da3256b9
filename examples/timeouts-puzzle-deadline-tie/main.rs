//! Puzzle: work that ends at exactly the deadline, raced three ways.

use std::time::Duration;

use tokio::time::{sleep, timeout};

// ANCHOR: main
async fn fetch_data() -> &'static str {
    sleep(Duration::from_secs(1)).await;
    "data"
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let limit = Duration::from_secs(1);

    match timeout(limit, fetch_data()).await {
        Ok(data) => println!("timeout:              got {data}"),
        Err(_) => println!("timeout:              timed out"),
    }

    tokio::select! {
        biased;
        data = fetch_data() => println!("select!, work first:  got {data}"),
        () = sleep(limit) => println!("select!, work first:  timed out"),
    }

    tokio::select! {
        biased;
        () = sleep(limit) => println!("select!, timer first: timed out"),
        data = fetch_data() => println!("select!, timer first: got {data}"),
    }
}
// ANCHOR_END: main
