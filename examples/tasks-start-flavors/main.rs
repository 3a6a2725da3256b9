//! Whether a spawned task can start before the spawner yields depends on
//! the runtime, and on which thread spawns it.

use std::sync::mpsc;
use std::time::Duration;

use tokio::runtime::Builder;

/// Prints one line of the report, the labels lined up.
fn report(runtime: &str, ran: bool) {
    println!("{runtime:<28} task ran before the spawner yielded: {ran}");
}

// ANCHOR: main
fn main() {
    let single = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the runtime starts");
    single.block_on(async {
        let (sender, receiver) = mpsc::channel();
        tokio::spawn(async move {
            // Nobody may be listening any more; that is fine.
            let _ = sender.send(());
        });
        // No `.await` since the spawn: the only thread is still ours, so
        // the task cannot have run.
        let ran = receiver.try_recv().is_ok();
        report("current_thread:", ran);
    });

    let pool = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the runtime starts");
    pool.block_on(async {
        // `block_on`'s future runs on the main thread, outside the pool: a
        // task spawned from here goes to the queue that all workers share.
        let (sender, receiver) = mpsc::channel();
        tokio::spawn(async move {
            let _ = sender.send(());
        });
        // `recv` blocks this thread without ever yielding to the runtime (in
        // real async code, a mistake; here, the experiment). It returns only
        // because an idle worker thread picked the task up and ran it.
        let ran = receiver.recv().is_ok();
        report("multi_thread, from outside:", ran);
    });

    let from_a_worker = pool.block_on(async {
        let spawner = tokio::spawn(async {
            // This task runs on a worker. In tokio 1.54, a task it spawns
            // goes into that worker's "LIFO slot": it runs next on the same
            // worker, once the spawner yields, and no other worker may take
            // it. That is an implementation detail, which some 1.51 and
            // 1.52 releases changed.
            let (sender, receiver) = mpsc::channel();
            tokio::spawn(async move {
                let _ = sender.send(());
            });
            // So this wait can only end by giving up (the time limit only
            // decides how long that takes, not the answer).
            receiver.recv_timeout(Duration::from_millis(100)).is_ok()
        });
        spawner.await.expect("the spawner does not panic")
    });
    report("multi_thread, from a worker:", from_a_worker);
}
// ANCHOR_END: main
