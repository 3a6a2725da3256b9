//! Puzzle: who gets a tokio mutex that its holder gives back while others
//! wait for it?

use std::sync::Arc;

use tokio::sync::{Mutex, oneshot};

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let printer = Arc::new(Mutex::new(()));
    let guard = printer.lock().await;

    for name in ["report", "invoice"] {
        let printer = Arc::clone(&printer);
        let (waiting, task_waiting) = oneshot::channel();
        tokio::spawn(async move {
            waiting.send(()).expect("main waits for this");
            // A task runs until it has to wait: it is in the lock's queue
            // before `main`, on this one thread, can run again.
            let _turn = printer.lock().await;
            println!("{name}: printing");
        });
        // So "report" queues first, then "invoice".
        task_waiting.await.expect("the task sends before it waits");
    }

    drop(guard);
    match printer.try_lock() {
        Ok(_) => println!("main: try_lock got the printer back"),
        Err(_) => println!("main: try_lock found the printer taken"),
    }
    let _again = printer.lock().await;
    println!("main: printing again");
}
// ANCHOR_END: main
