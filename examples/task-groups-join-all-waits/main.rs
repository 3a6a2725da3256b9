//! `JoinSet::join_all` waits for every task: an `Err` output does not stop it.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

async fn fetch_data(
    start: Instant,
    id: u32,
    sleep_time: u64,
    fail: bool,
) -> anyhow::Result<String> {
    sleep(Duration::from_secs(sleep_time)).await;
    if fail {
        anyhow::bail!("fetch {id} lost its connection");
    }
    println!("fetch {id} finished at {:.1?}", start.elapsed());
    Ok(format!("data {id}"))
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = JoinSet::new();
    for (id, sleep_time) in [(1, 2), (2, 1), (3, 3)] {
        set.spawn(fetch_data(start, id, sleep_time, id == 2));
    }
    // Fetch 2 fails at 1.0s, but to the set its task did not fail: it
    // returned a value, which happens to be an `Err`. `join_all` only
    // stops early when a task panics.
    let results = set.join_all().await;
    println!("join_all returned at {:.1?}", start.elapsed());
    for result in results {
        match result {
            Ok(data) => println!("got {data}"),
            Err(error) => println!("error: {error}"),
        }
    }
}
// ANCHOR_END: main
