//! The runtime-independent oneshot of the `futures` crate, with no tokio at all.

use std::thread;

use futures::channel::oneshot;
use futures::executor::block_on;

// ANCHOR: main
fn main() {
    let (sender, receiver) = oneshot::channel::<String>();

    // The setter is a plain OS thread here, not a task: a oneshot channel
    // does not care who sends, and sending does not need an async context.
    let setter = thread::spawn(move || {
        let value = String::from("Future result is ready");
        println!("Setting the future's result to: {value}");
        sender.send(value).expect("the receiver is still waiting");
    });

    // `futures::executor::block_on` is the smallest executor there is: no
    // timers, no sockets, just "poll this future until it is ready".
    let result = block_on(receiver).expect("the setter sends before it ends");
    println!("Received the future's result: {result}");
    setter.join().expect("the setter thread does not panic");
}
// ANCHOR_END: main
