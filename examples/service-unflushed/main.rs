//! A reply written into a `BufWriter` stays in the buffer until it is
//! flushed: the client waits for an answer that never leaves the server.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

// ANCHOR: main
/// Answers every line with `OK`, through a buffer that saves system calls.
async fn handle_client(stream: TcpStream) -> io::Result<()> {
    let (reader, writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let mut writer = BufWriter::new(writer);
    while let Some(_line) = lines.next_line().await? {
        // Into the buffer, which is sent only when full or flushed.
        writer.write_all(b"OK\n").await?;
        // Missing: writer.flush().await?;
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let (stream, _address) = listener.accept().await?;
        handle_client(stream).await
    });

    let (reader, mut writer) = TcpStream::connect(address).await?.into_split();
    let mut replies = BufReader::new(reader).lines();
    writer.write_all(b"SET colour blue\n").await?;
    let wait = Duration::from_millis(200);
    match timeout(wait, replies.next_line()).await {
        Ok(reply) => println!("reply: {:?}", reply?),
        Err(_) => println!("no reply within {wait:?}: it is still in the buffer"),
    }
    Ok(())
}
// ANCHOR_END: main
