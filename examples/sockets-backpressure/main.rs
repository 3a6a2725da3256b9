//! Backpressure: `write_all` waits while the peer does not read.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot::{self, Receiver};

// ANCHOR: main
/// More than the kernel buffers for one connection (typically a few MiB).
const PAYLOAD: usize = 64 * 1024 * 1024;

/// Reads nothing until told to, then everything, and returns the count.
async fn slow_reader(mut stream: TcpStream, go: Receiver<()>) -> io::Result<usize> {
    go.await.expect("the writer says when");
    println!("reader: reading now");
    let mut buffer = vec![0; 64 * 1024];
    let mut total = 0;
    loop {
        // `read` returns what has arrived, up to the buffer's size; 0 means
        // the writer has closed its side.
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(total);
        }
        total += read;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut writer = TcpStream::connect(listener.local_addr()?).await?;
    let (reading_end, _peer) = listener.accept().await?;
    let (go, wait_for_go) = oneshot::channel();
    let reader = tokio::spawn(slow_reader(reading_end, wait_for_go));

    // From here on, the reader may start whenever this task waits.
    go.send(()).expect("the reader waits for the word");

    // A kilobyte fits in the kernel's buffers: `write_all` returns at once,
    // and the reader has not even started.
    writer.write_all(&[b'x'; 1024]).await?;
    println!("writer: write_all of 1 KiB returned");

    // 64 MiB do not fit: `write_all` waits until the reader makes room.
    println!(
        "writer: calling write_all with {} MiB",
        PAYLOAD / 1024 / 1024
    );
    writer.write_all(&vec![b'x'; PAYLOAD]).await?;
    println!("writer: write_all returned");
    writer.shutdown().await?;

    let total = reader.await.expect("the reader does not panic")?;
    println!("reader: read {total} bytes");
    Ok(())
}
// ANCHOR_END: main
