//! A `BufWriter` dropped before it is flushed loses what it holds.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};

// ANCHOR: main
/// Counts the lines a client sends, until it closes its side.
async fn count_lines(stream: TcpStream) -> io::Result<usize> {
    let mut lines = BufReader::new(stream).lines();
    let mut count = 0;
    while lines.next_line().await?.is_some() {
        count += 1;
    }
    Ok(count)
}

async fn send_report(stream: TcpStream) -> io::Result<()> {
    // Small writes go into the BufWriter's buffer (8 KiB), and reach the
    // socket only when the buffer fills, or on `flush` or `shutdown`.
    let mut writer = BufWriter::new(stream);
    writer.write_all(b"temperature=21.5\n").await?;
    writer.write_all(b"humidity=40\n").await?;
    Ok(()) // the mistake: `writer` is dropped here, and its buffer with it
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let client = TcpStream::connect(listener.local_addr()?).await?;
    let (server_end, _peer) = listener.accept().await?;

    send_report(client).await?;
    println!("the server got {} lines", count_lines(server_end).await?);
    Ok(())
}
// ANCHOR_END: main
