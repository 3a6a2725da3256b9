//! Backpressure: `write_all` waits while the peer does not read.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot::{self, Receiver};

// ANCHOR: main
/// The kernel buffer asked for on each side: the writer's send buffer and
/// the reader's receive buffer. Linux doubles it, for its own bookkeeping.
const KERNEL_BUFFER: u32 = 64 * 1024;
/// Several times what the kernel buffers for the connection, on any machine.
const PAYLOAD: usize = 1024 * 1024;

/// A connection on 127.0.0.1 whose kernel buffers are small, whatever the
/// machine's defaults: returns the writing end and the reading end.
async fn connect_with_small_buffers() -> io::Result<(TcpStream, TcpStream)> {
    // A `TcpSocket` is a socket not yet listening or connected: the place
    // for options that must be set before.
    let listening = TcpSocket::new_v4()?;
    // The sockets a listener accepts take their buffer sizes from it.
    listening.set_recv_buffer_size(KERNEL_BUFFER)?;
    listening.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let listener = listening.listen(1)?;

    let sending = TcpSocket::new_v4()?;
    sending.set_send_buffer_size(KERNEL_BUFFER)?;
    let writing_end = sending.connect(listener.local_addr()?).await?;
    let (reading_end, _peer) = listener.accept().await?;
    Ok((writing_end, reading_end))
}

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
    let (mut writer, reading_end) = connect_with_small_buffers().await?;
    let (go, wait_for_go) = oneshot::channel();
    let reader = tokio::spawn(slow_reader(reading_end, wait_for_go));

    // From here on, the reader may start whenever this task waits.
    go.send(()).expect("the reader waits for the word");

    // A kilobyte fits in the kernel's buffers: `write_all` returns at once,
    // and the reader has not even started.
    writer.write_all(&[b'x'; 1024]).await?;
    println!("writer: write_all of 1 KiB returned");

    // A mebibyte does not fit: `write_all` waits until the reader makes room.
    println!("writer: calling write_all with {} KiB", PAYLOAD / 1024);
    writer.write_all(&vec![b'x'; PAYLOAD]).await?;
    println!("writer: write_all returned");
    writer.shutdown().await?;

    let total = reader.await.expect("the reader does not panic")?;
    println!("reader: read {total} bytes");
    Ok(())
}
// ANCHOR_END: main
