//! `biased;` makes `select!` try its branches from top to bottom.

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (jobs, mut queue) = mpsc::channel(8);
    for id in 1..=3 {
        jobs.send(id).await.expect("the queue is open and has room");
    }
    let shutdown = CancellationToken::new();
    shutdown.cancel();

    // Both branches are ready on every turn. Without `biased;`, `select!`
    // would pick one at random each time, and the number of jobs handled
    // would change from run to run. With it, the shutdown branch, written
    // first, always wins when it is ready.
    loop {
        tokio::select! {
            biased;
            () = shutdown.cancelled() => {
                println!("shutdown seen; {} jobs left in the queue", queue.len());
                break;
            }
            Some(id) = queue.recv() => println!("handled job {id}"),
        }
    }
}
// ANCHOR_END: main
