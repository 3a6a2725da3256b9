//! The same callback, returning a boxed future whose lifetime is tied to
//! the argument: `FnMut(&str) -> Pin<Box<dyn Future<Output = ()> + '_>>`.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use tokio::time::{Instant, sleep};

async fn fetch_size(url: &str) -> usize {
    sleep(Duration::from_millis(500)).await; // stands in for a download
    url.len() * 100
}

// ANCHOR: main
async fn for_each_page<F>(paths: &[&str], mut handler: F)
where
    // `'_` ties the future to the `&str`: it may borrow the argument.
    F: FnMut(&str) -> Pin<Box<dyn Future<Output = ()> + '_>>,
{
    for path in paths {
        let url = format!("https://example.com{path}");
        handler(&url).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The future may live as long as the argument, so it may borrow nothing
    // else: it owns a handle to the count.
    let total = Rc::new(Cell::new(0));
    for_each_page(&["/index.html", "/contact.html"], |url| {
        let total = Rc::clone(&total);
        // One heap allocation per call.
        Box::pin(async move {
            let size = fetch_size(url).await;
            total.set(total.get() + size);
            println!("{url}: {size} bytes");
        })
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    println!("total {} bytes in {seconds:.1}s", total.get());
}
// ANCHOR_END: main
