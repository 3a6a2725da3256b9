//! SIGTERM beside Ctrl+C, and a second signal that ends the drain at once.
//! The program sends both signals to itself. Unix only: it runs `kill`.

use tokio::process::Command;
use tokio::signal::unix::{SignalKind, signal};

/// Sends `signal` (`-TERM`, `-INT`) to this process, as a service manager
/// or the Ctrl+C key would.
async fn send_to_self(signal: &str) -> anyhow::Result<()> {
    let pid = std::process::id().to_string();
    let status = Command::new("kill").args([signal, &pid]).status().await?;
    anyhow::ensure!(status.success(), "kill failed: {status}");
    Ok(())
}

// ANCHOR: main
/// A server that never stops on its own; here, a service manager stops it.
async fn serve() -> anyhow::Result<()> {
    send_to_self("-TERM").await?;
    std::future::pending().await
}

/// A drain with a job that never ends; the user loses patience.
async fn drain() -> anyhow::Result<()> {
    send_to_self("-INT").await?;
    std::future::pending().await
}

// No timers: the output depends only on the signals' arriving.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // `signal` installs its handler here, at once, and each stream keeps
    // every signal that comes after this line, so none can be missed
    // between the two `select!`s.
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?; // Ctrl+C
    println!("serving until SIGTERM or Ctrl+C");
    tokio::select! {
        _ = terminate.recv() => println!("SIGTERM: draining; signal again to force"),
        _ = interrupt.recv() => println!("Ctrl+C: draining; press again to force"),
        result = serve() => result?,
    }
    tokio::select! {
        _ = terminate.recv() => println!("second SIGTERM: not waiting any longer"),
        _ = interrupt.recv() => println!("Ctrl+C: not waiting any longer"),
        result = drain() => result?,
    }
    // Returning drops the runtime, and with it whatever was left running.
    Ok(())
}
// ANCHOR_END: main
