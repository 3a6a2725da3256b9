//! A record of checks that passed, each under a key that stands for
//! everything its outcome depends on, so that a check whose inputs have not
//! changed since it passed need not run again. The browser checks keep the
//! pages axe-core found no fault on here (`checks/browser.rs` says what the
//! key holds): axe is most of the cost of a page, and a warm run with
//! nothing changed then pays none of it.
//!
//! The rules are the compile cache's: only a pass is kept, never a failure;
//! a key is a SHA-256 of all the inputs, each with its length; and a run that
//! used every key it could clears the others away. A pass is an empty file
//! named after its key, in `target/<profile>/<name>/`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::profile_dir;

pub struct Passes {
    dir: PathBuf,
    /// The keys this run looked up or recorded, for [`Passes::sweep`].
    used: Mutex<HashSet<String>>,
}

impl Passes {
    /// The record called `name`, in `target/<profile>/<name>/`.
    pub fn new(name: &str) -> Passes {
        Passes {
            dir: profile_dir().join(name),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// Whether the check keyed `key` passed before.
    pub fn passed(&self, key: &str) -> bool {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned());
        self.dir.join(key).is_file()
    }

    /// Records that the check keyed `key` passed. A record that cannot be
    /// written only costs the next run a check.
    pub fn record(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned());
        if fs::create_dir_all(&self.dir).is_ok() {
            let _ = fs::write(self.dir.join(key), b"");
        }
    }

    /// Removes every pass this run did not look up: call it only after a
    /// run that looked up every key it could.
    pub fn sweep(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !used.contains(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The key of a check whose outcome depends on `parts` (in this order).
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    // Each part with its length first, so that no two different lists of
    // parts hash the same bytes.
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
