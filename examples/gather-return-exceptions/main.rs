//! `join!` over futures that return `Result`: every one runs to the end.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(
    start: Instant,
    id: u32,
    sleep_time: u64,
    fail: bool,
) -> anyhow::Result<String> {
    println!("fetch {id} started");
    sleep(Duration::from_secs(sleep_time)).await;
    if fail {
        anyhow::bail!("fetch {id} lost its connection");
    }
    println!("fetch {id} finished at {:.1?}", start.elapsed());
    Ok(format!("data {id}"))
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // To `join!`, an `Err` is just an output like any other: it waits for
    // all three and hands back all three `Result`s.
    let (result1, result2, result3) = tokio::join!(
        fetch_data(start, 1, 2, false),
        fetch_data(start, 2, 1, true),
        fetch_data(start, 3, 3, false),
    );
    println!("join! returned at {:.1?}", start.elapsed());
    for result in [result1, result2, result3] {
        match result {
            Ok(data) => println!("succeeded: {data}"),
            Err(error) => println!("failed: {error}"),
        }
    }
}
// ANCHOR_END: main
