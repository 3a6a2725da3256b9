//! `loop.create_future()` and `set_result` in Rust: a tokio oneshot channel.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn set_future_result(sender: oneshot::Sender<String>, value: String) {
    sleep(Duration::from_secs(2)).await;
    // `send` consumes the sender: a oneshot channel carries one value, once.
    // It gives the value back as `Err` if the receiver is gone.
    match sender.send(value.clone()) {
        Ok(()) => println!("Set the future's result to: {value}"),
        Err(_) => println!("Nobody is waiting for {value:?} any more"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // The two halves of asyncio's future: one to set it, one to await it.
    let (sender, receiver) = oneshot::channel();

    // Another task fills it two seconds from now.
    let setter = tokio::spawn(set_future_result(
        sender,
        String::from("Future result is ready"),
    ));

    // Awaiting the receiver gives `Ok(value)`, or `Err(RecvError)` if the
    // sender was dropped without sending.
    let result = receiver.await.expect("the setter sends before it ends");
    println!(
        "Received the future's result: {result} after {:.1?}",
        start.elapsed()
    );
    setter.await.expect("the setter does not panic");
}
// ANCHOR_END: main
