//! Puzzle: a full bounded channel, a waiting sender, and `try_send`.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;
use tokio::time::sleep;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (queue, mut jobs) = mpsc::channel(1);
    queue.send("first").await.expect("the receiver is alive");

    let waiting = tokio::spawn({
        let queue = queue.clone();
        async move {
            queue.send("second").await.expect("the receiver is alive");
            println!("task: queued second");
        }
    });
    // The clock moves only when every task waits: by now, the task is
    // waiting in `send`, since the channel is full.
    sleep(Duration::from_secs(1)).await;

    let job = jobs.recv().await.expect("the channel holds a job");
    println!("main: received {job}");
    match queue.try_send("third") {
        Ok(()) => println!("main: queued third"),
        Err(TrySendError::Full(job)) => println!("main: no room for {job}"),
        Err(TrySendError::Closed(job)) => println!("main: closed, {job} is back"),
    }
    waiting.await.expect("the task does not panic");
    while let Ok(job) = jobs.try_recv() {
        println!("main: received {job}");
    }
}
// ANCHOR_END: main
