//! A panic inside a task ends that task only; its handle returns a JoinError.

use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
async fn fetch_data(id: u32) -> String {
    sleep(Duration::from_secs(1)).await;
    if id == 2 {
        // A panic means a bug, not an expected failure (those are `Err`
        // values). Built with `panic = "unwind"`, the default, it unwinds
        // the task, and only the task.
        panic!("server {id} sent a malformed reply");
    }
    format!("data {id}")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let good = tokio::spawn(fetch_data(1));
    let bad = tokio::spawn(fetch_data(2));

    match bad.await {
        Ok(data) => println!("task 2 returned {data}"),
        // `JoinError` displays what happened, the panic's message included
        // when it is a string; `is_panic()` and `is_cancelled()` tell the
        // two kinds apart, and `into_panic()` gives back the payload.
        Err(error) => println!("is_panic() is {}: {error}", error.is_panic()),
    }
    let data = good.await.expect("task 1 does not panic");
    println!("task 1 still finished: {data}");
}
// ANCHOR_END: main
