//! `acquire_owned`: a permit that moves into a spawned task.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let semaphore = Arc::new(Semaphore::new(2));
    let mut tasks = JoinSet::new();

    for id in 0..5 {
        // Take a permit *before* spawning, so that no more than two tasks
        // run at a time. `acquire_owned` needs an `Arc<Semaphore>` and
        // gives a permit that borrows nothing, so it can move into a task.
        let permit = Arc::clone(&semaphore)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        // A `JoinSet` keeps a finished task (its output) until it is
        // joined. Take out the finished ones now, so that the set holds
        // only the tasks that run, however many jobs there are.
        while let Some(done) = tasks.try_join_next() {
            done.expect("the task does not panic");
        }
        println!(
            "spawning task {id} at {}, {} in the set",
            secs(start),
            tasks.len()
        );
        tasks.spawn(async move {
            // Mention the permit, so the task owns it: dropped when the
            // task ends, it lets the loop spawn the next one.
            let _permit = permit;
            sleep(Duration::from_secs(1)).await;
            println!("task {id} done at {}", secs(start));
        });
    }
    tasks.join_all().await;
    println!("All done at {}", secs(start));
}
// ANCHOR_END: main
