//! The same lock on a multi-thread runtime: tasks run in parallel, and the
//! output is made to depend on nothing that varies from run to run.

use std::sync::Arc;

use tokio::sync::Mutex;
use tokio::task::{JoinSet, yield_now};

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let balance = Arc::new(Mutex::new(0_u64));
    let mut tasks = JoinSet::new();
    for _ in 0..8 {
        let balance = Arc::clone(&balance);
        tasks.spawn(async move {
            for _ in 0..1_000 {
                let mut value = balance.lock().await;
                let read = *value;
                // While this task waits here, the other seven run, on four
                // threads at once; none of them can reach the value.
                yield_now().await;
                *value = read + 1;
            }
        });
    }
    tasks.join_all().await;
    // Which task got the lock when changes from run to run; the total
    // does not, so that is all the program prints.
    let total = *balance.lock().await;
    println!("8 tasks x 1000 updates on 4 worker threads: {total}");
}
// ANCHOR_END: main
