//! The Rust side of `call_soon_threadsafe`: a thread hands its result to a
//! task through a channel whose sender is made to cross threads.

use std::thread;

use tokio::sync::oneshot;

// ANCHOR: main
fn checksum(data: &[u8]) -> u32 {
    data.iter().map(|&byte| u32::from(byte)).sum::<u32>() % 65521
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (result_tx, result_rx) = oneshot::channel();
    let data: Vec<u8> = (0..=255).collect();
    // `thread::spawn` asks what `tokio::spawn` asks, `Send + 'static`, for
    // the same reasons: the closure runs on another thread, maybe for longer
    // than this function. A oneshot `Sender` is `Send`; sending on it wakes
    // the task that awaits the receiver, on whatever thread that task runs.
    let worker = thread::spawn(move || {
        result_tx
            .send(checksum(&data))
            .expect("main is still waiting for the result");
    });
    let checksum = result_rx.await.expect("the worker sends before it ends");
    println!("checksum from the worker thread: {checksum}");
    worker.join().expect("the worker does not panic");
}
// ANCHOR_END: main
