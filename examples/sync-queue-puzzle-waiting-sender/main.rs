//! Puzzle: a full bounded channel, a waiting sender, and `try_send`.

use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot};

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (queue, mut jobs) = mpsc::channel(1);
    queue.send("first").await.expect("the receiver is alive");

    let (waiting, task_waiting) = oneshot::channel();
    let sender_task = tokio::spawn({
        let queue = queue.clone();
        async move {
            waiting.send(()).expect("main waits for this");
            // The channel is full, so this waits. A task runs until it has
            // to wait: it is queued here before `main` runs again.
            queue.send("second").await.expect("the receiver is alive");
            println!("task: queued second");
        }
    });
    task_waiting.await.expect("the task sends before it waits");

    let job = jobs.recv().await.expect("the channel holds a job");
    println!("main: received {job}");
    match queue.try_send("third") {
        Ok(()) => println!("main: queued third"),
        Err(TrySendError::Full(job)) => println!("main: no room for {job}"),
        Err(TrySendError::Closed(job)) => println!("main: closed, {job} is back"),
    }
    sender_task.await.expect("the task does not panic");
    while let Ok(job) = jobs.try_recv() {
        println!("main: received {job}");
    }
}
// ANCHOR_END: main
