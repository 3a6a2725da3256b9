//! Testing a connection handler without a network: a scripted mock
//! (`tokio_test::io::Builder`) and an in-memory pipe (`tokio::io::duplex`).
//! Run the tests with `cargo test --example testing-mock-io`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use futures::StreamExt;
use tokio::io::{self, AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
const IDLE_LIMIT: Duration = Duration::from_secs(30);
/// The longest line read, in bytes: asyncio's default limit.
const MAX_LINE: usize = 64 * 1024;

/// Serves one client of a line protocol: `PING` gets `PONG`, anything
/// else an error, and a line over MAX_LINE bytes an error and the end of
/// the connection; a client silent for 30 seconds is told `BYE` and
/// dropped. Generic over the stream, so that a test can hand it anything
/// that reads and writes, not only a `TcpStream`.
async fn serve_client<S>(stream: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (reader, mut writer) = io::split(stream);
    // Lines of at most MAX_LINE bytes: a longer one is refused, not
    // buffered for as long as it goes on.
    let codec = LinesCodec::new_with_max_length(MAX_LINE);
    let mut lines = FramedRead::new(reader, codec);
    loop {
        let Ok(line) = timeout(IDLE_LIMIT, lines.next()).await else {
            writer.write_all(b"BYE idle\n").await?;
            return Ok(());
        };
        let reply: &[u8] = match line {
            Some(Ok(line)) if line.trim() == "PING" => b"PONG\n",
            Some(Ok(_)) => b"ERR unknown command\n",
            // More of the line may still be coming: answer, and hang up.
            Some(Err(LinesCodecError::MaxLineLengthExceeded)) => {
                writer.write_all(b"ERR line too long\n").await?;
                return Ok(());
            }
            Some(Err(LinesCodecError::Io(error))) => return Err(error),
            // `None`: the client closed its side.
            None => return Ok(()),
        };
        writer.write_all(reply).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, BufReader};
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
