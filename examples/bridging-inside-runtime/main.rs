//! A synchronous API over async code works from a thread outside the
//! runtime, and panics when it is called from async code.

use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task;

async fn fetch_price(item: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(10)).await;
    item.len() as u32 * 10
}

// ANCHOR: main
/// A blocking client for callers that are not async: it keeps a handle to
/// the runtime and blocks on it in each method.
#[derive(Clone)]
struct PriceClient {
    runtime: Handle,
}

impl PriceClient {
    fn price(&self, item: &str) -> u32 {
        self.runtime.block_on(fetch_price(item))
    }
}

#[tokio::main]
async fn main() {
    let client = PriceClient {
        runtime: Handle::current(),
    };
    // From a thread of the blocking pool, outside the async world: fine.
    let blocking_client = client.clone();
    let apples = task::spawn_blocking(move || blocking_client.price("apples"))
        .await
        .expect("the blocking job does not panic");
    println!("from a blocking thread: apples cost {apples}");

    // From async code, which runs on the runtime: blocking here would stop
    // this thread's async work until the call returned, so tokio panics.
    println!("from async code: asking for pears");
    let pears = client.price("pears");
    println!("never printed: {pears}");
}
// ANCHOR_END: main
