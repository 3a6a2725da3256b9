//! A future pinned outside a `select!` loop resumes where it left off.

use std::pin::pin;
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
    // Made once, before the loop. `select!` polls it through `&mut`, so
    // each turn goes on from where the last one stopped. Polling through a
    // reference needs the future pinned: it must not move between polls.
    let mut fetch = pin!(fetch_data(start));
    loop {
        tokio::select! {
            data = &mut fetch => {
                println!("got {data} at {:.1?}", start.elapsed());
                break;
            }
            // This sleep is new on every turn, as it should be: it means
            // "one second without news".
            () = sleep(Duration::from_secs(1)) => {
                println!("still waiting at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
