//! Work that must finish goes in a task of its own, which a drop cannot stop.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
async fn save_order(start: Instant, order: u32) {
    sleep(Duration::from_secs(2)).await;
    println!("order {order} saved at {:.1?}", start.elapsed());
}

async fn handle_request(start: Instant, order: u32) {
    // Spawned, the save no longer belongs to this future. If this future is
    // dropped, only the JoinHandle goes with it, and dropping a JoinHandle
    // detaches the task: it does not cancel it.
    let save = tokio::spawn(save_order(start, order));
    save.await.expect("saving an order does not panic");
    println!("request answered"); // not reached: the request timed out
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    if timeout(Duration::from_secs(1), handle_request(start, 1))
        .await
        .is_err()
    {
        println!("request timed out at {:.1?}", start.elapsed());
    }
    sleep(Duration::from_secs(2)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
