//! tokio's first choice: a std `Mutex` inside a type whose methods are not async.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: main
/// Hit counts per page, shared by every request. Cloning a `HitCounter`
/// clones the handle, not the counts.
#[derive(Clone, Default)]
struct HitCounter {
    counts: Arc<Mutex<HashMap<String, u32>>>,
}

impl HitCounter {
    /// Counts one hit and returns the new count. The method is not
    /// `async`, so the guard cannot live across an `.await`: the lock is
    /// held for these few lines and no longer.
    fn record(&self, page: &str) -> u32 {
        let mut counts = self.counts.lock().expect("no holder panics");
        let count = counts.entry(page.to_owned()).or_default();
        *count += 1;
        *count
    }

    fn count(&self, page: &str) -> u32 {
        let counts = self.counts.lock().expect("no holder panics");
        counts.get(page).copied().unwrap_or(0)
    }
}

async fn handle_request(hits: HitCounter, page: &'static str, ms: u64) {
    sleep(Duration::from_millis(ms)).await; // the request's own I/O
    let count = hits.record(page);
    println!("{page}: hit {count}");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let hits = HitCounter::default();
    let mut requests = JoinSet::new();
    for (page, ms) in [("/home", 300), ("/about", 100), ("/home", 200)] {
        requests.spawn(handle_request(hits.clone(), page, ms));
    }
    requests.join_all().await;
    println!("/home was hit {} times", hits.count("/home"));
}
// ANCHOR_END: main
