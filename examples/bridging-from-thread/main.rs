//! Async code called from a plain thread: a runtime kept by `main`, and a
//! `Handle` to it handed to the thread. Rust's `run_coroutine_threadsafe`.

use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Handle};

/// The name of the thread running the caller, as the lines below print it.
fn this_thread() -> String {
    thread::current().name().unwrap_or("unnamed").to_owned()
}

async fn fetch_price(item: &str) -> u32 {
    println!("fetch_price({item:?}) runs on {}", this_thread());
    // A real fetch would wait for the network; a timer stands in for it.
    tokio::time::sleep(Duration::from_millis(10)).await;
    item.len() as u32 * 10
}

/// A plain function, run on the runtime's threads (`call_soon_threadsafe`).
fn log_on_runtime(message: &str) {
    println!("{message:?} logged on {}", this_thread());
}

// ANCHOR: main
/// Synchronous code, as a GUI's or a sync library's thread would be. All it
/// has of tokio is a `Handle`.
fn ui(runtime: Handle) {
    // `run_coroutine_threadsafe(coro, loop).result()`: the task runs on
    // the runtime's workers, and this thread blocks until it is done.
    let task = runtime.spawn(fetch_price("apples"));
    let price = runtime.block_on(task).expect("fetch_price does not panic");
    println!("{}: apples cost {price}", this_thread());

    // `Handle::block_on` given the future itself runs it right here, on
    // this thread; the runtime's workers still drive its timer.
    let price = runtime.block_on(fetch_price("pears"));
    println!("{}: pears cost {price}", this_thread());

    // `call_soon_threadsafe(callback)`: a plain function, wrapped in a task.
    // Waiting for it is what makes sure it runs before the runtime is
    // dropped: a task that has not run by then never will.
    let logged = runtime.spawn(async { log_on_runtime("ui clicked") });
    runtime
        .block_on(logged)
        .expect("the log call does not panic");
}

fn main() {
    // The runtime's own threads play the part of the thread that runs the
    // asyncio loop.
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("runtime-worker")
        .enable_all()
        .build()
        .expect("the runtime starts");

    let handle = runtime.handle().clone();
    let ui_thread = thread::Builder::new()
        .name("ui".to_owned())
        .spawn(move || ui(handle))
        .expect("the thread starts");
    ui_thread.join().expect("the ui thread does not panic");
    // Dropping the runtime stops its workers, like `loop.stop()`.
    drop(runtime);
}
// ANCHOR_END: main
