//! An executor for many tasks: each task's waker puts that task back in
//! the ready queue.

use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// The countdown future of this chapter, with a name to tell two apart.
struct Countdown {
    name: &'static str,
    remaining: u32,
}

impl Countdown {
    fn new(name: &'static str, remaining: u32) -> Self {
        Countdown { name, remaining }
    }
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.remaining == 0 {
            println!("  {}: ready", self.name);
            return Poll::Ready(());
        }
        println!("  {}: {} to go, pending", self.name, self.remaining);
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// ANCHOR: main
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A spawned future, and the way back into the executor's ready queue.
struct Task {
    name: &'static str,
    // `Waker::from` takes only a task that is `Send + Sync`, since a waker
    // may be used from any thread; the Mutex gives the `Sync`, even though
    // this executor polls on one thread. `None` once it has finished.
    future: Mutex<Option<BoxedFuture>>,
    ready_queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    /// Waking a task means exactly this: put it back in the ready queue.
    fn wake(self: Arc<Self>) {
        println!("    waker of {}: back in the queue", self.name);
        let queue = self.ready_queue.clone();
        queue.send(self).expect("the executor outlives its tasks");
    }
}

struct Executor {
    ready: Receiver<Arc<Task>>,
    spawner: Sender<Arc<Task>>,
}

impl Executor {
    fn new() -> Self {
        let (spawner, ready) = mpsc::channel();
        Executor { ready, spawner }
    }

    fn spawn<F>(&self, name: &'static str, future: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let future = Mutex::new(Some(Box::pin(future) as BoxedFuture));
        let ready_queue = self.spawner.clone();
        let task = Arc::new(Task {
            name,
            future,
            ready_queue,
        });
        self.spawner
            .send(task)
            .expect("the executor holds the queue");
    }

    /// Polls whichever task is ready, until no task is queued or can be
    /// woken again.
    fn run(self) {
        // Only tasks (and their wakers) hold senders now: once the last
        // one is gone, `recv` fails and the loop ends.
        drop(self.spawner);
        while let Ok(task) = self.ready.recv() {
            let mut slot = task.future.lock().expect("no poll panics");
            let Some(future) = slot.as_mut() else {
                continue; // woken after it finished: nothing to do
            };
            println!("executor: polling {}", task.name);
            // The waker handed to this poll is the task itself.
            let waker = Waker::from(Arc::clone(&task));
            let mut cx = Context::from_waker(&waker);
            if future.as_mut().poll(&mut cx).is_ready() {
                *slot = None;
            }
        }
        println!("executor: no task left");
    }
}

fn main() {
    let executor = Executor::new();
    executor.spawn("download", Countdown::new("download", 2));
    executor.spawn("upload", Countdown::new("upload", 1));
    executor.run();
}
// ANCHOR_END: main
