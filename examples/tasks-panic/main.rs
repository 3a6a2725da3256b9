//! A panic inside a task ends that task only; its handle returns a JoinError.

use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
async fn fetch_data(id: u32) -> String {
    sleep(Duration::from_secs(1)).await;
    if id == 2 {
        // A panic means a bug, not an expected failure (those are `Err`
        // values): it unwinds the task, and only the task.
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
        Err(error) if error.is_panic() => {
            // The panic's payload is whatever `panic!` was given: a `String`
            // when the message has arguments, a `&'static str` when not.
            let payload = error.into_panic();
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(not a string)");
            println!("task 2 panicked: {message}");
        }
        Err(error) => println!("task 2 was cancelled: {error}"),
    }
    let data = good.await.expect("task 1 does not panic");
    println!("task 1 still finished: {data}");
}
// ANCHOR_END: main
