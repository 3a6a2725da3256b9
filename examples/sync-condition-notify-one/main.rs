//! `notify()` and `notify(n)`: waking one waiter, or n, instead of all.

use std::collections::VecDeque;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard, Notify};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// The chapter's `Condition`, with Python's `notify()` and `notify(n)`.
struct Condition<T> {
    state: Mutex<T>,
    changed: Notify,
}

impl<T> Condition<T> {
    fn new(state: T) -> Self {
        let (state, changed) = (Mutex::new(state), Notify::new());
        Self { state, changed }
    }

    async fn lock(&self) -> MutexGuard<'_, T> {
        self.state.lock().await
    }

    /// `cond.notify()`: wakes the task that has waited longest. If none
    /// waits, `Notify` keeps one permit, and the next `wait` returns at
    /// once: a spurious wake-up, which `wait_for`'s loop shrugs off.
    fn notify_one(&self) {
        self.changed.notify_one();
    }

    /// `cond.notify(n)`: wakes up to `n` waiting tasks, oldest first.
    fn notify(&self, n: usize) {
        for _ in 0..n {
            self.changed.notify_one();
        }
    }

    async fn wait(&self, state: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
        let own = std::ptr::eq(MutexGuard::mutex(&state), &self.state);
        assert!(own, "wait() needs a guard of this condition's own lock");
        let mut notified = pin!(self.changed.notified());
        // `notify_one` only reaches futures that are waiting: `enable`
        // makes this one count as waiting before the lock is let go.
        notified.as_mut().enable();
        drop(state);
        notified.await;
        self.state.lock().await
    }

    async fn wait_for<P>(&self, mut predicate: P) -> MutexGuard<'_, T>
    where
        P: FnMut(&T) -> bool,
    {
        let mut state = self.lock().await;
        while !predicate(&state) {
            state = self.wait(state).await;
        }
        state
    }
}

async fn worker(id: u32, jobs: Arc<Condition<VecDeque<u32>>>, start: Instant) {
    // Count the checks: one at the start, then one per wake-up.
    let mut checks = 0;
    let mut queue = jobs
        .wait_for(|queue| {
            checks += 1;
            !queue.is_empty()
        })
        .await;
    let job = queue.pop_front().expect("wait_for saw a job");
    println!("{} worker {id} took job {job}, checks: {checks}", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let jobs = Arc::new(Condition::new(VecDeque::new()));
    let mut workers = JoinSet::new();
    for id in 1..=3 {
        workers.spawn(worker(id, Arc::clone(&jobs), start));
    }

    sleep(Duration::from_secs(1)).await;
    jobs.lock().await.push_back(1);
    println!("{} one job, notify_one()", at(start));
    jobs.notify_one(); // one job: waking all three would be wasted work
    sleep(Duration::from_secs(1)).await;

    jobs.lock().await.extend([2, 3]);
    println!("{} two jobs, notify(2)", at(start));
    jobs.notify(2);
    workers.join_all().await;
}
// ANCHOR_END: main
