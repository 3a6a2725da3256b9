//! Exercise: report each task's result the moment it finishes, with a
//! `JoinSet`, instead of in the order the tasks were spawned.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Resizes one image: the bigger the image, the longer it takes.
async fn resize(name: &'static str, seconds: u64) -> &'static str {
    sleep(Duration::from_secs(seconds)).await;
    name
}

/// The images to resize, and how many seconds each one takes.
const IMAGES: [(&str, u64); 3] = [("banner", 3), ("icon", 1), ("photo", 2)];
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (name, seconds) in IMAGES {
        set.spawn(resize(name, seconds));
    }
    // `join_next` gives whichever task finishes next, as soon as it does.
    while let Some(joined) = set.join_next().await {
        let name = joined.expect("resizing does not panic");
        println!("got {name} at {:.1}s", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: solution
