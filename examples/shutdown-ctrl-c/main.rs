//! Waits for a real Ctrl+C (SIGINT), which the program sends to itself.
//! Unix only: it runs the `kill` command.

use tokio::process::Command;
use tokio::signal;

// ANCHOR: main
/// A server that never stops on its own. Its only work here is to do what
/// the Ctrl+C key does in a terminal: send SIGINT to its own process.
async fn serve() -> anyhow::Result<()> {
    let pid = std::process::id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().await?;
    anyhow::ensure!(status.success(), "kill failed: {status}");
    std::future::pending().await
}

// No timers here, so the clock need not be paused: the output does not
// depend on when the signal arrives, only on its arriving.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    println!("serving until Ctrl+C");
    tokio::select! {
        // `biased` polls the branches in the order written. The first poll
        // of `ctrl_c()` installs the handler, so it is in place before
        // `serve` sends the signal.
        biased;
        result = signal::ctrl_c() => result?,
        result = serve() => result?,
    }
    println!("got Ctrl+C: shutting down");
    Ok(())
}
// ANCHOR_END: main
