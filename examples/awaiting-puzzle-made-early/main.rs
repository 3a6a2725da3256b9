//! Puzzle: a future made first, but awaited later, starts later; a task
//! starts as soon as `main` waits.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(start: Instant, id: u32) -> String {
    let seconds = || start.elapsed().as_secs_f64();
    println!("fetch {id} started at {:.1}s", seconds());
    sleep(Duration::from_secs(2)).await;
    println!("fetch {id} finished at {:.1}s", seconds());
    format!("data {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let first = fetch_data(start, 1);
    let second = tokio::spawn(fetch_data(start, 2));
    sleep(Duration::from_secs(1)).await;
    println!("main woke at {:.1}s", start.elapsed().as_secs_f64());

    let data_1 = first.await;
    let data_2 = second.await.expect("fetch 2 does not panic");
    println!("{data_1:?} and {data_2:?} after {:.1?}", start.elapsed());
}
// ANCHOR_END: main
