//! Puzzle: three tasks step aside with `yield_now`; in which order do they
//! come back?

use tokio::task::yield_now;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut handles = Vec::new();
    for id in 1..=3 {
        handles.push(tokio::spawn(async move {
            println!("task {id}: before yield_now");
            yield_now().await;
            println!("task {id}: after yield_now");
        }));
    }
    println!("main: spawned three tasks");
    for handle in handles {
        handle.await.expect("the tasks do not panic");
    }
    println!("main: all done");
}
// ANCHOR_END: main
