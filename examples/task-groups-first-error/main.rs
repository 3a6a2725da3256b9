//! On a `JoinSet`'s first error, abort the other tasks and see them cancelled.

use std::collections::HashMap;
use std::panic;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

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

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut set = JoinSet::new();
    // Each task gets an id from tokio; remember which fetch it belongs to.
    let mut fetch_of_task = HashMap::new();
    for (id, sleep_time) in [(1, 2), (2, 1), (3, 3)] {
        let handle = set.spawn(fetch_data(start, id, sleep_time, id == 2));
        fetch_of_task.insert(handle.id(), id);
    }

    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(data)) => println!("got {data}"),
            // The task ran to its end and returned an error: cancel the
            // rest, as a TaskGroup would. `abort_all` does not wait, so
            // the loop goes on to collect what the aborted tasks return.
            Ok(Err(error)) => {
                println!("error at {:.1?}: {error}", start.elapsed());
                set.abort_all();
            }
            Err(join_error) if join_error.is_cancelled() => {
                let id = fetch_of_task[&join_error.id()];
                println!("fetch {id} cancelled at {:.1?}", start.elapsed());
            }
            // The task panicked: carry its panic on into this task.
            Err(join_error) => panic::resume_unwind(join_error.into_panic()),
        }
    }
    // The set is empty: no task of it is left to print "finished".
    sleep(Duration::from_secs(3)).await;
    println!("main done at {:.1?}", start.elapsed());
}
// ANCHOR_END: main
