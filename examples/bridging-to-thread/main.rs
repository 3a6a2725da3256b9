//! Blocking calls from async code, each on a thread of tokio's blocking
//! pool: Rust's `asyncio.to_thread`.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread::{self, ThreadId};

use futures::future::join_all;

// ANCHOR: main
/// A function from a synchronous library: it blocks its thread. Here it
/// waits at a barrier until all three lookups are in progress at once,
/// which can only happen if each one has a thread of its own.
fn lookup_blocking(name: &str, all_in: &Barrier) -> (usize, ThreadId) {
    all_in.wait();
    (name.len(), thread::current().id())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let names = ["alice", "bob", "carol"];
    let all_in = Arc::new(Barrier::new(names.len()));
    let lookups = names.map(|name| {
        let all_in = Arc::clone(&all_in);
        // The closure must own what it uses: it runs on another thread,
        // maybe after this function has returned.
        tokio::task::spawn_blocking(move || lookup_blocking(name, &all_in))
    });
    let results: Vec<(usize, ThreadId)> = join_all(lookups)
        .await
        .into_iter()
        .map(|joined| joined.expect("a lookup does not panic"))
        .collect();

    let lengths: Vec<usize> = results.iter().map(|(length, _)| *length).collect();
    let threads: HashSet<ThreadId> = results.iter().map(|(_, id)| *id).collect();
    println!("lengths: {lengths:?}");
    println!(
        "{} lookups ran at once on {} threads",
        names.len(),
        threads.len()
    );
}
// ANCHOR_END: main
