//! Exercise: write the `poll` of a future that another task completes.

// ANCHOR: given
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// What the gate and the task waiting for it share.
#[derive(Default)]
struct State {
    open: bool,
    /// The waker of the task waiting for the gate, once it has waited.
    waker: Option<Waker>,
}

/// A gate that one task opens and one other task waits for.
#[derive(Clone, Default)]
struct Gate {
    state: Arc<Mutex<State>>,
}

impl Gate {
    fn open(&self) {
        let waker = {
            let mut state = self.state.lock().expect("no poll panics");
            state.open = true;
            state.waker.take()
        };
        // Wake the waiting task, if there is one, after the lock is
        // released: its poll will need the lock.
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn wait(&self) -> Opened {
        Opened { gate: self.clone() }
    }
}

/// The future of `Gate::wait`: ready once the gate is open.
struct Opened {
    gate: Gate,
}
// ANCHOR_END: given

// ANCHOR: solution
impl Future for Opened {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.gate.state.lock().expect("no poll panics");
        if state.open {
            return Poll::Ready(());
        }
        // Not yet: leave this task's waker where `open` will find it, and
        // only then say Pending. (Replace it on every poll: the waker may
        // change between polls, if the future is moved to another task.)
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
// ANCHOR_END: solution

// ANCHOR: given-main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let gate = Gate::default();
    let opener = gate.clone();
    tokio::spawn(async move {
        sleep(Duration::from_secs(2)).await;
        println!("gate opened at {:.1}s", start.elapsed().as_secs_f64());
        opener.open();
    });
    // The time limit keeps a `poll` that never wakes its task from hanging
    // the program.
    let waited = timeout(Duration::from_secs(5), gate.wait()).await;
    let seconds = start.elapsed().as_secs_f64();
    match waited {
        Ok(()) => println!("through the gate at {seconds:.1}s"),
        Err(_) => println!("gave up at {seconds:.1}s"),
    }
}
// ANCHOR_END: given-main
