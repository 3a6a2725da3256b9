//! Stream adapters: `then`, `filter`, `map`, `take`, `chunks`, `collect`.

use std::time::Duration;

use futures::future;
use futures::stream::{self, Stream, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
fn readings() -> impl Stream<Item = f64> {
    // `then` awaits the future that its closure returns for each item:
    // a reading every second.
    let celsius = [18.5, 21.0, 19.5, 23.5, 22.0, 24.5, 20.0];
    stream::iter(celsius).then(|celsius| async move {
        sleep(Duration::from_secs(1)).await;
        celsius
    })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let batches: Vec<Vec<String>> = readings()
        // futures' `filter` takes a closure that returns a future.
        .filter(|celsius| future::ready(*celsius > 20.0))
        .map(|celsius| format!("{celsius:.1}"))
        .take(4) // after the fourth, stop asking for more
        .chunks(2) // vectors of two
        .collect()
        .await;
    println!("{batches:?} at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: main
