//! A task on a multi-thread runtime can resume on another worker thread
//! after an `.await`. The program arranges, by blocking workers on purpose,
//! that the only free worker when the task wakes is not the one it started on.

use std::sync::mpsc;
use std::thread::{self, ThreadId};

use tokio::runtime::Builder;
use tokio::sync::oneshot;

// ANCHOR: main
/// Blocks the worker thread it runs on until `release` receives: an
/// experiment's way to take one worker out of play. Never do this in a real
/// program (see the chapter on bridging sync and async code).
fn occupy_worker(started: mpsc::Sender<ThreadId>, release: mpsc::Receiver<()>) {
    started
        .send(thread::current().id())
        .expect("main is waiting for this");
    release.recv().expect("main releases every blocker");
}

fn main() {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime can be built here");
    let (blocked_tx, blocked_rx) = mpsc::channel();

    // 1. Take one worker out of play, call it worker A.
    let (release_a, release_a_rx) = mpsc::channel();
    let blocked = blocked_tx.clone();
    runtime.spawn(async move { occupy_worker(blocked, release_a_rx) });
    let worker_a = blocked_rx.recv().expect("the blocker has started");

    // 2. The task under study can only start on the other one, worker B.
    let (wake_up, woken) = oneshot::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    let task = runtime.spawn(async move {
        started_tx
            .send(thread::current().id())
            .expect("main is waiting for this");
        // Everything this task holds across this `.await` must survive a
        // move to another thread: that is what `Send` promises.
        woken.await.expect("main sends the wake-up");
        thread::current().id()
    });
    let before = started_rx.recv().expect("the task has started");

    // 3. Take worker B out of play too, then free worker A.
    let (release_b, release_b_rx) = mpsc::channel();
    runtime.spawn(async move { occupy_worker(blocked_tx, release_b_rx) });
    let worker_b = blocked_rx.recv().expect("the second blocker has started");
    release_a.send(()).expect("the first blocker is waiting");

    // 4. Wake the task: only worker A is free to run it.
    wake_up.send(()).expect("the task is waiting");
    let after = runtime.block_on(task).expect("the task does not panic");
    release_b.send(()).expect("the second blocker is waiting");

    let name = |id: ThreadId| match id {
        id if id == worker_a => "worker A",
        id if id == worker_b => "worker B",
        _ => "some other thread",
    };
    println!("before its .await, the task ran on {}", name(before));
    println!("after its .await, the task ran on {}", name(after));
}
// ANCHOR_END: main
