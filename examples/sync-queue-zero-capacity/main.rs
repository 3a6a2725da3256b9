//! `mpsc::channel(0)` panics: tokio has no channel without room.

// ANCHOR: main
use std::panic;

use tokio::sync::mpsc;

fn main() {
    // Report a panic by its place and message only. (The default report
    // also names the thread, with an id that changes from run to run.)
    panic::set_hook(Box::new(|info| eprintln!("{info}")));

    // Python's `Queue(maxsize=0)` is unbounded; this is not.
    let (queue, jobs) = mpsc::channel::<u32>(0);
    drop((queue, jobs));
}
// ANCHOR_END: main
