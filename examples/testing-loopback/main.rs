//! Testing a server over real sockets, on the loopback interface.
//! Run the tests with `cargo test --example testing-loopback`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use futures::StreamExt;
use tokio::io::{self, AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};

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

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
/// Accepts clients for ever, each served by a task of its own.
async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (socket, _peer) = listener.accept().await?;
        tokio::spawn(serve_client(socket));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, BufReader};
    use tokio::io::{Lines, ReadHalf, WriteHalf};
    use tokio::net::TcpStream;

    /// A connected client: its replies, line by line, and its sending half.
    type Client = (Lines<BufReader<ReadHalf<TcpStream>>>, WriteHalf<TcpStream>);

    /// Starts the server on a free port of the loopback interface, and
    /// returns its address. The server task ends with the test's runtime.
    async fn start_server() -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the loopback interface has free ports");
        let address = listener
            .local_addr()
            .expect("a bound socket has an address");
        tokio::spawn(serve(listener));
        address
    }

    async fn connect(address: std::net::SocketAddr) -> Client {
        let stream = TcpStream::connect(address)
            .await
            .expect("the server listens");
        let (reader, writer) = io::split(stream);
        (BufReader::new(reader).lines(), writer)
    }

    async fn ask(client: &mut Client, command: &str) -> Option<String> {
        let (replies, writer) = client;
        let line = format!("{command}\n");
        writer.write_all(line.as_bytes()).await.expect("connected");
        replies.next_line().await.expect("connected")
    }

    #[tokio::test]
    async fn answers_over_tcp() {
        let address = start_server().await;
        let mut client = connect(address).await;
        assert_eq!(ask(&mut client, "PING").await.as_deref(), Some("PONG"));
    }

    #[tokio::test]
    async fn serves_two_clients_at_once() {
        let address = start_server().await;
        let mut first = connect(address).await;
        let mut second = connect(address).await;
        // The first client is connected and silent while the second is
        // served: one task per client.
        assert_eq!(ask(&mut second, "PING").await.as_deref(), Some("PONG"));
        assert_eq!(ask(&mut first, "PING").await.as_deref(), Some("PONG"));
    }
}
// ANCHOR_END: main
