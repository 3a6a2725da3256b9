//! A runtime cannot be started inside a runtime.

use tokio::runtime::Runtime;

async fn fetch_data() -> u32 {
    42
}

/// Looks like a handy synchronous wrapper; it is a trap when called from
/// async code.
fn fetch_data_blocking() -> u32 {
    let runtime = Runtime::new().expect("the runtime starts");
    runtime.block_on(fetch_data())
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("in main, on the runtime");
    // This thread is already driving a runtime: blocking it inside another
    // `block_on` would stop every task of the first runtime, so tokio
    // panics instead.
    let value = fetch_data_blocking();
    println!("never printed: {value}");
}
// ANCHOR_END: main
