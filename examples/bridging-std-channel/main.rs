//! A std channel's `recv` inside async code blocks the runtime's thread,
//! so the task that would send never runs.

use std::sync::mpsc;
use std::time::Duration;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (sender, receiver) = mpsc::channel::<&str>();
    let producer = tokio::spawn(async move {
        sender.send("reading 1").expect("main is listening");
    });

    // `recv()` would block this thread for ever: the producer needs this
    // very thread to run. With a time limit, the program can go on.
    match receiver.recv_timeout(Duration::from_millis(200)) {
        Ok(reading) => println!("received {reading}"),
        Err(error) => println!("recv_timeout: {error}; the producer never ran"),
    }

    // Awaiting lets the runtime run the producer at last.
    producer.await.expect("the producer does not panic");
    println!("after an .await: {:?}", receiver.try_recv());
}
// ANCHOR_END: main
