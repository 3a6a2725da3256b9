//! Pinning a future with `pin!` so that it can be polled again and again by `&mut`.

use std::pin::pin;
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
async fn fetch_report(body: String) -> usize {
    // `lines` borrows from `body`, and both are kept inside this future's
    // state across the `.await`: the future points into itself. Moving it
    // after its first poll would leave `lines` pointing at the old place.
    let lines: Vec<&str> = body.lines().collect();
    sleep(Duration::from_millis(2500)).await;
    lines.len()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Pin the future on the stack: from here on it cannot move, so it may
    // be polled through a `&mut` (a `Pin<&mut _>`) as often as we like.
    let mut fetch = pin!(fetch_report(String::from("id,name\n1,Ada\n2,Alan")));
    let lines = loop {
        // `timeout` takes a future by value, and drops it when time is up.
        // Handing it `&mut fetch` lends the future instead: on a timeout,
        // the fetch is not cancelled, and the next round goes on with it.
        match timeout(Duration::from_secs(1), &mut fetch).await {
            Ok(lines) => break lines,
            Err(_) => println!("still fetching at {:.1?}", start.elapsed()),
        }
    };
    println!("got a report of {lines} lines at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
