//! On a current-thread runtime, a spawned task starts when the spawner yields.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(delay: Duration, id: u32) -> String {
    println!("Coroutine {id} starting to fetch data.");
    sleep(delay).await;
    format!("data 010110 from {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    println!("Start of main coroutine");
    let task_1 = tokio::spawn(fetch_data(Duration::from_millis(500), 0));
    let task_2 = tokio::spawn(fetch_data(Duration::from_secs(1), 1));
    // Both tasks sit in the runtime's ready queue. There is one thread, and
    // `main` is using it: nothing else runs until `main` yields.
    println!("Tasks created");
    let busy: u64 = (1..=1_000_000).sum(); // work, but no `.await`
    println!("Computed {busy} without yielding; the tasks still wait");

    // `task_1` is not finished, so this `.await` yields: now the runtime
    // runs the two tasks, in the order they were spawned.
    let data_1 = task_1.await.expect("task 1 does not panic");
    println!("Received {data_1:?}");
    let data_2 = task_2.await.expect("task 2 does not panic");
    println!("Received {data_2:?}");
    println!("End of main coroutine");
    println!("Time elapsed = {:.1?}", start.elapsed());
}
// ANCHOR_END: main
