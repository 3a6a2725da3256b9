//! `asyncio.Lock` in Rust: a `tokio::sync::Mutex` that owns the counter.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn modify_shared_resource(resource: Arc<Mutex<u32>>) {
    // `lock().await` waits until no other task holds the lock, then returns
    // a guard: the only way to reach the value inside.
    let mut value = resource.lock().await;
    println!("Resource before modification: {value}");
    *value += 1;
    // Holding a tokio guard across an `.await` is what it is made for.
    sleep(Duration::from_secs(1)).await; // simulate I/O
    println!("Resource after modification: {value}");
    // The guard is dropped here, at the end of its scope: that unlocks.
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The mutex owns the data it guards; `Arc` shares it between tasks.
    let resource = Arc::new(Mutex::new(0));

    let tasks: Vec<_> = (0..5)
        .map(|_| tokio::spawn(modify_shared_resource(Arc::clone(&resource))))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("Total: {:.1?}", start.elapsed());
}
// ANCHOR_END: main
