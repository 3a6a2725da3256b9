//! Three ways to work on borrowed data at once: scoped threads (block),
//! `join_all` (one task, no spawn), and a `JoinSet` (owned data only).

use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

use futures::future::join_all;
use tokio::runtime::Builder;
use tokio::task::{JoinSet, yield_now};

// ANCHOR: main
async fn price_of(catalog: &HashMap<String, u32>, item: &str) -> u32 {
    yield_now().await; // stands in for a lookup over the network
    catalog[item]
}

fn main() {
    let catalog: HashMap<String, u32> = [("apple", 3), ("bread", 4), ("milk", 2)]
        .into_iter()
        .map(|(item, price)| (item.to_string(), price))
        .collect();
    let items = ["apple", "bread", "milk"];

    // 1. Scoped threads may borrow `catalog`: `scope` returns only after
    //    every thread spawned in it has ended, and this thread waits in it.
    let prices = thread::scope(|scope| {
        let handles = items.map(|item| scope.spawn(|| catalog[item]));
        handles.map(|handle| handle.join().expect("a lookup does not panic"))
    });
    println!("scoped threads: {prices:?}");

    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime can be built here");
    runtime.block_on(async {
        // 2. `join_all` spawns nothing: its futures run inside this task,
        //    which cannot outlive `catalog`, so they may borrow it.
        let prices = join_all(items.map(|item| price_of(&catalog, item))).await;
        println!("join_all:       {prices:?}");

        // 3. A `JoinSet` spawns tasks, which must own what they use.
        let shared = Arc::new(catalog.clone());
        let mut set = JoinSet::new();
        for (index, item) in items.into_iter().enumerate() {
            let shared = Arc::clone(&shared);
            set.spawn(async move { (index, price_of(&shared, item).await) });
        }
        // Results come in the order the tasks finish: sort them back.
        let mut results = set.join_all().await;
        results.sort();
        let prices: Vec<u32> = results.into_iter().map(|(_, price)| price).collect();
        println!("JoinSet:        {prices:?}");
    });
}
// ANCHOR_END: main
