//! asyncio.Condition in Rust: a mutex for the state, a `Notify` for "it changed".

use std::pin::pin;
use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard, Notify};
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Shared state, and a way to wait until a predicate over it holds:
/// what `asyncio.Condition` gives, with the state inside the lock.
pub struct Condition<T> {
    state: Mutex<T>,
    changed: Notify,
}

impl<T> Condition<T> {
    pub fn new(state: T) -> Self {
        Self {
            state: Mutex::new(state),
            changed: Notify::new(),
        }
    }

    /// `async with cond:` locks the state, to read or change it.
    pub async fn lock(&self) -> MutexGuard<'_, T> {
        self.state.lock().await
    }

    /// `cond.notify_all()`: wakes every task in `wait`, so that each
    /// re-checks its predicate. Call it after changing the state.
    pub fn notify_all(&self) {
        self.changed.notify_waiters();
    }

    /// `await cond.wait()`: unlocks, sleeps until the next `notify_all`,
    /// and locks again. Like Python's, it may return with the predicate
    /// you care about still false: check it again, in a loop.
    pub async fn wait(&self, state: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
        // Any `MutexGuard<T>` fits the signature; only this condition's own
        // makes sense. Python raises `RuntimeError` for a lock not held.
        let own = std::ptr::eq(MutexGuard::mutex(&state), &self.state);
        assert!(own, "wait() needs a guard of this condition's own lock");
        // Register for the next notification *before* unlocking. While we
        // hold the lock nobody can change the state; once we let go, any
        // change is followed by a `notify_all` that finds us registered.
        let mut notified = pin!(self.changed.notified());
        // A `Notified` hears `notify_waiters` from the moment it is
        // created. `enable` makes it count as waiting for `notify_one`
        // too, which otherwise skips futures not yet polled.
        notified.as_mut().enable();
        drop(state); // unlock, so that others can change the state
        notified.await; // sleep until someone says they did
        self.state.lock().await
    }

    /// `await cond.wait_for(predicate)`: waits until `predicate` holds,
    /// and returns the state still locked, so it cannot change under you.
    pub async fn wait_for<P>(&self, mut predicate: P) -> MutexGuard<'_, T>
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

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

async fn downloader(cond: &Condition<Vec<u32>>, start: Instant) {
    for n in 1..=3 {
        sleep(Duration::from_secs(1)).await; // fetch one chunk
        let mut chunks = cond.lock().await;
        chunks.push(n);
        println!("{} chunk {n} downloaded", at(start));
        // Wake every waiter; each one re-checks its own predicate.
        cond.notify_all();
    } // `chunks`, the guard, is dropped here each time: the lock is free
}

async fn viewer(
    name: &str,
    needed: usize, // how many chunks it waits for
    cond: &Condition<Vec<u32>>,
    start: Instant,
) {
    println!("{} {name} waits for {needed} chunk(s)", at(start));
    let chunks = cond.wait_for(|chunks| chunks.len() >= needed).await;
    // `wait_for` hands back the guard: we still hold the lock here.
    println!("{} {name} starts with chunks {:?}", at(start), *chunks);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let cond = Condition::new(Vec::new());
    tokio::join!(
        viewer("preview", 1, &cond, start),
        viewer("player", 2, &cond, start),
        viewer("saver", 3, &cond, start),
        downloader(&cond, start),
    );
}
// ANCHOR_END: main
