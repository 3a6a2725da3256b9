//! Exercise: make the crawl task `Send` without holding a lock while a page
//! downloads.

// ANCHOR: given
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::{Instant, sleep};

#[derive(Default)]
struct Stats {
    pages: u32,
    bytes: usize,
}

async fn download(path: &str) -> usize {
    sleep(Duration::from_secs(1)).await; // stands in for the network
    path.len() * 100
}
// ANCHOR_END: given

// ANCHOR: solution
async fn crawl(path: &'static str, stats: Arc<Mutex<Stats>>) {
    // Download first, with no lock held; then lock, update, and let the
    // guard go at the end of the function. No `.await` comes after it.
    let bytes = download(path).await;
    let mut stats = stats.lock().expect("no task panics holding the lock");
    stats.pages += 1;
    stats.bytes += bytes;
}
// ANCHOR_END: solution

// ANCHOR: given-tail
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let stats = Arc::new(Mutex::new(Stats::default()));
    let mut tasks = Vec::new();
    for path in ["/index.html", "/about.html", "/blog.html"] {
        tasks.push(tokio::spawn(crawl(path, Arc::clone(&stats))));
    }
    for task in tasks {
        task.await.expect("a crawl does not panic");
    }
    let stats = stats.lock().expect("no task panics holding the lock");
    let elapsed = start.elapsed();
    println!(
        "{} pages, {} bytes in {elapsed:.1?}",
        stats.pages, stats.bytes
    );
}
// ANCHOR_END: given-tail
