//! A stream of `Result`s: `try_next` and `?` in a loop, and `try_collect`.

use std::pin::pin;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use tokio::time::{Instant, sleep};

/// Stands in for an HTTP request: one second per page, and page 3 fails.
async fn fetch_page(number: u32) -> anyhow::Result<String> {
    sleep(Duration::from_secs(1)).await;
    anyhow::ensure!(number != 3, "page {number}: the server answered 503");
    Ok(format!("page {number}"))
}

// ANCHOR: main
/// Pages 1 to `count`, fetched one at a time, as the loop asks for them.
fn pages(count: u32) -> impl Stream<Item = anyhow::Result<String>> {
    stream::iter(1..=count).then(fetch_page)
}

async fn print_pages(start: Instant) -> anyhow::Result<()> {
    let mut pages = pin!(pages(5));
    // `try_next` turns the item `Some(Err(error))` into `Err(error)`, which
    // `?` returns: the loop ends at the first error.
    while let Some(page) = pages.try_next().await? {
        println!("{page} at {:.1?}", start.elapsed());
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    if let Err(error) = print_pages(start).await {
        println!("stopped at {:.1?}: {error}", start.elapsed());
    }
    // Every value, or the first error: `try_collect` is `collect` for a
    // stream of `Result`s.
    let first_two: Vec<String> = pages(2).try_collect().await?;
    println!("{first_two:?} at {:.1?}", start.elapsed());
    Ok(())
}
// ANCHOR_END: main
