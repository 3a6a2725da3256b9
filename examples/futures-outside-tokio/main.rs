//! `tokio::sync` works under any executor; tokio's timers need tokio's runtime.

use std::panic;
use std::time::Duration;

use futures::executor::block_on;
use tokio::sync::oneshot;

// ANCHOR: main
fn main() {
    // No tokio runtime anywhere: `block_on` here is the `futures` crate's.
    let (sender, receiver) = oneshot::channel();
    sender.send("ready").expect("the receiver is alive");
    let value = block_on(receiver).expect("the value was sent");
    println!("tokio's oneshot, under futures' block_on: {value}");

    // Report a panic by its message alone, then catch it, so that the
    // program can show it and go on.
    panic::set_hook(Box::new(|info| {
        // A panic's message is a `String`, or a `&str` if it is a literal.
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        println!("tokio's sleep, under futures' block_on, panics: {message}");
    }));
    let outcome = panic::catch_unwind(|| {
        // `sleep` looks for the timer of the current tokio runtime, and
        // there is none.
        block_on(tokio::time::sleep(Duration::from_millis(10)));
    });
    assert!(outcome.is_err(), "sleep needs a tokio runtime");
}
// ANCHOR_END: main
