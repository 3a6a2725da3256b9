//! The smallest tokio program: one coroutine, run to completion by a runtime.

// ANCHOR: main
async fn say_hello() {
    println!("Start of main coroutine");
}

#[tokio::main]
async fn main() {
    say_hello().await;
}
// ANCHOR_END: main
