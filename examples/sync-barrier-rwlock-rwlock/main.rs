//! `tokio::sync::RwLock`: readers together, a writer alone.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;
use tokio::time::{Instant, sleep};

fn secs(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// Two balances that must always add up to 100.
struct Accounts {
    checking: u32,
    savings: u32,
}

/// Auditor `id` arrives `ms` milliseconds after the start.
async fn audit(accounts: Arc<RwLock<Accounts>>, id: u32, ms: u64, start: Instant) {
    sleep(Duration::from_millis(ms)).await;
    println!("auditor {id} asks to read at {}", secs(start));
    // Any number of read guards may exist at once.
    let read = accounts.read().await;
    let total = read.checking + read.savings;
    println!(
        "auditor {id} reads {} + {} = {total} at {}",
        read.checking,
        read.savings,
        secs(start)
    );
    sleep(Duration::from_secs(1)).await; // keep reading for a while
}

async fn transfer(accounts: Arc<RwLock<Accounts>>, amount: u32, start: Instant) {
    sleep(Duration::from_millis(500)).await;
    println!("transfer asks to write at {}", secs(start));
    // A write guard waits until no read guard is left, and keeps every
    // reader out for as long as it lives, `.await`s included.
    let mut write = accounts.write().await;
    println!("transfer writes at {}", secs(start));
    write.checking -= amount;
    sleep(Duration::from_secs(1)).await; // a slow write, between the halves
    write.savings += amount;
    println!("transfer done at {}", secs(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let accounts = Arc::new(RwLock::new(Accounts {
        checking: 50,
        savings: 50,
    }));
    let tasks = vec![
        tokio::spawn(audit(Arc::clone(&accounts), 1, 0, start)),
        tokio::spawn(audit(Arc::clone(&accounts), 2, 0, start)),
        tokio::spawn(transfer(Arc::clone(&accounts), 30, start)),
        // Arrives while readers still hold the lock, but after the writer
        // asked for it: it waits for the writer's turn.
        tokio::spawn(audit(Arc::clone(&accounts), 3, 700, start)),
        // Arrives in the middle of the transfer.
        tokio::spawn(audit(Arc::clone(&accounts), 4, 1500, start)),
    ];
    for task in tasks {
        task.await.expect("the task does not panic");
    }
}
// ANCHOR_END: main
