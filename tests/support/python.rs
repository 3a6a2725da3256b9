//! Running the asyncio originals with python3 (3.11 or newer, for
//! `asyncio.TaskGroup`) on a virtual clock (`virtual_clock.py`), so that
//! their sleeps take no time and their output is the same on every run.
//!
//! Starting Python and importing asyncio costs a tenth of a second, more
//! than most programs of the book take to run. So the checks start one
//! Python, `virtual_clock.py --serve`, that has done both, and it runs each
//! program in a child process forked from itself (see `serve` there): the
//! program runs exactly as under `python3 virtual_clock.py PROGRAM`, in a
//! process of its own, at the cost of a fork.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{LazyLock, Mutex};
use std::thread;
use std::time::Duration;

use super::process::Finished;
use super::trial::Tool;

/// The oldest Python the book's programs run on.
pub const MINIMUM: (u32, u32) = (3, 11);

/// python3 for the checks that need it.
pub static PYTHON: Tool = Tool {
    checks: "of the book's Python checks",
    missing: &MISSING,
    install: "Install python3 3.11 or newer",
    skipped: AtomicUsize::new(0),
};

/// The interpreter the user asked for: `python3`, or `BOOK_PYTHON`.
fn requested() -> String {
    env::var("BOOK_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The interpreter itself, found once: a version manager's `python3` is
/// often a script that finds the interpreter anew at every start, which
/// would cost every run of every program.
static INTERPRETER: LazyLock<Result<PathBuf, String>> = LazyLock::new(|| {
    let check = format!(
        "import sys; print(sys.executable); sys.exit(0 if sys.version_info >= {MINIMUM:?} else 1)"
    );
    match Command::new(requested()).args(["-c", &check]).output() {
        Ok(output) if output.status.success() => {
            let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            Ok(if path.is_empty() {
                PathBuf::from(requested())
            } else {
                PathBuf::from(path)
            })
        }
        Ok(_) => Err(format!("python3 is older than {}.{}", MINIMUM.0, MINIMUM.1)),
        Err(_) => Err("python3 was not found".to_owned()),
    }
});

/// Why the Python checks cannot run here, if they cannot.
static MISSING: LazyLock<Option<String>> = LazyLock::new(|| INTERPRETER.as_ref().err().cloned());

/// python3 running `virtual_clock.py` with `args`, set up so that a program
/// prints the same bytes on every machine: no .pyc files, UTF-8 output, a
/// fixed hash seed, no buffering (so standard output and standard error
/// interleave as they were written).
fn python(args: &[&str]) -> Command {
    let interpreter = INTERPRETER
        .as_ref()
        .cloned()
        .unwrap_or_else(|_| PathBuf::from(requested()));
    let mut command = Command::new(interpreter);
    command
        .args(["-B", "-X", "utf8"])
        .arg(super::root().join("tests/support/virtual_clock.py"))
        .args(args)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUNBUFFERED", "1")
        .env_remove("PYTHONSTARTUP");
    command
}

/// The interpreter the checks use, as found once.
pub fn interpreter() -> Result<PathBuf, String> {
    INTERPRETER.as_ref().cloned().map_err(Clone::clone)
}

/// python3 itself, on the real clock, set up as the virtual clock's runs
/// are (no .pyc files, UTF-8, a fixed hash seed, no buffering): for
/// programs that must run in real time, such as a client that talks to a
/// server in another process.
pub fn real_clock() -> Result<Command, String> {
    let mut command = Command::new(interpreter()?);
    command
        .args(["-B", "-X", "utf8"])
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUNBUFFERED", "1")
        .env_remove("PYTHONSTARTUP");
    Ok(command)
}

/// Runs the Python program `file` on the virtual clock in the folder `cwd`,
/// as `python3 virtual_clock.py FILE` would, and stops it (with anything it
/// started) once `limit` has passed. What it printed is in `stdout`.
pub fn run(file: &Path, cwd: &Path, output: &Path, limit: Duration) -> Result<Finished, String> {
    let server = SERVER.as_ref().map_err(Clone::clone)?;
    let id = server.next.fetch_add(1, Ordering::Relaxed);
    let (tell, told) = mpsc::channel();
    server
        .waiting
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
        .ok_or("the Python runner has stopped")?
        .insert(id, tell);
    let request = format!(
        "{id}\t{}\t{}\t{}\n",
        cwd.display(),
        output.display(),
        file.display()
    );
    server
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .write_all(request.as_bytes())
        .map_err(|e| format!("the Python runner is gone: {e}"))?;
    let gone = |_| "the Python runner stopped answering".to_owned();
    let Event::Started(pid) = told.recv().map_err(gone)? else {
        return Err("the Python runner answered out of order".to_owned());
    };
    let status = match told.recv_timeout(limit) {
        Ok(Event::Exited(status)) => Some(status),
        Ok(Event::Started(_)) => return Err("the Python runner answered twice".to_owned()),
        Err(RecvTimeoutError::Timeout) => {
            // SAFETY: kill(2) with a negative pid signals the process group
            // the child leads; it touches no memory of ours.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            told.recv().map_err(gone)?;
            None
        }
        Err(RecvTimeoutError::Disconnected) => return Err(gone(mpsc::RecvError)),
    };
    let stdout = fs::read(output).map_err(|e| format!("{}: {e}", output.display()))?;
    Ok(Finished {
        status,
        stdout,
        stderr: Vec::new(),
    })
}

/// What the runner says about a program.
enum Event {
    Started(i32),
    Exited(ExitStatus),
}

/// The running `virtual_clock.py --serve`.
struct Server {
    requests: Mutex<ChildStdin>,
    /// Who waits for news of each program, by request id; `None` once the
    /// runner has stopped answering.
    waiting: Mutex<Option<HashMap<u64, Sender<Event>>>>,
    next: AtomicU64,
}

static SERVER: LazyLock<Result<&'static Server, String>> = LazyLock::new(|| {
    let mut child = python(&["--serve"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start python3: {e}"))?;
    let answers = child.stdout.take().expect("stdout is piped");
    let server: &'static Server = Box::leak(Box::new(Server {
        requests: Mutex::new(child.stdin.take().expect("stdin is piped")),
        waiting: Mutex::new(Some(HashMap::new())),
        next: AtomicU64::new(0),
    }));
    // The runner ends when this process does (its input closes).
    thread::spawn(move || {
        for line in BufReader::new(answers).lines() {
            let Ok(line) = line else { break };
            let words: Vec<&str> = line.split(' ').collect();
            let (id, event) = match words.as_slice() {
                ["started", id, pid] => (id.parse(), pid.parse().map(Event::Started)),
                ["exited", id, status] => (
                    id.parse(),
                    status
                        .parse()
                        .map(|s| Event::Exited(ExitStatus::from_raw(s))),
                ),
                _ => continue,
            };
            let (Ok(id), Ok(event)) = (id, event) else {
                continue;
            };
            let mut waiting = server.waiting.lock().unwrap_or_else(|e| e.into_inner());
            let Some(waiting) = waiting.as_mut() else {
                break;
            };
            let exited = matches!(event, Event::Exited(_));
            if let Some(tell) = waiting.get(&id) {
                let _ = tell.send(event);
            }
            if exited {
                waiting.remove(&id);
            }
        }
        // Whoever still waits learns that no answer will come.
        *server.waiting.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = child.wait();
    });
    Ok(server)
});
