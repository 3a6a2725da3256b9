//! Asking for a write lock while holding a read lock waits forever.

use std::time::Duration;

use tokio::sync::RwLock;
use tokio::time::{Instant, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let cache = RwLock::new(Vec::<String>::new());

    let read = cache.read().await;
    if read.is_empty() {
        // The writer waits for every reader to leave, this task included,
        // and this task is waiting for the writer: neither moves. The
        // timeout only lets the program say so.
        let write = timeout(Duration::from_secs(5), cache.write()).await;
        if write.is_err() {
            println!("write() still waiting after {:.1?}", start.elapsed());
        }
    }
    // The fix: let go of the read guard first. Another task may have
    // filled the cache in between, so look again once writing.
    drop(read);
    let mut write = cache.write().await;
    if write.is_empty() {
        write.push(String::from("fresh entry"));
    }
    println!("after drop(read): cache = {:?}", *write);
}
// ANCHOR_END: main
