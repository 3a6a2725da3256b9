//! A paginated API as a stream, with `stream::unfold`.

use std::pin::pin;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// One page of results, and where the next page starts, if there is one.
struct Page {
    items: Vec<&'static str>,
    next: Option<u32>,
}

/// Stands in for an HTTP request: one second per page, three pages.
async fn fetch_page(cursor: u32) -> Page {
    sleep(Duration::from_secs(1)).await;
    match cursor {
        0 => Page {
            items: vec!["ada", "bo"],
            next: Some(2),
        },
        2 => Page {
            items: vec!["cy", "di"],
            next: Some(4),
        },
        _ => Page {
            items: vec!["ed"],
            next: None,
        },
    }
}

/// Every page, one after the other. The state carried from one step to
/// the next is the cursor of the page to fetch, or `None` after the last.
fn all_pages() -> impl Stream<Item = Vec<&'static str>> {
    stream::unfold(Some(0), |cursor| async move {
        let cursor = cursor?; // no next page: returning `None` ends the stream
        let page = fetch_page(cursor).await;
        Some((page.items, page.next)) // the item, and the next state
    })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut pages = pin!(all_pages());
    while let Some(items) = pages.next().await {
        println!("{items:?} at {:.1}s", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: main
