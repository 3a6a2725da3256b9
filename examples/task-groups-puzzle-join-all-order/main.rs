//! Puzzle: two functions named `join_all`, the same three tasks, two orders.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: main
async fn fetch_data(id: u32, seconds: u64) -> String {
    sleep(Duration::from_secs(seconds)).await;
    format!("data {id}")
}

/// Each fetch's id, and how many seconds it takes.
const FETCHES: [(u32, u64); 3] = [(1, 3), (2, 1), (3, 2)];

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let handles = FETCHES.map(|(id, seconds)| tokio::spawn(fetch_data(id, seconds)));
    let results: Vec<String> = futures::future::join_all(handles)
        .await
        .into_iter()
        .map(|joined| joined.expect("no fetch panics"))
        .collect();
    println!("futures::future::join_all: {results:?}");

    let mut set = JoinSet::new();
    for (id, seconds) in FETCHES {
        set.spawn(fetch_data(id, seconds));
    }
    let results = set.join_all().await;
    println!("JoinSet::join_all:         {results:?}");
}
// ANCHOR_END: main
