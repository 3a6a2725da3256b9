//! The fix: one read future, pinned outside the loop, resumed on every turn.

use std::io;
use std::pin::pin;
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
type Reader = BufReader<DuplexStream>;

/// Reads one line. It takes the reader by value and hands it back, so the
/// future borrows nothing and can be replaced once it has finished.
async fn read_one_line(mut reader: Reader) -> (Reader, io::Result<String>) {
    let mut line = String::new();
    let read = reader.read_line(&mut line).await.map(|_| line);
    (reader, read)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (writer, reader) = tokio::io::duplex(64);
    tokio::spawn(send_line(writer));
    let mut read = pin!(read_one_line(BufReader::new(reader)));
    loop {
        tokio::select! {
            // A tick no longer drops the read: it goes on at the next turn.
            (reader, line) = &mut read => {
                let line = line.expect("reading from memory cannot fail");
                if line.is_empty() {
                    break; // end of the stream
                }
                println!("line {line:?} at {:.1?}", start.elapsed());
                // The finished future is replaced by a fresh one.
                read.set(read_one_line(reader));
            }
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
