//! A first async test: `#[tokio::test]` beside `IsolatedAsyncioTestCase`.
//! Run the tests with `cargo test --example testing-first-test`.

// The function under test is used only by the tests, so a plain build
// would call it dead code.
#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::time::sleep;

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
/// Asks the price service for a symbol's price.
async fn fetch_price(symbol: &str) -> Result<u32, String> {
    // Stands for the network round trip.
    sleep(Duration::from_millis(20)).await;
    match symbol {
        "ACME" => Ok(101),
        "GLOBEX" => Ok(87),
        _ => Err(format!("unknown symbol {symbol}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::{Handle, RuntimeFlavor};

    #[tokio::test]
    async fn answers_with_the_price() {
        assert_eq!(fetch_price("ACME").await, Ok(101));
    }

    #[tokio::test]
    async fn an_unknown_symbol_is_an_error() {
        let error = fetch_price("NOPE").await.expect_err("NOPE is not listed");
        assert_eq!(error, "unknown symbol NOPE");
    }

    #[tokio::test]
    async fn runs_on_a_runtime_of_its_own_with_one_thread() {
        let flavor = Handle::current().runtime_flavor();
        assert_eq!(flavor, RuntimeFlavor::CurrentThread);
    }
}
// ANCHOR_END: main
