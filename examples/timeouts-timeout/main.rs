//! `tokio::time::timeout` drops the future it wraps when the time is up.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
/// Prints when the fetch's future is dropped, finished or not.
struct Dropped {
    start: Instant,
}

impl Drop for Dropped {
    fn drop(&mut self) {
        println!("fetch dropped at {:.1?}", self.start.elapsed());
    }
}

async fn fetch_data(start: Instant) -> String {
    let _dropped = Dropped { start };
    println!("fetch started");
    sleep(Duration::from_secs(2)).await; // stands in for a slow server
    "data".to_string()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    match timeout(Duration::from_secs(1), fetch_data(start)).await {
        Ok(data) => println!("got {data}"),
        Err(elapsed) => println!("gave up at {:.1?}: {elapsed}", start.elapsed()),
    }

    // With time to spare, the fetch finishes and its value comes back in Ok.
    let data = timeout(Duration::from_secs(5), fetch_data(start))
        .await
        .expect("two seconds fit in five");
    println!("got {data} at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
