//! What a run keeps for the next: compiled snippets, and checks that
//! passed. Each is kept under a key, the SHA-256 of everything its result
//! depends on, so a run with nothing changed compiles nothing and re-checks
//! nothing, and an edit re-does only what it touches.
//!
//! The rules that keep it honest:
//!
//! - Only a result the page expects (a compilation) or a pass (a check) is
//!   kept. A failure is redone, and reported, afresh on every run.
//! - An entry that cannot be read, that names another key, or whose program
//!   is not the one it recorded, is ignored and replaced.
//! - What a program prints is never kept: every program runs every run.
//! - A run that looked up every key it could removes the others, so the
//!   folders hold the current book only.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::rustc::{Diagnostic, PROGRAM};

/// The SHA-256, in hex, of `parts` in this order, each with its length
/// first, so that no two different lists of parts hash the same bytes.
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// A folder of entries named by their keys, which remembers the keys this
/// run used.
pub struct Keyed {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
}

impl Keyed {
    pub fn at(dir: PathBuf) -> Keyed {
        Keyed {
            dir,
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The entry for `key` (which may not exist), now counted as used.
    fn entry(&self, key: &str) -> PathBuf {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned());
        self.dir.join(key)
    }

    /// Removes every entry this run did not use: call it only after a run
    /// that looked up every key it could. A name starting with `.` is work
    /// in progress (of a run beside this one), not an entry.
    pub fn sweep(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && !used.contains(&name) {
                let path = entry.path();
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
        }
    }

    /// Whether the check keyed `key` passed before.
    pub fn passed(&self, key: &str) -> bool {
        self.entry(key).is_file()
    }

    /// Records that the check keyed `key` passed. A record that cannot be
    /// written only costs the next run a check.
    pub fn record_pass(&self, key: &str) {
        let file = self.entry(key);
        if fs::create_dir_all(&self.dir).is_ok() {
            let _ = fs::write(file, b"");
        }
    }
}

/// Changes whenever the layout of a compile-cache entry changes, so that
/// entries of an older layout miss instead of being misread.
const ENTRY_FORMAT: &str = "book-cache 1";

/// The compile cache: an entry is a folder `<key>/` holding the snippet as
/// compiled (`src/main.rs`), the program if it compiled, and `entry.json`:
/// its key, rustc's messages, and the SHA-256 of the program.
pub struct Cache {
    entries: Keyed,
}

/// What `entry.json` holds.
#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    diagnostics: Vec<Diagnostic>,
    /// The SHA-256 of the program, if the snippet compiled.
    program: Option<String>,
}

/// A compilation kept in the cache.
#[derive(Clone, Debug)]
pub struct Entry {
    pub diagnostics: Vec<Diagnostic>,
    /// The compiled program, if the snippet compiled.
    pub program: Option<PathBuf>,
}

/// A fresh folder to compile in, inside the cache so that keeping the
/// result is a rename; removed when dropped unless kept.
pub struct Staging {
    pub dir: PathBuf,
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Cache {
    pub fn at(dir: &Path) -> Cache {
        Cache {
            entries: Keyed::at(dir.to_owned()),
        }
    }

    /// The key of compiling `code`, with what the page `expects` of it, on
    /// the toolchain described by `fingerprint`.
    pub fn key(fingerprint: &str, expects: &str, code: &str) -> String {
        key([ENTRY_FORMAT, fingerprint, expects, code].map(str::as_bytes))
    }

    /// The entry for `key`, if there is a sound one.
    pub fn get(&self, key: &str) -> Option<Entry> {
        let dir = self.entries.entry(key);
        let json = fs::read_to_string(dir.join("entry.json")).ok()?;
        let record: Record = serde_json::from_str(&json).ok()?;
        if record.key != key {
            return None;
        }
        let program = match &record.program {
            Some(recorded) => {
                let path = dir.join(PROGRAM);
                let bytes = fs::read(&path).ok()?;
                if hex(&Sha256::digest(&bytes)) != *recorded {
                    return None;
                }
                Some(path)
            }
            None => None,
        };
        Some(Entry {
            diagnostics: record.diagnostics,
            program,
        })
    }

    pub fn stage(&self) -> Result<Staging, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = self
            .entries
            .dir
            .join(format!(".staging-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Staging { dir })
    }

    /// Keeps the compilation done in `staging` as the entry for `key`.
    pub fn keep(
        &self,
        key: &str,
        staging: Staging,
        diagnostics: &[Diagnostic],
    ) -> Result<Entry, String> {
        let program = fs::read(staging.dir.join(PROGRAM))
            .ok()
            .map(|bytes| hex(&Sha256::digest(&bytes)));
        let record = Record {
            key: key.to_owned(),
            diagnostics: diagnostics.to_vec(),
            program,
        };
        let json = serde_json::to_string_pretty(&record).expect("a record serializes");
        fs::write(staging.dir.join("entry.json"), json)
            .map_err(|e| format!("cannot write to {}: {e}", staging.dir.display()))?;
        let dir = self.entries.entry(key);
        // Whatever was there did not pass `get`: it goes.
        let _ = fs::remove_dir_all(&dir);
        if fs::rename(&staging.dir, &dir).is_err() && !dir.join("entry.json").is_file() {
            return Err(format!(
                "cannot store a compiled snippet in {}",
                dir.display()
            ));
        }
        self.get(key)
            .ok_or_else(|| format!("the entry just stored in {} cannot be read", dir.display()))
    }

    pub fn sweep(&self) {
        self.entries.sweep();
    }
}
