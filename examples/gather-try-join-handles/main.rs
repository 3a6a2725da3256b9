//! `try_join!` over spawned tasks: a task's own `Err` stops it only once
//! the handles are flattened.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};

async fn fetch_data(
    start: Instant,
    id: u32,
    sleep_time: u64,
    fail: bool,
) -> anyhow::Result<String> {
    sleep(Duration::from_secs(sleep_time)).await;
    if fail {
        anyhow::bail!("fetch {id} lost its connection");
    }
    println!("  fetch {id} finished at {:.1?}", start.elapsed());
    Ok(format!("data {id}"))
}

/// Spawns the three fetches of this chapter; fetch 2 fails at 1.0s.
fn spawn_fetches(start: Instant) -> [JoinHandle<anyhow::Result<String>>; 3] {
    [(1, 2), (2, 1), (3, 3)].map(|(id, secs)| tokio::spawn(fetch_data(start, id, secs, id == 2)))
}

// ANCHOR: main
/// One task's two layers of failure made into one: the `?` turns a
/// `JoinError` (a panic, an abort) into an `anyhow::Error`, and what is
/// left is the task's own `Result`.
async fn flatten<T>(handle: JoinHandle<anyhow::Result<T>>) -> anyhow::Result<T> {
    handle.await?
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("try_join! over the handles:");
    let start = Instant::now();
    let [one, two, three] = spawn_fetches(start);
    // Each handle gives `Result<anyhow::Result<String>, JoinError>`. The
    // outer `Result` is all `try_join!` looks at, and it is `Ok` for a task
    // that returned `Err`: this stops early only for a panic or an abort.
    let (one, two, three) =
        tokio::try_join!(one, two, three).expect("no fetch panics or is aborted");
    println!("  returned at {:.1?}", start.elapsed());
    for result in [one, two, three] {
        match result {
            Ok(data) => println!("  got {data}"),
            Err(error) => println!("  error: {error}"),
        }
    }

    println!("try_join! over the flattened handles:");
    let start = Instant::now();
    let [one, two, three] = spawn_fetches(start);
    let joined = tokio::try_join!(flatten(one), flatten(two), flatten(three));
    let error = joined.expect_err("fetch 2 fails");
    println!("  returned at {:.1?}: {error}", start.elapsed());
    // The other two handles were dropped, which detaches their tasks: they
    // run on, unwatched, like the coroutines `gather` leaves behind.
    sleep(Duration::from_secs(3)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
