//! The asyncio Event program in Rust: a `SetOnce<()>` is the flag.

use std::time::Duration;

use tokio::sync::SetOnce;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn waiter(event: &SetOnce<()>) {
    println!("waiting for the event to be set");
    // `wait` returns at once if the flag is already set; otherwise it
    // sleeps until `set` is called.
    event.wait().await;
    println!("event has been set, continuing execution");
}

async fn setter(event: &SetOnce<()>) {
    sleep(Duration::from_secs(2)).await; // simulate doing some work
    // `set` wakes every waiter. It fails only on a flag already set,
    // and this is the only setter.
    event.set(()).expect("the event is set only here");
    println!("event has been set!");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The flag starts cleared, like a new `asyncio.Event()`. A `SetOnce`
    // holds a value; here the value is `()`, and only "set" matters.
    let event = SetOnce::new();
    tokio::join!(waiter(&event), setter(&event));
    println!("done after {:.1?}", start.elapsed());
}
// ANCHOR_END: main
