//! The context of a run: the book being checked with its settings
//! ([`Run`]), and the machinery its checks share with any other book
//! checked in the same process ([`Tools`]: the compiler and its cache,
//! Python, Chromium). Nothing about a run is kept in a static, so a
//! selftest checks a fixture book exactly as the book is checked, with a
//! `Run` of its own.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use book_model::book::Book;
use book_model::process::TIME_LIMIT;

use super::cache::Keyed;
use super::chromium::{Answers, ChromiumTool};
use super::examples::Examples;
use super::playground::{self, Evaluate, Playground};
use super::python::Python;
use super::rustc::Compiler;
use super::server::Server;
use super::trial::Needs;

/// How a book is checked.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Re-capture the outputs a page shows instead of comparing them
    /// (`cargo xtask bless` sets `BOOK_BLESS=1`).
    pub bless: bool,
    /// Every check must run, as under CI (`CI=true`): a missing python3 or
    /// Chromium fails the checks that need it instead of skipping them.
    pub required: bool,
    /// The longest any one compilation, and any one program, may take.
    pub compile_limit: Duration,
    pub run_limit: Duration,
}

impl Settings {
    /// The settings the environment asks for. Re-capturing is refused
    /// under CI, which must check outputs, never write them.
    pub fn from_env() -> Result<Settings, String> {
        let required = env::var("CI").is_ok_and(|v| v == "true");
        let bless = env::var("BOOK_BLESS").is_ok_and(|v| v == "1");
        if bless && required {
            let refused =
                "BOOK_BLESS=1 is refused under CI: CI checks outputs, it never rewrites them";
            return Err(refused.to_owned());
        }
        let (compile_limit, run_limit) = (TIME_LIMIT, TIME_LIMIT);
        Ok(Settings {
            bless,
            required,
            compile_limit,
            run_limit,
        })
    }
}

/// The machinery shared by every book checked in one process.
pub struct Tools {
    /// This process's scratch folder, `target/<profile>/book-tests/<pid>`:
    /// its own, so that two test runs at once never build or serve into
    /// each other's files. Removed at the end of the run.
    pub scratch: PathBuf,
    pub compiler: Compiler,
    pub python: Python,
    pub chromium: ChromiumTool,
    pub playground: Playground,
    /// The pages axe-core found no serious or critical fault on, by key.
    pub axe_passes: Keyed,
    skipped: [AtomicUsize; 2],
}

impl Tools {
    /// The tools of a run of the book at `root`, building into `profile`
    /// (`target/<profile>`). `python` and `chromium` stand in for the
    /// programs found on this machine, if given.
    pub fn new(
        root: &Path,
        profile: &Path,
        python: Option<PathBuf>,
        chromium: Option<PathBuf>,
    ) -> Tools {
        let scratch = profile
            .join("book-tests")
            .join(std::process::id().to_string());
        Tools {
            compiler: Compiler::new(&profile.join("book-cache"), &scratch),
            python: Python::new(root, python),
            chromium: ChromiumTool::new(root, &scratch, chromium),
            playground: Playground::new(&scratch),
            axe_passes: Keyed::at(profile.join("axe-passed")),
            scratch,
            skipped: Default::default(),
        }
    }

    /// Why `tool` cannot be used here, if it cannot.
    pub fn missing(&self, tool: Needs) -> Option<String> {
        match tool {
            Needs::Python => self.python.missing(),
            Needs::Chromium => self.chromium.missing(),
        }
    }

    /// How many checks were skipped for want of `tool` in this run.
    pub fn skipped(&self, tool: Needs) -> &AtomicUsize {
        &self.skipped[tool as usize]
    }

    /// What the checks that need `tool` are called, and how to get it.
    pub fn describe(&self, tool: Needs) -> (&'static str, &'static str) {
        match tool {
            Needs::Python => (
                "of the book's Python checks",
                "Install python3 3.11 or newer",
            ),
            Needs::Chromium => (
                "browser checks",
                "Install Chromium (on Debian or Ubuntu: `apt-get install \
                 chromium-headless-shell`, or `chromium`) or point BOOK_CHROMIUM at it",
            ),
        }
    }

