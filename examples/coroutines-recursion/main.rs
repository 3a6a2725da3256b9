//! A recursive `async fn`: the recursive call is boxed.

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// The replies to a comment, as a forum's API would give them.
async fn fetch_replies(id: u32) -> Vec<u32> {
    sleep(Duration::from_millis(100)).await;
    match id {
        1 => vec![2, 3],
        2 => vec![4],
        _ => Vec::new(),
    }
}

// ANCHOR: main
/// Prints a comment and, below it, every reply to it, at any depth.
/// Returns how many comments it printed.
async fn print_thread(id: u32, depth: usize) -> u32 {
    println!("{:indent$}comment {id}", "", indent = 2 * depth);
    let mut count = 1;
    for reply in fetch_replies(id).await {
        // `Box::pin` puts the inner call's future on the heap: this
        // future holds only a pointer to it, so its size is known.
        count += Box::pin(print_thread(reply, depth + 1)).await;
    }
    count
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let count = print_thread(1, 0).await;
    println!("{count} comments in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
