//! A `std::sync::Mutex` for a short critical section with no `.await` in it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn modify_shared_resource(id: u32, resource: Arc<Mutex<u32>>) {
    // The slow part, the I/O, needs no lock at all.
    sleep(Duration::from_secs(1)).await;

    // The critical section is a few instructions with no `.await`: a
    // std mutex fits, and the block makes sure its guard is dropped
    // (the lock released) before anything else happens.
    let after = {
        let mut value = resource.lock().expect("no task panics while holding it");
        *value += 1;
        *value
    };
    println!("task {id} set the resource to {after}");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let resource = Arc::new(Mutex::new(0));

    // `tokio::spawn` accepts these tasks: no std guard lives across an
    // `.await`, so their futures can move between threads.
    let tasks: Vec<_> = (0..5)
        .map(|id| tokio::spawn(modify_shared_resource(id, Arc::clone(&resource))))
        .collect();
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    println!("Total: {:.1?}", start.elapsed());
}
// ANCHOR_END: main
