//! Without a lock, a reader sees a transfer half done.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// Two balances that must always add up to 100.
struct Accounts {
    checking: AtomicU32,
    savings: AtomicU32,
}

async fn transfer(accounts: Arc<Accounts>, amount: u32, start: Instant) {
    accounts.checking.fetch_sub(amount, Ordering::SeqCst);
    println!("transfer: took {amount} from checking at {}", secs(start));
    sleep(Duration::from_secs(1)).await; // a slow write, between the halves
    accounts.savings.fetch_add(amount, Ordering::SeqCst);
    println!("transfer: added {amount} to savings at {}", secs(start));
}

async fn audit(accounts: Arc<Accounts>, start: Instant) {
    sleep(Duration::from_millis(500)).await;
    let checking = accounts.checking.load(Ordering::SeqCst);
    let savings = accounts.savings.load(Ordering::SeqCst);
    let total = checking + savings;
    println!(
        "auditor: {checking} + {savings} = {total} at {}",
        secs(start)
    );
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let accounts = Arc::new(Accounts {
        checking: AtomicU32::new(50),
        savings: AtomicU32::new(50),
    });
    let writer = tokio::spawn(transfer(Arc::clone(&accounts), 30, start));
    let reader = tokio::spawn(audit(Arc::clone(&accounts), start));
    writer.await.expect("the task does not panic");
    reader.await.expect("the task does not panic");
}
// ANCHOR_END: main
