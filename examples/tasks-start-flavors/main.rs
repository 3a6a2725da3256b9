//! On a multi-thread runtime, a spawned task can start before the spawner yields.

use std::sync::mpsc;

use tokio::runtime::Builder;

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
        println!("current_thread: task ran before the spawner yielded: {ran}");
    });

    let pool = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the runtime starts");
    pool.block_on(async {
        let (sender, receiver) = mpsc::channel();
        tokio::spawn(async move {
            let _ = sender.send(());
        });
        // `recv` blocks this thread without ever yielding to the runtime (in
        // real async code, a mistake; here, the experiment). It returns only
        // because an idle worker thread picked the task up and ran it.
        let ran = receiver.recv().is_ok();
        println!("multi_thread:   task ran before the spawner yielded: {ran}");
    });
}
// ANCHOR_END: main
