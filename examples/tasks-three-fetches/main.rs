//! Three spawned tasks wait at the same time: 2 s + 3 s + 1 s takes 3 s.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u32, sleep_time: u64) -> String {
    println!("Coroutine {id} starting to fetch data.");
    sleep(Duration::from_secs(sleep_time)).await; // stands in for a request
    format!("Sample data from coroutine {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // `tokio::spawn` is `asyncio.create_task`: it hands the future to the
    // runtime, which runs it as a task of its own, and returns a handle.
    let task1: JoinHandle<String> = tokio::spawn(fetch_data(1, 2));
    let task2 = tokio::spawn(fetch_data(2, 3));
    let task3 = tokio::spawn(fetch_data(3, 1));

    // Awaiting a handle waits for its task and gives back the task's output,
    // wrapped in a `Result`: `Err` if the task panicked or was aborted.
    let result1 = task1.await.expect("task 1 does not panic");
    println!("Received {result1:?} at {:.1?}", start.elapsed());
    let result2 = task2.await.expect("task 2 does not panic");
    println!("Received {result2:?} at {:.1?}", start.elapsed());
    // Task 3 finished at 1.0s; its output waited in the handle until now.
    let result3 = task3.await.expect("task 3 does not panic");
    println!("Received {result3:?} at {:.1?}", start.elapsed());

    println!("finished in {:.1?}", start.elapsed());
}
// ANCHOR_END: main
