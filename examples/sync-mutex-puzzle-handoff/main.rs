//! Puzzle: who gets a tokio mutex that its holder gives back while others
//! wait for it?

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::sleep;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let printer = Arc::new(Mutex::new(()));
    let guard = printer.lock().await;

    for name in ["report", "invoice"] {
        let printer = Arc::clone(&printer);
        tokio::spawn(async move {
            let _turn = printer.lock().await;
            println!("{name}: printing");
        });
        // The paused clock moves only when every task waits, so after this
        // sleep the task is waiting in `lock()`: "report" queues first.
        sleep(Duration::from_secs(1)).await;
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
