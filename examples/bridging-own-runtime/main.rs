//! A blocking facade that owns its runtime: for callers that have none.

use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};

async fn fetch_price(item: &str) -> u32 {
    let thread = thread::current();
    let name = thread.name().unwrap_or("unnamed");
    println!("fetch_price({item:?}) runs on {name}");
    // A real fetch would wait for the network; a timer stands in for it.
    tokio::time::sleep(Duration::from_millis(10)).await;
    item.len() as u32 * 10
}

// ANCHOR: main
/// A blocking client with a runtime of its own, so that its callers need
/// no runtime at all.
struct BlockingPriceClient {
    runtime: Runtime,
}

impl BlockingPriceClient {
    fn new() -> std::io::Result<Self> {
        // A current-thread runtime starts no threads: it runs only inside
        // `block_on`, on the thread of the caller.
        let runtime = Builder::new_current_thread().enable_all().build()?;
        Ok(BlockingPriceClient { runtime })
    }

    fn price(&self, item: &str) -> u32 {
        self.runtime.block_on(fetch_price(item))
    }
}

// A plain `main`: no runtime anywhere but inside the client.
fn main() {
    let client = BlockingPriceClient::new().expect("the runtime starts");
    for item in ["apples", "pears"] {
        println!("{item} cost {}", client.price(item));
    }
}
// ANCHOR_END: main
