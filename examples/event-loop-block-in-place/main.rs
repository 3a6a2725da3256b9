//! The closest thing to `nest_asyncio`: `block_in_place` on a multi-thread runtime.

use tokio::runtime::Handle;
use tokio::task;

async fn fetch_data() -> u32 {
    42
}

// ANCHOR: main
/// A synchronous helper that needs the result of async code, called from
/// inside the runtime. `block_in_place` tells the runtime that this thread
/// is about to block (on a worker thread, the runtime first moves the
/// worker's other tasks to a new thread), and inside it the handle may
/// block on the future.
fn fetch_data_blocking() -> u32 {
    task::block_in_place(|| Handle::current().block_on(fetch_data()))
}

// `block_in_place` needs a multi-thread runtime: on a current-thread one
// there is no other thread to take over the tasks, and it panics.
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let from_main = fetch_data_blocking();
    println!("main's future, blocking in place: {from_main}");

    let task = tokio::spawn(async { fetch_data_blocking() });
    let from_task = task.await.expect("the task does not panic");
    println!("a task on a worker, blocking in place: {from_task}");
}
// ANCHOR_END: main
