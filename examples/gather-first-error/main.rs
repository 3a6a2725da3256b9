//! `try_join!` returns at the first `Err` and drops the futures still running.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn fetch_data(
    start: Instant,
    id: u32,
    sleep_time: u64,
    fail: bool,
) -> anyhow::Result<String> {
    println!("fetch {id} started");
    sleep(Duration::from_secs(sleep_time)).await;
    if fail {
        anyhow::bail!("fetch {id} lost its connection");
    }
    println!("fetch {id} finished at {:.1?}", start.elapsed());
    Ok(format!("data {id}"))
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // `try_join!` waits for every future to return `Ok`, or for the first
    // `Err`: then it returns that error at once and drops the others.
    let joined = tokio::try_join!(
        fetch_data(start, 1, 2, false),
        fetch_data(start, 2, 1, true),
        fetch_data(start, 3, 3, false),
    );
    match joined {
        Ok(results) => println!("{results:?}"),
        Err(error) => {
            println!("try_join! returned at {:.1?}: {error}", start.elapsed());
        }
    }
    // Fetches 1 and 3 were dropped where they stood, inside their sleeps:
    // however long we wait, they never print "finished".
    sleep(Duration::from_secs(3)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
