//! `spawn_local` inside a `LocalSet`: tasks that keep an `Rc<RefCell<_>>`
//! across `.await`, on a multi-thread runtime, next to an ordinary task.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread;

use tokio::task::{LocalSet, yield_now};

// ANCHOR: main
fn thread_name() -> String {
    thread::current().name().unwrap_or("unnamed").to_string()
}

async fn fetch(id: u32, log: Rc<RefCell<Vec<String>>>) {
    yield_now().await; // stands in for a network round trip
    // `Rc` and `RefCell` are not thread-safe, and this task holds them
    // across the `.await` above: `tokio::spawn` would refuse it.
    let line = format!("fetch {id} ran on thread {}", thread_name());
    log.borrow_mut().push(line);
}

#[tokio::main]
async fn main() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let local = LocalSet::new();
    // `run_until` runs the future, and the set's tasks with it, on the
    // thread that awaits it: here the main thread, inside `block_on`.
    local
        .run_until(async {
            let tasks = [1, 2].map(|id| {
                // Each task owns a clone of the `Rc`: local tasks are
                // still `'static`.
                tokio::task::spawn_local(fetch(id, Rc::clone(&log)))
            });
            for task in tasks {
                task.await.expect("a fetch does not panic");
            }
        })
        .await;
    // An ordinary task of the same runtime runs on a worker thread.
    let worker = tokio::spawn(async { thread_name() });
    for line in log.borrow().iter() {
        println!("{line}");
    }
    let name = worker.await.expect("the task does not panic");
    println!("the tokio::spawn task ran on thread {name}");
}
// ANCHOR_END: main
