//! Puzzle: the order in which `join!` polls its futures, with and without
//! `biased;`.

use std::cell::RefCell;

use tokio::task::yield_now;

// ANCHOR: main
/// Three rounds; each notes its name and round in the log, then steps aside.
async fn worker(log: &RefCell<Vec<String>>, name: &str) {
    for round in 1..=3 {
        log.borrow_mut().push(format!("{name}{round}"));
        yield_now().await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = RefCell::new(Vec::new());
    tokio::join!(worker(&log, "a"), worker(&log, "b"), worker(&log, "c"));
    println!("join!:         {}", log.take().join(" "));

    tokio::join!(
        biased;
        worker(&log, "a"),
        worker(&log, "b"),
        worker(&log, "c"),
    );
    println!("join!(biased): {}", log.take().join(" "));
}
// ANCHOR_END: main
