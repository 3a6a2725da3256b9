//! Exercise: several tasks add to one total, and the total must be right.

// ANCHOR: given
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const PAGES: [&str; 3] = [
    "the quick brown fox",
    "jumps over the lazy dog",
    "and runs away",
];

/// Downloads a page (the sleep stands in for the network) and counts its
/// words.
async fn count_words(page: &'static str) -> u64 {
    tokio::time::sleep(Duration::from_millis(100)).await;
    let words = page.split_whitespace().count();
    u64::try_from(words).expect("a page has fewer than 2^64 words")
}
// ANCHOR_END: given

// ANCHOR: solution
use std::sync::Arc;

#[tokio::main]
async fn main() {
    // One atomic, on the heap once; every task gets a handle of its own to
    // it, and `main` keeps one to read the total at the end.
    let total = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for page in PAGES {
        // Cloning the `Arc` copies the handle, not the number.
        let total = Arc::clone(&total);
        tasks.push(tokio::spawn(async move {
            let words = count_words(page).await;
            // The read and the write are one atomic step, so no count is
            // lost even if two tasks add at the same instant.
            total.fetch_add(words, Ordering::SeqCst);
        }));
    }
    for task in tasks {
        task.await.expect("the task does not panic");
    }
    // Every task has been awaited, so every addition is in.
    let total = total.load(Ordering::SeqCst);
    println!("{} pages, {total} words", PAGES.len());
}
// ANCHOR_END: solution
