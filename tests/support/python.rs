//! Running the asyncio originals with python3 (3.11 or newer) on a virtual
//! clock (`virtual_clock.py`), so that their sleeps take no time. Starting
//! Python and importing asyncio costs more than most programs take, so one
//! Python that has done both, `virtual_clock.py --serve`, runs each program
//! in a child forked from itself, exactly as `python3 virtual_clock.py
//! PROGRAM` would.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use book_model::process::Finished;
use book_model::python::{self, VIRTUAL_CLOCK};

use super::lock;

/// python3 for the checks that need it: found, and its runner started, once.
pub struct Python {
    root: PathBuf,
    /// The interpreter to use instead of `python3` (or `BOOK_PYTHON`).
    requested: Option<PathBuf>,
    interpreter: OnceLock<Result<PathBuf, String>>,
    runner: OnceLock<Result<Runner, String>>,
}

impl Python {
    pub fn new(root: &Path, requested: Option<PathBuf>) -> Python {
        Python {
            root: root.to_owned(),
            requested,
            interpreter: OnceLock::new(),
            runner: OnceLock::new(),
        }
    }

    pub fn interpreter(&self) -> Result<&Path, String> {
        let runs = |path: &PathBuf| Command::new(path).arg("--version").output().is_ok();
        let find = || match &self.requested {
            Some(path) if runs(path) => Ok(path.clone()),
            Some(_) => Err("python3 was not found".to_owned()),
            None => python::interpreter(),
        };
        self.interpreter
            .get_or_init(find)
            .as_deref()
            .map_err(Clone::clone)
    }

    pub fn missing(&self) -> Option<String> {
        self.interpreter().err()
    }

    /// python3 on the real clock, set up as for every program: for a client
    /// that talks to a server in another process.
    pub fn real_clock(&self) -> Result<Command, String> {
        Ok(python::command(self.interpreter()?))
    }

    /// Runs `file` on the virtual clock in `cwd`, and stops it (with what it
    /// started) once `limit` has passed. What it printed goes to `output`.
    pub fn run(
        &self,
        file: &Path,
        cwd: &Path,
        output: &Path,
        limit: Duration,
    ) -> Result<Finished, String> {
        let start = || Runner::start(self.interpreter()?, &self.root.join(VIRTUAL_CLOCK));
        let runner = self
            .runner
            .get_or_init(start)
            .as_ref()
            .map_err(Clone::clone)?;
        let id = runner.next.fetch_add(1, Ordering::Relaxed);
        let (tell, told) = mpsc::channel();
        let mut waiting = lock(&runner.waiting);
        waiting
            .as_mut()
            .ok_or("the Python runner has stopped")?
            .insert(id, tell);
        drop(waiting);
        let (cwd, output_file, file) = (cwd.display(), output.display(), file.display());
        let request = format!("{id}\t{cwd}\t{output_file}\t{file}\n");
        let sent = lock(&runner.requests).write_all(request.as_bytes());
        sent.map_err(|e| format!("the Python runner is gone: {e}"))?;
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
        let stdout = fs::read(output).map_err(|e| format!("{output_file}: {e}"))?;
        Ok(Finished {
            status,
            stdout,
            stderr: Vec::new(),
        })
    }
}

enum Event {
    Started(i32),
    Exited(ExitStatus),
}

/// Who waits for news of each program, by id; `None` once the runner stops.
type Waiting = Arc<Mutex<Option<HashMap<u64, Sender<Event>>>>>;

struct Runner {
    requests: Mutex<ChildStdin>,
    waiting: Waiting,
    next: AtomicU64,
}

impl Runner {
    fn start(interpreter: &Path, clock: &Path) -> Result<Runner, String> {
        let mut command = python::command(interpreter);
        command
            .arg(clock)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start python3: {e}"))?;
        let answers = child.stdout.take().expect("stdout is piped");
        let waiting: Waiting = Arc::new(Mutex::new(Some(HashMap::new())));
        let runner = Runner {
            requests: Mutex::new(child.stdin.take().expect("stdin is piped")),
            waiting: Arc::clone(&waiting),
            next: AtomicU64::new(0),
        };
        // The runner ends when this process does (its input closes).
        thread::spawn(move || {
            for line in BufReader::new(answers).lines() {
                let Ok(line) = line else { break };
                let words: Vec<&str> = line.split(' ').collect();
                let (id, event) = match words.as_slice() {
                    ["started", id, pid] => (id.parse(), pid.parse().map(Event::Started)),
                    ["exited", id, status] => {
                        let exited = |s| Event::Exited(ExitStatus::from_raw(s));
                        (id.parse(), status.parse().map(exited))
                    }
                    _ => continue,
                };
                let (Ok(id), Ok(event)) = (id, event) else {
                    continue;
                };
                let mut waiting = lock(&waiting);
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
            *lock(&waiting) = None;
            let _ = child.wait();
        });
        Ok(runner)
    }
}
