//! Puzzle: what `notify_one` and `notify_waiters` leave behind.

use futures::FutureExt;
use tokio::sync::Notify;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let notify = Notify::new();
    let early = notify.notified(); // made now, not polled yet
    notify.notify_waiters();
    notify.notify_one();
    notify.notify_one();
    let late = notify.notified();
    let later = notify.notified();

    for (name, waiter) in [("late", late), ("later", later), ("early", early)] {
        // `now_or_never` polls the future once: `Some` if it is ready.
        match waiter.now_or_never() {
            Some(()) => println!("{name}: passes"),
            None => println!("{name}: waits"),
        }
    }
}
// ANCHOR_END: main
