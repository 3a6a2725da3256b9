//! Two ways out of the nested runtime: await, or leave the runtime's thread.

use tokio::runtime::Handle;

async fn fetch_data() -> u32 {
    42
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Inside async code, the fix is simply to await.
    let value = fetch_data().await;
    println!("awaited: {value}");

    // Synchronous code that must wait for async work runs on a blocking
    // thread (`spawn_blocking`), where a handle to the runtime may block.
    let handle = Handle::current();
    let value = tokio::task::spawn_blocking(move || handle.block_on(fetch_data()))
        .await
        .expect("the blocking task does not panic");
    println!("from a blocking thread: {value}");
}
// ANCHOR_END: main
