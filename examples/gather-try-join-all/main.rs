//! `try_join_all`: `try_join!` for a list built at run time.

use std::time::Duration;

use futures::future::try_join_all;
use tokio::time::{Instant, sleep};

async fn fetch_data(start: Instant, id: u64, fail: bool) -> anyhow::Result<String> {
    sleep(Duration::from_secs(id)).await;
    if fail {
        anyhow::bail!("fetch {id} lost its connection");
    }
    println!("  fetch {id} finished at {:.1?}", start.elapsed());
    Ok(format!("data {id}"))
}

// ANCHOR: main
/// Fetches 1, 2 and 3 (fetch `id` takes `id` seconds); fetch `failing`
/// fails, if there is one.
async fn fetch_all(failing: Option<u64>) -> anyhow::Result<Vec<String>> {
    let start = Instant::now();
    let fetches = (1..=3).map(|id| fetch_data(start, id, Some(id) == failing));
    // All `Ok`: the outputs in list order. One `Err`: that error, at once,
    // and every fetch still running is dropped.
    let results = try_join_all(fetches).await;
    println!("  try_join_all returned at {:.1?}", start.elapsed());
    results
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("no fetch fails:");
    let all = fetch_all(None).await.expect("no fetch fails");
    println!("  {all:?}");

    println!("fetch 2 fails:");
    let error = fetch_all(Some(2)).await.expect_err("fetch 2 fails");
    println!("  error: {error}");
    // Fetch 3 was dropped at 2.0s: however long we wait, it never prints
    // "finished".
    sleep(Duration::from_secs(5)).await;
    println!("5 s later: nothing more");
}
// ANCHOR_END: main