    /// A note for the end of the run for each tool whose checks were
    /// skipped, so that a skipped check is never mistaken for a pass.
    pub fn closing_notes(&self) -> Vec<String> {
        let note = |tool| {
            let skipped = self.skipped(tool).load(Ordering::Relaxed);
            let why = self.missing(tool).filter(|_| skipped > 0)?;
            let (checks, install) = self.describe(tool);
            Some(format!(
                "NOTE: {skipped} {checks} did NOT run: {why}. {install}, and run \
                 `cargo test` again to check them."
            ))
        };
        [Needs::Python, Needs::Chromium]
            .into_iter()
            .filter_map(note)
            .collect()
    }

    /// Ends what the run started, and removes its scratch folder.
    pub fn shut_down(&self) {
        self.chromium.shut_down();
        let _ = fs::remove_dir_all(&self.scratch);
    }

    /// Who answers the playground's requests for the pages of this run's
    /// browser: the playground, with this run's compiler. (It holds the
    /// tools weakly: the browser is one of them.)
    pub fn answers(self: &Arc<Tools>) -> Arc<dyn Answers> {
        Arc::new(PlaygroundAnswers(Arc::downgrade(self)))
    }
}

struct PlaygroundAnswers(Weak<Tools>);

impl Answers for PlaygroundAnswers {
    fn evaluate(&self, request: &Evaluate) -> String {
        match self.0.upgrade() {
            Some(tools) => tools.playground.evaluate(&tools.compiler, request),
            None => r#"{"result":"the run has ended","error":"the run has ended"}"#.to_owned(),
        }
    }

    fn prepare(&self, code: &str) {
        if let Some(tools) = self.0.upgrade() {
            playground::prepare(&tools.compiler, code);
        }
    }
}

/// One book being checked, with this run's folder inside the scratch
/// folder, and its site, built once (by the site check's `build`) and
/// served on 127.0.0.1 once.
pub struct Run {
    pub book: Book,
    pub settings: Settings,
    pub tools: Arc<Tools>,
    folder: PathBuf,
    pub examples: Examples,
    site: OnceLock<Result<PathBuf, String>>,
    server: OnceLock<Result<Server, String>>,
}

/// How the site check builds a book's site into a folder.
type SiteBuild = fn(&Path, &Path) -> Result<(), String>;

impl Run {
    /// A run of `book`, named `name` (its folder in the scratch folder),
    /// whose examples are built as `examples` says.
    pub fn new(
        name: &str,
        book: Book,
        settings: Settings,
        tools: Arc<Tools>,
        examples: Examples,
    ) -> Run {
        Run {
            folder: tools.scratch.join(safe(name)),
            book,
            settings,
            tools,
            examples,
            site: OnceLock::new(),
            server: OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.book.root
    }

    /// A fresh, empty folder for one check's files, named after the check.
    pub fn work_dir(&self, name: &str) -> Result<PathBuf, String> {
        let dir = self.folder.join(safe(name));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(dir)
    }

    pub fn site(&self, build: SiteBuild) -> Result<&Path, String> {
        let dest = || self.folder.join("site");
        let built = self
            .site
            .get_or_init(|| build(self.root(), &dest()).map(|()| dest()));
        built.as_deref().map_err(Clone::clone)
    }

    pub fn server(&self, build: SiteBuild) -> Result<&Server, String> {
        let start = || {
            let site = self
                .site(build)
                .map_err(|e| format!("the site did not build: {e}"))?;
            Server::start(site)
        };
        self.server
            .get_or_init(start)
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// `name` as a file name: letters, digits, `-` and `.` kept, the rest `_`.
fn safe(name: &str) -> String {
    let kept = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    name.chars()
        .map(|c| if kept(c) { c } else { '_' })
        .collect()
}
