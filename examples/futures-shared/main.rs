//! One result for many awaiters: a oneshot receiver made `Shared`.

use std::time::Duration;

use futures::FutureExt;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (sender, receiver) = oneshot::channel::<String>();
    // `shared()` wraps a future so that it can be cloned: every clone may
    // be awaited, and each gets its own clone of the output. The output
    // here is `Result<String, RecvError>`, and both of those are `Clone`.
    let result = receiver.shared();

    let mut waiters = JoinSet::new();
    for name in ["first", "second"] {
        let result = result.clone();
        waiters.spawn(async move {
            let value = result.await.expect("the sender sends");
            println!("{name} waiter got: {value}");
        });
    }

    sleep(Duration::from_secs(2)).await;
    sender
        .send(String::from("Future result is ready"))
        .expect("the shared receiver is still alive");
    waiters.join_all().await;

    // Once the output is there, awaiting another clone returns it at once.
    let value = result.await.expect("the sender sent");
    println!("main, awaiting it once more: {value}");
}
// ANCHOR_END: main
