//! Exercise: stop at the first failed fetch instead of waiting for all of
//! them.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Fetches page `id`, which takes `millis` milliseconds. Page 3's server
/// is down, and says so after a second.
async fn fetch_page(start: Instant, id: u32, millis: u64) -> anyhow::Result<String> {
    sleep(Duration::from_millis(millis)).await;
    anyhow::ensure!(id != 3, "page {id}: the server answered 503");
    println!("page {id} fetched at {:.1}s", start.elapsed().as_secs_f64());
    Ok(format!("page {id}"))
}

/// Each page's id and how long it takes, in milliseconds.
const PAGES: [(u32, u64); 5] = [
    (1, 500),
    (2, 1500),
    (3, 1000), // fails
    (4, 2500),
    (5, 2000),
];
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let fetches = PAGES.map(|(id, millis)| fetch_page(start, id, millis));
    // All `Ok`: every page, in list order. The first `Err`: that error, at
    // once, and the fetches still running are dropped.
    let pages = futures::future::try_join_all(fetches).await;
    let seconds = start.elapsed().as_secs_f64();
    match pages {
        Ok(pages) => println!("all {} pages at {seconds:.1}s", pages.len()),
        Err(error) => println!("gave up at {seconds:.1}s: {error}"),
    }
}
// ANCHOR_END: solution
