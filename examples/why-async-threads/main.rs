//! CPU-bound work split across threads, which Rust runs in parallel.

use std::ops::Range;
use std::thread;

// ANCHOR: main
/// Pure CPU work: counts the primes in `numbers` by trial division.
fn count_primes_in(numbers: Range<u64>) -> usize {
    numbers
        .filter(|&n| n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

fn main() {
    const LIMIT: u64 = 300_000;
    // A scope lets the threads borrow from `main`, and joins them all before
    // it returns, so no thread can outlive the data it uses.
    let (low, high) = thread::scope(|scope| {
        // Two threads, each with half of the numbers. With no global lock,
        // each one runs on its own core, at the same time as the other.
        let low = scope.spawn(|| count_primes_in(0..LIMIT / 2));
        let high = scope.spawn(|| count_primes_in(LIMIT / 2..LIMIT));
        (
            low.join().expect("the thread does not panic"),
            high.join().expect("the thread does not panic"),
        )
    });
    println!("{low} + {high} = {} primes below {LIMIT}", low + high);
}
// ANCHOR_END: main
