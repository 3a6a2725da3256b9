//! The asyncio Event program in Rust: a watch channel carries the flag.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn waiter(mut event: watch::Receiver<bool>) {
    println!("waiting for the event to be set");
    // `wait_for` returns at once if the flag is already true; otherwise it
    // sleeps until a new value arrives and checks again.
    event
        .wait_for(|&is_set| is_set)
        .await
        .expect("the setter sets the flag before it drops the sender");
    println!("event has been set, continuing execution");
}

async fn setter(event: watch::Sender<bool>) {
    sleep(Duration::from_secs(2)).await; // simulate doing some work
    // `send_replace` stores the new value even if no receiver exists yet,
    // so a waiter that subscribes later still sees it.
    event.send_replace(true);
    println!("event has been set!");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The flag starts cleared, like a new `asyncio.Event()`.
    let (set_flag, flag) = watch::channel(false);
    tokio::join!(waiter(flag), setter(set_flag));
    println!("done after {:.1?}", start.elapsed());
}
// ANCHOR_END: main
