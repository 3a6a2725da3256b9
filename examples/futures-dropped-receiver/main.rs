//! A oneshot receiver dropped before the value comes: Rust's `future.cancel()`.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn set_future_result(sender: oneshot::Sender<String>, start: Instant) {
    sleep(Duration::from_secs(2)).await;
    // The receiver is gone, so `send` hands the value back instead of
    // dropping it silently: the setter may log it, retry, or clean up.
    if let Err(value) = sender.send(String::from("Future result is ready")) {
        println!(
            "setter: nobody wants {value:?} any more ({:.1?})",
            start.elapsed()
        );
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, receiver) = oneshot::channel();
    let setter = tokio::spawn(set_future_result(sender, start));

    sleep(Duration::from_secs(1)).await;
    // There is no `receiver.cancel()`: dropping the receiver is how you say
    // "I no longer want the result".
    drop(receiver);
    println!("main: dropped the receiver ({:.1?})", start.elapsed());

    setter.await.expect("the setter does not panic");
}
// ANCHOR_END: main
