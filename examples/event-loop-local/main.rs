//! The third flavor: a local runtime, whose tasks need not be `Send`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(id: u32, log: Rc<RefCell<Vec<String>>>, start: Instant) {
    sleep(Duration::from_secs(u64::from(id))).await;
    // `Rc` and `RefCell` are not thread-safe, and this task holds them
    // across the `.await` above: `tokio::spawn` would refuse it.
    let line = format!("fetch {id} done at {:.1?}", start.elapsed());
    log.borrow_mut().push(line);
}

// What `flavor = "local"` builds: a one-thread runtime whose tasks never
// leave that thread, so `spawn_local` may accept futures that are not `Send`.
#[tokio::main(flavor = "local", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let log = Rc::new(RefCell::new(Vec::new()));
    let tasks = [2, 1].map(|id| tokio::task::spawn_local(fetch_data(id, Rc::clone(&log), start)));
    for task in tasks {
        task.await.expect("the fetch does not panic");
    }
    for line in log.borrow().iter() {
        println!("{line}");
    }
}
// ANCHOR_END: main
