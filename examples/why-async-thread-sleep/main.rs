//! `std::thread::sleep` in async code blocks the thread; tokio's sleep does not.

use std::thread;
use std::time::Duration;

// ANCHOR: main
async fn fetch_blocking(id: u32) {
    println!("fetch {id}: start");
    // Wrong in async code: this puts the whole thread to sleep, and with it
    // the runtime and every other task on that thread.
    thread::sleep(Duration::from_millis(100 * u64::from(id)));
    println!("fetch {id}: done");
}

async fn fetch(id: u32) {
    println!("fetch {id}: start");
    // Right: this future steps aside, and the runtime runs other tasks.
    tokio::time::sleep(Duration::from_millis(100 * u64::from(id))).await;
    println!("fetch {id}: done");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("with std::thread::sleep:");
    tokio::join!(fetch_blocking(1), fetch_blocking(2));
    println!("with tokio::time::sleep:");
    tokio::join!(fetch(1), fetch(2));
}
// ANCHOR_END: main
