//! Exercise: look up several prices at once, each lookup borrowing the
//! caller's catalog, without spawning.

// ANCHOR: given
use std::collections::HashMap;
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// A price list, loaded once; the lookups only read it.
struct Catalog {
    prices: HashMap<&'static str, u32>,
}

impl Catalog {
    /// Looks an item up: a second on the network, then a read of the map.
    async fn price_of(&self, item: &str) -> u32 {
        sleep(Duration::from_secs(1)).await; // stands in for the network
        self.prices[item]
    }
}
// ANCHOR_END: given

// ANCHOR: solution
use futures::future::join_all;

/// Prices every item at once. `join_all` spawns nothing: its futures run
/// inside the caller's task, which cannot outlive `catalog`, so they may
/// borrow it, with no `Arc`, no clone and no `'static`.
async fn price_all(catalog: &Catalog, items: &[&str]) -> Vec<u32> {
    join_all(items.iter().map(|item| catalog.price_of(item))).await
}
// ANCHOR_END: solution

// ANCHOR: given-main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let catalog = Catalog {
        prices: HashMap::from([("apple", 3), ("bread", 4), ("milk", 2)]),
    };
    let prices = price_all(&catalog, &["apple", "bread", "milk"]).await;
    println!("prices {prices:?} in {:.1?}", start.elapsed());
}
// ANCHOR_END: given-main
