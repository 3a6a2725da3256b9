//! `read_line` in a `select!` loop: a tick that wins throws away half a line.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::time::{Instant, sleep};

/// Writes one line in two parts, a second apart, then closes the stream.
async fn send_line(mut writer: DuplexStream) {
    writer
        .write_all(b"temperature=")
        .await
        .expect("the reader is open");
    sleep(Duration::from_secs(1)).await;
    writer
        .write_all(b"21.5\n")
        .await
        .expect("the reader is open");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // An in-memory pipe stands in for a socket.
    let (writer, reader) = tokio::io::duplex(64);
    tokio::spawn(send_line(writer));
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    loop {
        tokio::select! {
            // Not cancel safe: the bytes read so far live in this future,
            // and are lost with it when the tick wins.
            read = reader.read_line(&mut line) => {
                if read.expect("reading from memory cannot fail") == 0 {
                    break; // end of the stream
                }
                println!("line {line:?} at {:.1?}", start.elapsed());
                line.clear();
            }
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
