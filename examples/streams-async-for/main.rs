//! An async generator and `async for`: `stream!` and `while let ... next()`.

use std::pin::pin;
use std::time::Duration;

use async_stream::stream;
use futures::{Stream, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Written like an async generator: it awaits, and yields each item in turn.
fn fetch_pages(count: u32) -> impl Stream<Item = String> {
    stream! {
        for number in 1..=count {
            sleep(Duration::from_secs(1)).await; // one second per page
            yield format!("page {number}");
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // `next` needs a stream that cannot move while it waits: pin it.
    let mut pages = pin!(fetch_pages(3));
    while let Some(page) = pages.next().await {
        println!("got {page} at {:.1}s", start.elapsed().as_secs_f64());
    }
    println!("no more pages");
}
// ANCHOR_END: main
