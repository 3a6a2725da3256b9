//! `buffer_unordered`: a bounded `gather`.

use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch(url: String) -> String {
    sleep(Duration::from_secs(1)).await;
    format!("{url}: 200")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let urls = (1..=10).map(|number| format!("/page/{number}"));
    let pages: Vec<String> = stream::iter(urls)
        .map(fetch) // a stream of futures, none of them started
        .buffer_unordered(3) // run up to three at once; outputs as they finish
        .collect()
        .await;
    println!(
        "{} pages in {:.1}s",
        pages.len(),
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: main
