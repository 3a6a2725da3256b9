//! Exercise: a lock taken twice, with an `.await` in between, loses updates.

// ANCHOR: given
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

/// Writes the visit to a log. The sleep stands in for the I/O, and is the
/// `.await` in the middle of each update.
async fn log_visit() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let visits = Arc::new(Mutex::new(0_u32));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let visits = Arc::clone(&visits);
        tasks.push(tokio::spawn(async move {
            // One guard for the whole read-await-write: no other task can
            // read the count until this one has written it back.
            let mut count = visits.lock().await;
            log_visit().await;
            *count += 1;
        }));
    }
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("visits = {}", *visits.lock().await);
}
// ANCHOR_END: solution
