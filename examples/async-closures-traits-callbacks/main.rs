//! An async callback taken as `impl AsyncFnMut(&str)`, and given as an
//! async closure that borrows both its argument and `main`'s `total`.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_size(url: &str) -> usize {
    sleep(Duration::from_millis(500)).await; // stands in for a download
    url.len() * 100
}

async fn for_each_page(paths: &[&str], mut handler: impl AsyncFnMut(&str)) {
    for path in paths {
        let url = format!("https://example.com{path}");
        // The handler borrows `url` only while its future runs.
        handler(&url).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut total = 0;
    // An async closure: it borrows `total` mutably, and its future uses
    // that borrow (and the `url` it is given) across the `.await`.
    for_each_page(&["/index.html", "/contact.html"], async |url| {
        let size = fetch_size(url).await;
        total += size;
        println!("{url}: {size} bytes");
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    println!("total {total} bytes in {seconds:.1}s");
}
// ANCHOR_END: main
