//! 10,000 tasks each wait one second, and all of them finish in one second.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn wait_for_reply(id: u32) -> u32 {
    // Stands in for a request whose answer takes one second to arrive.
    sleep(Duration::from_secs(1)).await;
    id
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // 10,000 tasks on one thread. Each is a small allocation, not a thread
    // with a stack of its own, so this is cheap.
    let mut tasks = JoinSet::new();
    for id in 0..10_000 {
        tasks.spawn(wait_for_reply(id));
    }
    let replies = tasks.join_all().await;
    println!("{} replies in {:.1?}", replies.len(), start.elapsed());
}
// ANCHOR_END: main
