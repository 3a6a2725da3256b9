//! `mpsc::channel(0)` panics: tokio has no channel without room.

// ANCHOR: main
use tokio::sync::mpsc;

fn main() {
    // Python's `Queue(maxsize=0)` is unbounded; this is not.
    let (queue, jobs) = mpsc::channel::<u32>(0);
    drop((queue, jobs));
}
// ANCHOR_END: main
