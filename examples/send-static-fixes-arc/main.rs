//! `Arc` instead of `Rc`: one value shared by tasks that may run on
//! different threads, and `Arc<Mutex<_>>` for what they change.

use std::sync::{Arc, Mutex};

use tokio::task::yield_now;

// ANCHOR: main
struct Config {
    base_url: String,
    user_agent: String,
}

#[derive(Default)]
struct Stats {
    requests: u32,
    bytes: usize,
}

async fn fetch(config: &Config, path: &str) -> String {
    yield_now().await; // stands in for a network round trip
    format!("GET {}{path} as {}", config.base_url, config.user_agent)
}

#[tokio::main]
async fn main() {
    // Read-only and shared: an `Arc`, whose count is safe to change from
    // several threads at once. Changed by the tasks: a lock inside the `Arc`.
    let config = Arc::new(Config {
        base_url: String::from("https://example.com"),
        user_agent: String::from("crawler/1.0"),
    });
    let stats = Arc::new(Mutex::new(Stats::default()));

    let mut tasks = Vec::new();
    for path in ["/index.html", "/about.html", "/blog.html"] {
        // One handle for each task; `async move` moves these clones in.
        let config = Arc::clone(&config);
        let stats = Arc::clone(&stats);
        tasks.push(tokio::spawn(async move {
            let request = fetch(&config, path).await;
            // No `.await` follows: this guard never crosses one.
            let mut stats = stats.lock().expect("no task panics holding the lock");
            stats.requests += 1;
            stats.bytes += request.len();
            request
        }));
    }
    for task in tasks {
        println!("{}", task.await.expect("a fetch does not panic"));
    }
    let stats = stats.lock().expect("no task panics holding the lock");
    println!("{} requests, {} bytes", stats.requests, stats.bytes);
    println!("handles to the config left: {}", Arc::strong_count(&config));
}
// ANCHOR_END: main
