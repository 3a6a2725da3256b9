//! The smallest tokio program: one coroutine, run to completion by a runtime.

// ANCHOR: main
async fn say_hello() {
    println!("Start of main coroutine");
}

// `#[tokio::main]` turns `async fn main` into an ordinary `fn main` that
// starts a tokio runtime and runs the body on it, like `asyncio.run(main())`.
#[tokio::main]
async fn main() {
    say_hello().await;
}
// ANCHOR_END: main
