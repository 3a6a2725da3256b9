//! `join_all` over futures of different types: each is boxed into one type.

use std::pin::Pin;
use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};

async fn check_database() -> String {
    sleep(Duration::from_millis(300)).await;
    "database: 3 connections".to_string()
}

async fn check_cache(host: &'static str) -> String {
    sleep(Duration::from_millis(100)).await;
    format!("cache at {host}: up")
}

async fn check_disk(min_free_gb: u64) -> String {
    sleep(Duration::from_millis(200)).await;
    let free_gb = 42;
    format!("disk: {free_gb} GB free, {min_free_gb} needed")
}

// ANCHOR: main
/// Any future that gives a `String`, on the heap, behind one type.
type Check = Pin<Box<dyn Future<Output = String> + Send>>;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let cache_hosts = ["10.0.0.7", "10.0.0.8"];
    // Three `async fn`s, three future types: a `Vec` needs one. `Box::pin`
    // moves each future to the heap, and the `Check` type hides which one
    // it is.
    let mut checks: Vec<Check> = Vec::new();
    checks.push(Box::pin(check_database()));
    checks.push(Box::pin(check_disk(10)));
    for host in cache_hosts {
        checks.push(Box::pin(check_cache(host)));
    }
    for report in join_all(checks).await {
        println!("{report}");
    }
    println!("all checks done in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
