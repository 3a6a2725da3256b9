//! Two values that are not `Send`, each dropped before the `.await`, so
//! that the task that uses them may still be given to `tokio::spawn`.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use tokio::task::yield_now;

// ANCHOR: main
struct Session {
    // Filled by synchronous code through `&self`, hence the `RefCell`.
    history: RefCell<Vec<String>>,
}

#[derive(Default)]
struct Stats {
    requests: u32,
    bytes: usize,
}

async fn send_line(line: &str) -> usize {
    yield_now().await; // stands in for a network write
    line.len()
}

async fn replay(session: Session) -> usize {
    // The `Ref` lives only inside the block: the lines are copied out.
    let lines = {
        let history = session.history.borrow();
        history.clone()
    };
    let mut sent = 0;
    for line in &lines {
        sent += send_line(line).await;
    }
    sent
}

async fn fetch(path: &str, stats: &Mutex<Stats>) -> usize {
    {
        let mut stats = stats.lock().expect("no task panics holding the lock");
        stats.requests += 1;
    } // the guard is dropped here, before the `.await`
    let bytes = send_line(path).await * 100;
    // A guard that is a temporary is dropped at the end of its statement.
    stats.lock().expect("no task panics holding the lock").bytes += bytes;
    bytes
}

#[tokio::main]
async fn main() {
    let session = Session {
        history: RefCell::new(vec![String::from("HELLO"), String::from("LIST")]),
    };
    session.history.borrow_mut().push(String::from("QUIT"));
    let replayed = tokio::spawn(replay(session));
    println!("replayed {} bytes", replayed.await.expect("no panic"));

    let stats = Arc::new(Mutex::new(Stats::default()));
    let fetched = tokio::spawn({
        let stats = Arc::clone(&stats);
        async move { fetch("/index.html", &stats).await }
    });
    println!("fetched {} bytes", fetched.await.expect("no panic"));
    let stats = stats.lock().expect("no task panics holding the lock");
    println!("stats: {} request, {} bytes", stats.requests, stats.bytes);
}
// ANCHOR_END: main
