//! Returning early drops the `JoinSet`, and dropping it aborts its tasks.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

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

// ANCHOR: main
/// All three fetches' data, or the first error. The tasks live in `set`,
/// a local: whichever way this function returns, none outlives it.
async fn fetch_all(start: Instant) -> anyhow::Result<Vec<String>> {
    let mut set = JoinSet::new();
    for (id, sleep_time) in [(1, 2), (2, 1), (3, 3)] {
        set.spawn(fetch_data(start, id, sleep_time, id == 2));
    }
    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        // Two `?`: the first for the `JoinError` (the task panicked or was
        // aborted), the second for the error the task itself returned.
        // Either one returns from `fetch_all`, and drops `set`.
        results.push(joined??);
    }
    Ok(results)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    match fetch_all(start).await {
        Ok(results) => println!("{results:?}"),
        Err(error) => {
            println!("fetch_all failed at {:.1?}: {error}", start.elapsed());
        }
    }
    // Dropping the set aborted fetches 1 and 3: wait, and see that they
    // never finish.
    sleep(Duration::from_secs(3)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
