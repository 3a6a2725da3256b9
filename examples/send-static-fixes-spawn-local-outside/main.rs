//! `spawn_local` needs a `LocalSet` or a `LocalRuntime` around it; on an
//! ordinary runtime it compiles, and panics when it runs.

use std::rc::Rc;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let name = Rc::new(String::from("fetch 1"));
    println!("spawning {name} with spawn_local");
    let task = tokio::task::spawn_local(async move { name.len() });
    println!("{}", task.await.expect("the task does not panic"));
}
// ANCHOR_END: main
