//! Where tasks run: one thread, or a pool of worker threads.

use std::thread;

use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinSet;

// ANCHOR: main
/// Spawns four tasks on `runtime` and reports the thread each one ran on.
fn threads_used(runtime: &Runtime) -> Vec<String> {
    runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for _ in 0..4 {
            tasks.spawn(async {
                let this = thread::current();
                this.name().unwrap_or("unnamed").to_owned()
            });
        }
        let mut names = tasks.join_all().await;
        // Tasks finish in no fixed order on a thread pool; sort for a
        // stable report.
        names.sort();
        names
    })
}

fn main() {
    // What `#[tokio::main(flavor = "current_thread")]` builds: every task
    // runs on the thread that calls `block_on`, here the main thread.
    let single = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the runtime starts");
    println!("current_thread: {:?}", threads_used(&single));

    // What plain `#[tokio::main]` builds: a pool of worker threads (one per
    // core by default), each running tasks in parallel with the others.
    let pool = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the runtime starts");
    println!("multi_thread:   {:?}", threads_used(&pool));
}
// ANCHOR_END: main
