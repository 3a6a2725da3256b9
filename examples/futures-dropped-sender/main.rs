//! A oneshot sender dropped without sending: the receiver hears of it at once.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

// ANCHOR: main
fn lookup(key: &str) -> Option<String> {
    (key == "user:1").then(|| String::from("Ada"))
}

async fn set_future_result(sender: oneshot::Sender<String>, key: &str) {
    sleep(Duration::from_secs(2)).await;
    // The same early exit as in Python. Returning drops `sender`, and
    // dropping it closes the channel: the receiver is woken with an error.
    let Some(value) = lookup(key) else {
        return;
    };
    sender.send(value).expect("the receiver is waiting");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, receiver) = oneshot::channel();
    let setter = tokio::spawn(set_future_result(sender, "user:2"));

    // No timeout needed: the wait ends when the value comes or when the
    // sender is dropped, whichever happens first.
    match receiver.await {
        Ok(result) => println!("Received the future's result: {result}"),
        Err(error) => println!(
            "The sender was dropped after {:.1?}: {error} ({error:?})",
            start.elapsed()
        ),
    }
    setter.await.expect("the setter does not panic");
}
// ANCHOR_END: main
