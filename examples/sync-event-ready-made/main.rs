//! Two ready-made events: `SetOnce<()>` and tokio-util's `CancellationToken`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::SetOnce;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();

    // `SetOnce<()>`: set once, and set for good.
    let ready = Arc::new(SetOnce::new());
    let early = tokio::spawn({
        let ready = Arc::clone(&ready);
        async move {
            ready.wait().await;
            println!("{} early waiter: ready", at(start));
        }
    });
    sleep(Duration::from_secs(1)).await;
    ready.set(()).expect("not set before");
    println!(
        "{} set(()), initialized() = {}",
        at(start),
        ready.initialized()
    );
    early.await.expect("the waiter does not panic");
    ready.wait().await; // a waiter that comes later passes at once
    println!("{} late waiter: ready", at(start));
    // asyncio's `set()` on a set event does nothing; this one says so.
    println!("{} a second set(()) gives {:?}", at(start), ready.set(()));

    // `CancellationToken`: the same kind of flag, named for shutdown.
    let shutdown = CancellationToken::new();
    // A child token is cancelled with its parent, but can also be
    // cancelled alone, without touching the parent.
    let worker_token = shutdown.child_token();
    let worker = tokio::spawn(async move {
        worker_token.cancelled().await;
        println!("{} worker: told to stop", at(start));
    });
    sleep(Duration::from_secs(1)).await;
    shutdown.cancel();
    shutdown.cancel(); // calling it again is harmless
    println!(
        "{} cancel(), is_cancelled() = {}",
        at(start),
        shutdown.is_cancelled()
    );
    worker.await.expect("the worker does not panic");
    shutdown.cancelled().await; // a later waiter passes at once
    println!("{} late waiter: cancelled", at(start));
}
// ANCHOR_END: main
