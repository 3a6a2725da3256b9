//! tokio's mpsc channel between threads and tasks: a blocking end on the
//! thread's side, an async end on the task's side.

use std::thread;

use tokio::sync::mpsc;

/// Stands in for a sensor driver with a blocking API.
fn read_sensor_blocking(step: usize) -> Option<i32> {
    [18, 19, 19, 22].get(step).copied()
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Room for two items each: a side that runs ahead waits for the other.
    let (readings_tx, mut readings) = mpsc::channel::<i32>(2);
    let (lines, mut lines_rx) = mpsc::channel::<String>(2);

    // A plain thread feeds the async side: `blocking_send` blocks this
    // thread, never the runtime, while the channel is full.
    let sensor = thread::spawn(move || {
        let mut step = 0;
        while let Some(reading) = read_sensor_blocking(step) {
            readings_tx
                .blocking_send(reading)
                .expect("the task reads until the channel closes");
            step += 1;
        }
        // `readings_tx` is dropped here: the channel closes.
    });

    // A plain thread drains the async side, as a synchronous log writer.
    let writer = thread::spawn(move || {
        let mut written = Vec::new();
        while let Some(line) = lines_rx.blocking_recv() {
            written.push(line);
        }
        written
    });

    // The async part: reads with `.await`, never blocking the runtime.
    let mut previous = None;
    while let Some(reading) = readings.recv().await {
        let line = match previous {
            Some(before) => format!("{reading}°C ({:+})", reading - before),
            None => format!("{reading}°C"),
        };
        lines
            .send(line)
            .await
            .expect("the writer reads until the end");
        previous = Some(reading);
    }
    drop(lines); // closes the writer's channel: its loop ends

    // Joining a thread blocks, so it is done on a blocking thread too.
    let written = tokio::task::spawn_blocking(move || {
        sensor.join().expect("the sensor thread does not panic");
        writer.join().expect("the writer thread does not panic")
    })
    .await
    .expect("the joining job does not panic");
    for line in written {
        println!("the writer wrote: {line}");
    }
}
// ANCHOR_END: main
