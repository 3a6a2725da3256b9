//! While `main` awaits one fetch after another, the runtime runs other tasks.

use std::time::Duration;

use tokio::time::{Instant, sleep};

async fn fetch_data(delay: Duration, id: u32) -> String {
    sleep(delay).await; // stands in for a network request
    format!("data {id}")
}

// ANCHOR: main
async fn tick(start: Instant) {
    for _ in 0..4 {
        println!("    tick at {:.1}s", start.elapsed().as_secs_f64());
        sleep(Duration::from_millis(400)).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let seconds = || start.elapsed().as_secs_f64();
    // A task: the runtime runs it whenever `main` is waiting.
    let ticker = tokio::spawn(tick(start));
    let data_1 = fetch_data(Duration::from_millis(500), 1).await;
    println!("Received {data_1:?} at {:.1}s", seconds());
    let data_2 = fetch_data(Duration::from_secs(1), 2).await;
    println!("Received {data_2:?} at {:.1}s", seconds());
    ticker.await.expect("the ticker does not panic");
}
// ANCHOR_END: main
