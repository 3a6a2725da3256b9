//! A helper that behaves like `asyncio.TaskGroup`: on the first error it
//! stops the other tasks, waits for them, and returns the error.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Says so when a fetch is dropped before it has finished.
struct StopNotice {
    id: u32,
    start: Instant,
    finished: bool,
}

impl Drop for StopNotice {
    fn drop(&mut self) {
        if !self.finished {
            println!("fetch {} stopped at {:.1?}", self.id, self.start.elapsed());
        }
    }
}

async fn fetch_data(start: Instant, id: u32, millis: u64, fail: bool) -> anyhow::Result<String> {
    let mut notice = StopNotice {
        id,
        start,
        finished: false,
    };
    sleep(Duration::from_millis(millis)).await;
    notice.finished = true;
    anyhow::ensure!(!fail, "fetch {id} lost its connection");
    Ok(format!("data {id}"))
}

// ANCHOR: main
/// Runs each job as a task of one `JoinSet`. On the first error, it aborts
/// the other tasks, waits until they have stopped, and returns that error,
/// as `asyncio.TaskGroup` does. Otherwise it returns every value, in the
/// order of `jobs`.
async fn task_group<T, F>(jobs: impl IntoIterator<Item = F>) -> anyhow::Result<Vec<T>>
where
    F: Future<Output = anyhow::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let mut set = JoinSet::new();
    for (index, job) in jobs.into_iter().enumerate() {
        set.spawn(async move { (index, job.await) });
    }
    let mut values = Vec::with_capacity(set.len());
    while let Some(joined) = set.join_next().await {
        let error = match joined {
            Ok((index, Ok(value))) => {
                values.push((index, value));
                continue;
            }
            Ok((_, Err(error))) => error,
            // A task that panicked has failed too.
            Err(join_error) => join_error.into(),
        };
        // Abort every task still in the set, and wait until each one has
        // been dropped: no task of the group outlives this call.
        set.shutdown().await;
        return Err(error);
    }
    values.sort_by_key(|(index, _)| *index);
    Ok(values.into_iter().map(|(_, value)| value).collect())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    for failing in [Some(2), None] {
        let fetches = [(1, 500), (2, 1000), (3, 3000)]
            .map(|(id, millis)| fetch_data(start, id, millis, failing == Some(id)));
        match task_group(fetches).await {
            Ok(data) => println!("{data:?} at {:.1?}", start.elapsed()),
            Err(error) => println!("group failed at {:.1?}: {error}", start.elapsed()),
        }
    }
}
// ANCHOR_END: main
