//! Shutting a runtime down: its async tasks are dropped at their `.await`,
//! but a blocking task cannot be interrupted, so `shutdown_timeout` stops
//! waiting for it.

use std::sync::mpsc;
use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::oneshot;

// ANCHOR: main
/// Prints when it is dropped, to show when a task's future is dropped.
struct Connection;

impl Drop for Connection {
    fn drop(&mut self) {
        println!("async task: dropped at its .await, connection closed");
    }
}

fn main() {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building a runtime only fails if the OS refuses a resource");

    let (started, async_started) = oneshot::channel();
    runtime.spawn(async move {
        let _connection = Connection;
        started.send(()).expect("main waits for this message");
        // Waits for ever, like a task blocked on a quiet socket.
        std::future::pending::<()>().await;
    });

    // A blocking task that waits on a std channel nobody will send on: no
    // runtime can interrupt it, since it never reaches an `.await`.
    let (_keep_open, never) = mpsc::channel::<()>();
    let (started, blocking_started) = oneshot::channel();
    runtime.spawn_blocking(move || {
        started.send(()).expect("main waits for this message");
        let _ = never.recv();
    });

    runtime.block_on(async {
        async_started.await.expect("the async task starts");
        blocking_started.await.expect("the blocking task starts");
    });
    println!("both tasks are running; shutting the runtime down");

    // Dropping the runtime here would wait for ever for the blocking task.
    runtime.shutdown_timeout(Duration::from_millis(100));
    println!("shutdown_timeout returned; the blocking thread is left behind");
}
// ANCHOR_END: main
