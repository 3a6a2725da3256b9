//! A `LocalRuntime`, built by hand: `spawn_local` without a `LocalSet`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use tokio::runtime::{Builder, LocalOptions};
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch(id: u32, seconds: u64, log: Rc<RefCell<Vec<String>>>) {
    let start = Instant::now();
    sleep(Duration::from_secs(seconds)).await;
    let line = format!("fetch {id} done after {:.1?}", start.elapsed());
    log.borrow_mut().push(line);
}

fn main() {
    // What `#[tokio::main(flavor = "local")]` builds, written out.
    let runtime = Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build_local(LocalOptions::default())
        .expect("a runtime can be built here");
    let log = Rc::new(RefCell::new(Vec::new()));
    // The runtime itself offers `spawn_local`; inside it, so does
    // `tokio::task::spawn_local`.
    let first = runtime.spawn_local(fetch(1, 2, Rc::clone(&log)));
    runtime.block_on(async {
        let second = tokio::task::spawn_local(fetch(2, 1, Rc::clone(&log)));
        first.await.expect("fetch 1 does not panic");
        second.await.expect("fetch 2 does not panic");
    });
    for line in log.borrow().iter() {
        println!("{line}");
    }
}
// ANCHOR_END: main
