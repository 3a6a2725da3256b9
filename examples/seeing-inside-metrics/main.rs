//! Finding a blocked worker with tokio's stable runtime metrics: a
//! watchdog thread that notices a worker which has stopped parking.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Handle, RuntimeMetrics};
use tokio::sync::oneshot;

// ANCHOR: main
const STUCK_AFTER: Duration = Duration::from_millis(200);

/// Watches every worker of a runtime from a thread of its own. A worker's
/// park/unpark count is odd while it is parked (idle) and even while it
/// runs tasks; a worker that is running, and whose count has not moved
/// for `STUCK_AFTER`, has not gone back to the runtime in that time: some
/// task is blocking it. Tells `noticed` once it sees one.
fn watch(metrics: RuntimeMetrics, noticed: mpsc::Sender<()>) {
    let workers = metrics.num_workers();
    let mut last_change: Vec<(u64, Instant)> = (0..workers)
        .map(|w| (metrics.worker_park_unpark_count(w), Instant::now()))
        .collect();
    let give_up = Instant::now() + Duration::from_secs(10);
    while Instant::now() < give_up {
        thread::sleep(Duration::from_millis(10));
        for (worker, (count, since)) in last_change.iter_mut().enumerate() {
            let now = metrics.worker_park_unpark_count(worker);
            if now != *count {
                (*count, *since) = (now, Instant::now());
            } else if now.is_multiple_of(2) && since.elapsed() >= STUCK_AFTER {
                println!("watchdog: a worker has not parked for {STUCK_AFTER:?}");
                let _ = noticed.send(());
                return;
            }
        }
    }
}

fn main() {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime can be built");
    let metrics = runtime.metrics();
    println!("workers: {}", metrics.num_workers());

    let (noticed, notice) = mpsc::channel();
    let watchdog = thread::spawn(move || watch(metrics, noticed));

    runtime.block_on(async {
        // A task that blocks its worker. Its blocking call is a wait for
        // the watchdog's notice, so that the program ends the same way on
        // every run; a real one would be a synchronous read, or a long
        // computation.
        // It starts blocking only once told to, after the line below.
        let (go, told) = oneshot::channel();
        let blocker = tokio::spawn(async move {
            told.await.expect("main says go");
            notice.recv_timeout(Duration::from_secs(10)).is_ok()
        });
        let alive = Handle::current().metrics().num_alive_tasks();
        println!("tasks alive: {alive}");
        go.send(()).expect("the blocker is waiting");
        let seen = blocker.await.expect("the blocker does not panic");
        println!("blocked until the watchdog noticed: {seen}");
    });
    watchdog.join().expect("the watchdog does not panic");
}
// ANCHOR_END: main
