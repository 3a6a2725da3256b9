//! The context of a run: the book and its settings ([`Run`]), and the
//! machinery shared with any other book checked in the process ([`Tools`]).
//! Nothing is kept in a static, so a selftest checks a fixture exactly as
//! the book is checked.

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
    /// Re-capture shown outputs instead of comparing them (`BOOK_BLESS=1`).
    pub bless: bool,
    /// Every check must run (`CI=true`): a missing tool fails its checks.
    pub required: bool,
    pub compile_limit: Duration,
    pub run_limit: Duration,
}

impl Settings {
    /// The settings the environment asks for; re-capturing under CI is refused.
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

pub struct Tools {
    /// This process's own scratch folder, so that two runs at once never
    /// share files; removed at the end.
    pub scratch: PathBuf,
    pub compiler: Compiler,
    pub python: Python,
    pub chromium: ChromiumTool,
    pub playground: Playground,
    /// The pages axe passed, by key.
    pub axe_passes: Keyed,
    skipped: [AtomicUsize; 2],
}

impl Tools {
    /// The tools of a run of the book at `root`, building into `profile`;
    /// `python` and `chromium` stand in for the programs found, if given.
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

    pub fn missing(&self, tool: Needs) -> Option<String> {
        match tool {
            Needs::Python => self.python.missing(),
            Needs::Chromium => self.chromium.missing(),
        }
    }

    pub fn skipped(&self, tool: Needs) -> &AtomicUsize {
        &self.skipped[tool as usize]
    }

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

    /// Notes for the end of the run, so that a skipped check is never taken
    /// for a pass.
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

    pub fn shut_down(&self) {
        self.chromium.shut_down();
        let _ = fs::remove_dir_all(&self.scratch);
    }

    /// Who answers the playground's requests: the playground, with this run's
    /// compiler (held weakly: the browser is one of the tools).
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

/// One book being checked: its folder, and its site, built and served once.
pub struct Run {
    pub book: Book,
    pub settings: Settings,
    pub tools: Arc<Tools>,
    folder: PathBuf,
    pub examples: Examples,
    site: OnceLock<Result<PathBuf, String>>,
    server: OnceLock<Result<Server, String>>,
}

type SiteBuild = fn(&Path, &Path) -> Result<(), String>;

impl Run {
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

fn safe(name: &str) -> String {
    let kept = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    name.chars()
        .map(|c| if kept(c) { c } else { '_' })
        .collect()
}
