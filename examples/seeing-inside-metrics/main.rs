//! Finding a blocked worker with tokio's stable runtime metrics: a
//! watchdog thread that notices a worker which has stopped reporting.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, RuntimeMetrics};
use tokio::sync::oneshot;

// ANCHOR: main
const STUCK_AFTER: Duration = Duration::from_millis(200);

/// What a worker has published: its park/unpark count and its busy time.
fn figures(metrics: &RuntimeMetrics, worker: usize) -> (u64, Duration) {
    (
        metrics.worker_park_unpark_count(worker),
        metrics.worker_total_busy_duration(worker),
    )
}

/// Watches every worker of a runtime from a thread of its own.
///
/// A worker publishes its figures when it parks (its park/unpark count
/// turns odd), when it wakes (even again), and every few dozen polls while
/// it runs task after task (its busy time grows). So a worker whose count
/// is even and whose figures have not changed for `STUCK_AFTER` has spent
/// that long inside one poll: some task is blocking it.
///
/// A worker that has not started yet also shows an even count that does
/// not move, so the watchdog first waits until it has seen every worker
/// parked, and calls `armed` then. It tells `noticed` when it finds a
/// stuck worker, and gives up after ten seconds.
fn watch(metrics: RuntimeMetrics, armed: impl FnOnce(), noticed: mpsc::Sender<()>) {
    let workers = metrics.num_workers();
    let give_up = Instant::now() + Duration::from_secs(10);
    let mut seen_parked = vec![false; workers];
    while seen_parked.contains(&false) && Instant::now() < give_up {
        for (worker, seen) in seen_parked.iter_mut().enumerate() {
            *seen |= metrics.worker_park_unpark_count(worker) % 2 == 1;
        }
        thread::sleep(Duration::from_millis(1));
    }
    armed();

    let mut last: Vec<_> = (0..workers)
        .map(|worker| (figures(&metrics, worker), Instant::now()))
        .collect();
    while Instant::now() < give_up {
        thread::sleep(Duration::from_millis(10));
        for (worker, (published, since)) in last.iter_mut().enumerate() {
            let now = figures(&metrics, worker);
            if now != *published {
                (*published, *since) = (now, Instant::now());
            } else if now.0.is_multiple_of(2) && since.elapsed() >= STUCK_AFTER {
                println!("watchdog: a worker has been stuck for {STUCK_AFTER:?}");
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

    // A task that will block its worker. Its blocking call is a wait for
    // the watchdog's notice, so that the program ends the same way on
    // every run; a real one would be a synchronous read, or a long
    // computation. It starts blocking only when told to go.
    let (noticed, notice) = mpsc::channel();
    let (go, told) = oneshot::channel::<()>();
    let blocker = runtime.spawn(async move {
        told.await.expect("main says go");
        // `Err` only if the watchdog gave up, dropping its sender.
        notice.recv().is_ok()
    });
    println!("tasks alive: {}", metrics.num_alive_tasks());

    // Everything above is printed before the watchdog exists, and the
    // blocker blocks only once the watchdog is armed, so no worker that is
    // merely starting can be taken for a stuck one.
    let (armed, is_armed) = oneshot::channel();
    let arm = move || armed.send(()).expect("main waits for it");
    let watchdog = thread::spawn(move || watch(metrics, arm, noticed));
    let seen = runtime.block_on(async {
        is_armed.await.expect("the watchdog arms itself");
        go.send(()).expect("the blocker is waiting");
        blocker.await.expect("the blocker does not panic")
    });
    // The blocker returns once the watchdog has printed its line.
    println!("blocked until the watchdog noticed: {seen}");
    watchdog.join().expect("the watchdog does not panic");
}
// ANCHOR_END: main
