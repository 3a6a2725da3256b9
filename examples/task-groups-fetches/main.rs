//! A `JoinSet` owns a group of tasks and hands back results as they finish.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u32, sleep_time: u64) -> (u32, String) {
    println!("Coroutine {id} starting to fetch data.");
    sleep(Duration::from_secs(sleep_time)).await; // stands in for a request
    (id, format!("Sample data from coroutine {id}"))
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = JoinSet::new();
    for (id, sleep_time) in (1..).zip([2, 1, 3]) {
        // Like `tokio::spawn`, but the set keeps the task's handle.
        set.spawn(fetch_data(id, sleep_time));
    }

    let mut results = Vec::new();
    // `join_next` waits for whichever task finishes next, and returns
    // `None` once the set is empty.
    while let Some(joined) = set.join_next().await {
        let (id, data) = joined.expect("fetch_data does not panic");
        println!("Received result {id} at {:.1?}: {data:?}", start.elapsed());
        results.push((id, data));
    }
    println!("all done at {:.1?}", start.elapsed());

    // Results came in the order the tasks finished. Each carries its id,
    // so the order they were spawned in is one sort away.
    results.sort();
    let ids: Vec<u32> = results.iter().map(|(id, _)| *id).collect();
    println!("ids in spawn order: {ids:?}");
}
// ANCHOR_END: main
