//! One runtime, several `block_on` calls: Rust's `asyncio.Runner`.

use std::time::Duration;

use tokio::runtime::Builder;
use tokio::time::{Instant, sleep};

async fn fetch_data(id: u32, delay: Duration) -> String {
    println!("fetching {id}");
    sleep(delay).await;
    format!("data {id}")
}

// ANCHOR: main
fn main() {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("the runtime starts");
    // Outside the runtime, tokio's clock is the real one: enter the
    // runtime's context to read its (paused) clock from plain `main`.
    let _context = runtime.enter();
    let start = Instant::now();

    // Like `runner.run(...)`, each call runs one coroutine to the end on
    // the same event loop, so its clock and its tasks carry over.
    let first = runtime.block_on(fetch_data(1, Duration::from_secs(1)));
    println!("{first} at {:.1?}", start.elapsed());

    // A task spawned between two calls waits: a current-thread runtime
    // only runs tasks while a `block_on` call drives it.
    let background = runtime.spawn(fetch_data(2, Duration::from_secs(2)));
    println!("spawned a task at {:.1?}", start.elapsed());

    let second = runtime
        .block_on(background)
        .expect("the background task does not panic");
    println!("{second} at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
