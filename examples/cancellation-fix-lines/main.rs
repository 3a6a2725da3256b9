//! The everyday fix: `Lines::next_line`, which is cancel safe.

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
    let (writer, reader) = tokio::io::duplex(64);
    tokio::spawn(send_line(writer));
    // `Lines` keeps the bytes of a partial line in a buffer of its own,
    // which outlives each `next_line` future.
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let line = line.expect("reading from memory cannot fail");
                let Some(line) = line else {
                    break; // end of the stream
                };
                println!("line {line:?} at {:.1?}", start.elapsed());
            }
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
