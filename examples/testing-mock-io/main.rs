//! Testing a connection handler without a network: a scripted mock
//! (`tokio_test::io::Builder`) and an in-memory pipe (`tokio::io::duplex`).
//! Run the tests with `cargo test --example testing-mock-io`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::io::{self, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::time::timeout;

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
const IDLE_LIMIT: Duration = Duration::from_secs(30);

/// Serves one client of a line protocol: `PING` gets `PONG`, anything
/// else an error; a client silent for 30 seconds is told `BYE` and
/// dropped. Generic over the stream, so that a test can hand it anything
/// that reads and writes, not only a `TcpStream`.
async fn serve_client<S>(stream: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (reader, mut writer) = io::split(stream);
    let mut lines = BufReader::new(reader).lines();
    loop {
        let Ok(line) = timeout(IDLE_LIMIT, lines.next_line()).await else {
            writer.write_all(b"BYE idle\n").await?;
            return Ok(());
        };
        // `None`: the client closed its side.
        let Some(line) = line? else { return Ok(()) };
        let reply: &[u8] = match line.trim() {
            "PING" => b"PONG\n",
            _ => b"ERR unknown command\n",
        };
        writer.write_all(reply).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;
    use tokio_test::io::Builder;

    #[tokio::test]
    async fn answers_ping_with_pong() {
        // The script: the client sends these bytes, and the handler must
        // write exactly those; then the client closes (the script ends).
        let client = Builder::new()
            .read(b"PING\nHELLO\n")
            .write(b"PONG\n")
            .write(b"ERR unknown command\n")
            .build();
        serve_client(client)
            .await
            .expect("the mock stream never fails");
    }

    #[tokio::test(start_paused = true)]
    async fn says_bye_to_a_silent_client() {
        let start = Instant::now();
        // Nothing to read: the handler's read waits until it times out.
        let client = Builder::new().write(b"BYE idle\n").build();
        serve_client(client)
            .await
            .expect("the mock stream never fails");
        assert_eq!(start.elapsed(), IDLE_LIMIT);
    }

    #[tokio::test]
    async fn holds_a_conversation() {
        // Two connected ends, like a socket pair, each direction buffering
        // up to 64 bytes.
        let (client, server) = io::duplex(64);
        let handler = tokio::spawn(serve_client(server));

        let (reader, mut writer) = io::split(client);
        let mut replies = BufReader::new(reader).lines();
        for (command, expected) in [("PING", "PONG"), ("TIME", "ERR unknown command")] {
            writer
                .write_all(format!("{command}\n").as_bytes())
                .await
                .expect("the handler is reading");
            let reply = replies.next_line().await.expect("the pipe works");
            assert_eq!(reply.as_deref(), Some(expected));
        }
        // Closing our side is the handler's cue to finish.
        writer.shutdown().await.expect("the pipe works");
        let served = handler.await.expect("the handler does not panic");
        assert!(served.is_ok(), "the handler ended with {served:?}");
    }
}
// ANCHOR_END: main
