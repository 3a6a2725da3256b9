//! A wakeup is not a promise: re-check the predicate in a loop after `wait`.

use std::pin::pin;
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard, Notify};
use tokio::time::{Instant, sleep};

/// The chapter's `Condition`, with the methods this program uses.
struct Condition<T> {
    state: Mutex<T>,
    changed: Notify,
}

impl<T> Condition<T> {
    fn new(state: T) -> Self {
        Self {
            state: Mutex::new(state),
            changed: Notify::new(),
        }
    }

    async fn lock(&self) -> MutexGuard<'_, T> {
        self.state.lock().await
    }

    fn notify_all(&self) {
        self.changed.notify_waiters();
    }

    async fn wait(&self, state: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
        let own = std::ptr::eq(MutexGuard::mutex(&state), &self.state);
        assert!(own, "wait() needs a guard of this condition's own lock");
        let mut notified = pin!(self.changed.notified());
        notified.as_mut().enable();
        drop(state);
        notified.await;
        self.state.lock().await
    }
}

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

/// Adds one job a second, and wakes every consumer each time.
async fn producer(cond: &Condition<Vec<u32>>) {
    for job in 1..=2 {
        sleep(Duration::from_secs(1)).await;
        cond.lock().await.push(job);
        cond.notify_all();
    }
}

// ANCHOR: main
/// WRONG: waits once, and assumes the wakeup means there is a job.
async fn take_job_wrong(name: &str, cond: &Condition<Vec<u32>>, start: Instant) {
    let mut jobs = cond.lock().await;
    if jobs.is_empty() {
        jobs = cond.wait(jobs).await;
    }
    match jobs.pop() {
        Some(job) => println!("{} {name} took job {job}", at(start)),
        None => println!("{} {name} woke up to an empty list", at(start)),
    }
}

/// RIGHT: after every wakeup, checks again (this is what `wait_for` does).
async fn take_job(name: &str, cond: &Condition<Vec<u32>>, start: Instant) {
    let mut jobs = cond.lock().await;
    while jobs.is_empty() {
        jobs = cond.wait(jobs).await;
    }
    let job = jobs.pop().expect("the loop ends only when there is a job");
    println!("{} {name} took job {job}", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    println!("with `if`:");
    let cond = Condition::new(Vec::new());
    tokio::join!(
        take_job_wrong("consumer 1", &cond, start),
        take_job_wrong("consumer 2", &cond, start),
        producer(&cond),
    );

    let start = Instant::now();
    println!("with `while`:");
    let cond = Condition::new(Vec::new());
    tokio::join!(
        take_job("consumer 1", &cond, start),
        take_job("consumer 2", &cond, start),
        producer(&cond),
    );
}
// ANCHOR_END: main
