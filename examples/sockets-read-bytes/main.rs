//! `read` returns the bytes that have arrived, not one message.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    // An in-memory pipe: a stream of bytes, as a TCP connection is, without
    // the network (so this one runs in the playground too).
    let (mut client, mut server) = tokio::io::duplex(1024);

    // Two messages, written one after the other...
    client.write_all(b"temperature=21.5\n").await?;
    client.write_all(b"humidity=40\n").await?;
    // ...arrive as bytes, and one read takes all that is there.
    let mut buffer = [0; 1024];
    let read = server.read(&mut buffer).await?;
    println!("one read: {:?}", String::from_utf8_lossy(&buffer[..read]));

    // One message, read with a small buffer, comes out in pieces.
    client.write_all(b"pressure=1013\n").await?;
    let mut small = [0; 8];
    let read = server.read(&mut small).await?;
    println!("one read: {:?}", String::from_utf8_lossy(&small[..read]));
    let read = server.read(&mut small).await?;
    println!("one read: {:?}", String::from_utf8_lossy(&small[..read]));
    Ok(())
}
// ANCHOR_END: main
