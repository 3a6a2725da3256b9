//! `join!` runs its futures inside one task; spawned tasks can run in parallel.

use std::thread;

use futures::future::join_all;
use tokio::task::yield_now;

// ANCHOR: main
/// Yields once, then reports the thread it was resumed on.
async fn thread_name() -> String {
    yield_now().await;
    thread::current().name().unwrap_or("unnamed").to_owned()
}

// A multi-thread runtime: two worker threads, plus the main thread, which
// runs `main`'s own future.
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // Three futures, one task (main's): they take turns on its thread.
    let (a, b, c) = tokio::join!(thread_name(), thread_name(), thread_name());
    println!("join!: {:?}", [a, b, c]);

    // Three tasks: the worker threads run them, in parallel if they can.
    let handles = [
        tokio::spawn(thread_name()),
        tokio::spawn(thread_name()),
        tokio::spawn(thread_name()),
    ];
    let names: Vec<String> = join_all(handles)
        .await
        .into_iter()
        .map(|joined| joined.expect("thread_name does not panic"))
        .collect();
    println!("spawn: {names:?}");
}
// ANCHOR_END: main
