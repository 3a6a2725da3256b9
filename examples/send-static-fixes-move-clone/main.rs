//! `async move` with a clone: each task owns its own copy, and the caller
//! keeps the original.

use tokio::task::yield_now;

// ANCHOR: main
async fn fetch(base_url: &str, path: &str) -> String {
    yield_now().await; // stands in for a network round trip
    format!("{base_url}{path}")
}

#[tokio::main]
async fn main() {
    let base_url = String::from("https://example.com");
    let mut tasks = Vec::new();
    for path in ["/index.html", "/about.html"] {
        // The task gets a clone of its own. `path` is a `&'static str`: a
        // string literal lives as long as the program, so it may be borrowed.
        let base_url = base_url.clone();
        tasks.push(tokio::spawn(async move { fetch(&base_url, path).await }));
    }
    for task in tasks {
        println!("{}", task.await.expect("a fetch does not panic"));
    }
    println!("main still has {base_url}");
}
// ANCHOR_END: main
