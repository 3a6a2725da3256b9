//! The same callback, taken the pre-1.85 way: a closure type and a future
//! type, `F: FnMut(String) -> Fut, Fut: Future`.

use std::cell::Cell;
use std::time::Duration;

use tokio::time::{Instant, sleep};

async fn fetch_size(url: &str) -> usize {
    sleep(Duration::from_millis(500)).await; // stands in for a download
    url.len() * 100
}

// ANCHOR: main
async fn for_each_page<F, Fut>(paths: &[&str], mut handler: F)
where
    F: FnMut(String) -> Fut,
    Fut: Future<Output = ()>,
{
    for path in paths {
        // `Fut` is one type, chosen by the caller, so it cannot borrow from
        // a local of this function: the handler gets an owned `String`.
        handler(format!("https://example.com{path}")).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The future may not hold a `&mut` to the closure's captures, but it
    // may hold a shared reference: a `Cell` is changed through one.
    let total = Cell::new(0);
    for_each_page(&["/index.html", "/contact.html"], |url| {
        let total = &total; // copied into the future by `async move`
        async move {
            let size = fetch_size(&url).await;
            total.set(total.get() + size);
            println!("{url}: {size} bytes");
        }
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    println!("total {} bytes in {seconds:.1}s", total.get());
}
// ANCHOR_END: main
