//! A future created inside a `select!` loop starts over on every turn.

use std::time::Duration;

use tokio::time::{Instant, sleep};

async fn fetch_data(start: Instant) -> String {
    println!("fetch started at {:.1?}", start.elapsed());
    sleep(Duration::from_millis(3500)).await;
    "data".to_string()
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Four rounds only: without a limit, this loop would never end.
    for _ in 0..4 {
        tokio::select! {
            // A new fetch on every turn; the one from the turn before was
            // dropped when that turn's `select!` returned.
            data = fetch_data(start) => {
                println!("got {data} at {:.1?}", start.elapsed());
                break;
            }
            () = sleep(Duration::from_secs(1)) => {
                println!("still waiting at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
