//! Promise: the book works in a browser. Each page, served on 127.0.0.1 as
//! a host would serve it, is loaded in headless Chromium:
//!
//! - `browser: src/<chapter>.md (<page>.html)`: no console error, no
//!   uncaught exception, no failed request, no request to another host (the
//!   Rust playground aside, which the test answers); every diagram drawn,
//!   in the light theme and again in a dark one, and not as mermaid's
//!   error picture; every Rust block offers a Run button; a page without
//!   diagrams transfers under 400 KB. Its Run button works (below), and
//!   axe-core finds no serious or critical accessibility fault on it, in
//!   the light theme or in navy.
//! - `browser: search ...`, `browser: print.html ...`: search finds a
//!   chapter by a word of its body, and the print page holds every chapter.
//!
//! The Run button: on each page with runnable blocks, the check presses Run
//! on one block ([`run_plan`] chooses it: one that shows an example whole,
//! so that what it prints is known and checked, `examples/NAME/output.txt`).
//! The test answers the playground's request itself (`support/playground.rs`):
//! it compiles the code the button sent with the book's snippet compiler and
//! runs it. The block's output area must then show exactly the example's
//! output. This proves that the button sends the whole program, hidden lines
//! included, as edition 2024, and that the program runs as the page says.
//! "Exactly" is as a reader reads it: the playground answers with the
//! program's stdout alone when it succeeds (`evaluate.json` leaves out
//! stderr, where cargo's messages go), and mdBook puts that text in the
//! output area; its text (`innerText`) must be the output file, byte for
//! byte, or `No output` for an empty one. An example that writes to stderr
//! is not chosen, since the playground would not show that part.
//!
//! Pages are checked side by side, each in a browser context of its own,
//! and each page is loaded once however many checks read it. At the end,
//! the run prints the heaviest pages and the slowest load.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use libtest_mimic::Trial;

use crate::support::book::{Book, Chapter};
use crate::support::chromium::{self, CHROMIUM, Chromium, PageReport, Visit};
use crate::support::markdown::{CodeBlock, Location};
use crate::support::passes::{self, Passes};
use crate::support::playground;
use crate::support::scratch_dir;
use crate::support::server::Server;
use crate::support::trial::needs;

use super::rust_blocks::{self, Expect, Program};
use super::site;

/// The heaviest a page without diagrams may be.
pub const PAGE_BUDGET: u64 = 400 * 1024;

/// Every page loaded, by its path in the site: loaded once, read by every
/// check that needs it.
static PAGES: Mutex<Option<HashMap<String, Arc<OnceLock<Loaded>>>>> = Mutex::new(None);

/// A page as loaded: what the browser reported, and what its Run button
/// had to show.
type Loaded = (PageReport, Option<RunCheck>);

/// The page whose check also tries the search, and the word it searches
/// for: `nest_asyncio` appears in the body of the event loop chapter only.
const SEARCHED: (&str, &str) = ("introduction.html", "nest_asyncio");

/// The page checks made, by name, with what each loads.
static PLANNED: Mutex<Vec<(String, Arc<Plan>)>> = Mutex::new(Vec::new());

/// What one page check loads: the book's page, and the block whose Run
/// button it presses, if any.
#[derive(Clone, Debug)]
pub struct Plan {
    pub root: PathBuf,
    pub page: String,
    pub run: Option<RunPlan>,
}

/// The block whose Run button a page check presses, and where what it
/// prints is known.
#[derive(Clone, Debug)]
pub struct RunPlan {
    /// Its index among the page's blocks that have a Run button.
    pub block: usize,
    pub at: Location,
    pub expected: Expected,
}

/// Where what a block prints is known.
#[derive(Clone, Debug)]
pub enum Expected {
    /// The captured output of the example it shows whole, which
    /// `examples/NAME output` checks (relative to the book's root).
    Output(PathBuf),
    /// Only from running it: a block that shows no example (the page has
    /// none with a Run button); what the book's own compilation of the
    /// block prints.
    Program(Box<Program>),
}

/// A Run button to press, with what the page must then show.
#[derive(Clone, Debug)]
pub struct RunCheck {
    pub block: usize,
    pub at: Location,
    /// Where the expected text comes from, for messages.
    pub source: String,
    pub expected: String,
}

/// Starts loading, in the background, the pages of the page checks that
/// `selected` keeps, a tab per core: the browser's work is most of a run's,
/// and this way it starts at once and the other checks run beside it.
pub fn load_in_background(selected: impl Fn(&str) -> bool) {
    let planned = PLANNED.lock().unwrap_or_else(|e| e.into_inner());
    let queue: Vec<Arc<Plan>> = planned
        .iter()
        .filter(|(name, _)| selected(name))
        .map(|(_, plan)| Arc::clone(plan))
        .collect();
    if queue.is_empty() || CHROMIUM.missing.is_some() {
        return;
    }
    let queue = Arc::new(Mutex::new(queue.into_iter()));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for _ in 0..cores {
        let queue = Arc::clone(&queue);
        std::thread::spawn(move || {
            loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some(plan) = next else { break };
                // A failure is reported by the page's own check.
                let _ = report(&plan);
            }
        });
    }
}

/// The report of the page `plan` loads, loading it if no check has yet.
fn report(plan: &Plan) -> Result<Loaded, String> {
    let slot = {
        let mut pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            pages
                .get_or_insert_default()
                .entry(plan.page.clone())
                .or_default(),
        )
    };
    // Chromium starts while the site builds: neither needs the other.
    let (server, chromium) = std::thread::scope(|scope| {
        let chromium = scope.spawn(chromium);
        (server(&plan.root), chromium.join())
    });
    let server = server?;
    let chromium = chromium.map_err(|_| "starting Chromium panicked".to_owned())??;
    Ok(slot
        .get_or_init(|| {
            let run = match plan.run.as_ref().map(|r| r.resolve(&plan.root)).transpose() {
                Ok(run) => run,
                Err(e) => {
                    let report = PageReport {
                        page: plan.page.clone(),
                        problems: vec![e],
                        ..PageReport::default()
                    };
                    return (report, None);
                }
            };
            let block = run.as_ref().map(|r| r.block);
            // The print page is every chapter at once, each checked on its
            // own page; axe would take a minute over it.
            let key = (plan.page != "print.html")
                .then(|| accessibility_key(&plan.root, &plan.page, block))
                .flatten();
            let unchanged = key.as_deref().is_some_and(|k| ACCESSIBLE.passed(k));
            let visit = Visit {
                run: block,
                search: (plan.page == SEARCHED.0).then_some(SEARCHED.1),
                accessibility: key.is_some() && !unchanged,
            };
            let report =
                chromium.check_page(&plan.page, &server.url(&plan.page), &server.address, &visit);
            if unchanged {
                AXE_UNCHANGED.fetch_add(1, Ordering::Relaxed);
            } else if report.accessibility_checked {
                AXE_CHECKED.fetch_add(1, Ordering::Relaxed);
                if let (Some(key), true) = (&key, report.accessibility.is_empty()) {
                    ACCESSIBLE.record(key);
                }
            }
            (report, run)
        })
        .clone())
}

/// The pages axe-core found no serious or critical fault on, each under a
/// key that stands for everything that finding depends on (see
/// [`accessibility_key`]): a page whose key passed before is not checked
/// with axe again, which is most of a page's cost.
static ACCESSIBLE: LazyLock<Passes> = LazyLock::new(|| Passes::new("axe-passed"));

/// How many pages axe checked in this run, and how many were unchanged
/// since they passed.
static AXE_CHECKED: AtomicUsize = AtomicUsize::new(0);
static AXE_UNCHANGED: AtomicUsize = AtomicUsize::new(0);

/// The key of the accessibility check of `page` of the book at `root`,
/// pressing Run on `block`: the page as built, every other file of the site
/// (the styles, scripts and fonts a page loads; pages load no other page),
/// the block pressed, axe-core, the Chromium that renders the page, and the
/// checks' own code (how a page is loaded and checked, in which window
/// size, themes and rules). `None` if the site cannot be read: the page is
/// then checked.
fn accessibility_key(root: &Path, page: &str, block: Option<usize>) -> Option<String> {
    static SITE_FILES: OnceLock<Option<String>> = OnceLock::new();
    let site = site::built(root).ok()?;
    let files = SITE_FILES
        .get_or_init(|| {
            let mut files = Vec::new();
            let mut pending = vec![site.to_owned()];
            while let Some(dir) = pending.pop() {
                for entry in fs::read_dir(&dir).ok()?.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        pending.push(path);
                    } else if path.extension().is_none_or(|e| e != "html") {
                        files.push(path);
                    }
                }
            }
            files.sort();
            let mut parts = Vec::new();
            for file in &files {
                let name = file.strip_prefix(site).unwrap_or(file);
                parts.push(name.to_string_lossy().into_owned().into_bytes());
                parts.push(fs::read(file).ok()?);
            }
            Some(passes::key(parts.iter().map(Vec::as_slice)))
        })
        .as_deref()?;
    let html = fs::read(site.join(page)).ok()?;
    let block = format!("{block:?}");
    let parts: [&[u8]; 8] = [
        b"axe-passed 1",
        include_str!("browser.rs").as_bytes(),
        include_str!("../support/chromium.rs").as_bytes(),
        chromium::axe_script().ok()?.as_bytes(),
        chromium::version().as_bytes(),
        files.as_bytes(),
        page.as_bytes(),
        &html,
    ];
    Some(passes::key(parts.into_iter().chain([block.as_bytes()])))
}

/// The browser, once started.
static RUNNING: OnceLock<Result<Chromium, String>> = OnceLock::new();

/// The browser, started once per run and shared by every check.
pub fn chromium() -> Result<&'static Chromium, String> {
    RUNNING
        .get_or_init(|| Chromium::start(&scratch_dir()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The book's site, built and served once per run.
fn server(book_root: &std::path::Path) -> Result<&'static Server, String> {
    static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let site =
                site::built(book_root).map_err(|e| format!("the site did not build: {e}"))?;
            Server::start(site)
        })
        .as_ref()
        .map_err(Clone::clone)
}

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    // The heaviest page first, so that it does not finish last, alone.
    let mut pages = vec![("the print page".to_owned(), "print.html".to_owned(), None)];
    pages.extend(book.chapters.iter().map(|c| {
        let page = c
            .file
            .strip_prefix("src")
            .unwrap_or(&c.file)
            .with_extension("html");
        (
            c.file.display().to_string(),
            page.display().to_string(),
            run_plan(&book.root, c),
        )
    }));
    pages.push(("the 404 page".to_owned(), "404.html".to_owned(), None));
    let mut planned = PLANNED.lock().unwrap_or_else(|e| e.into_inner());
    for (label, page, run) in pages {
        let name = format!("browser: {label} ({page})");
        let plan = Arc::new(Plan {
            root: book.root.clone(),
            page,
            run,
        });
        planned.push((name.clone(), Arc::clone(&plan)));
        checks.push(needs(&CHROMIUM, name, move || {
            let (report, run) = report(&plan)?;
            page_verdict(&label, &report, run.as_ref())
        }));
    }

    let search_page = Plan {
        root: book.root.clone(),
        page: SEARCHED.0.to_owned(),
        run: planned
            .iter()
            .find(|(_, p)| p.page == SEARCHED.0)
            .and_then(|(_, p)| p.run.clone()),
    };
    let name = "browser: search finds a chapter by a word from its body";
    checks.push(needs(&CHROMIUM, name, move || {
        let found = report(&search_page)?.0.search_results;
        search_verdict(SEARCHED, found.as_deref(), "event-loop.html")
    }));

    let print_page = Plan {
        root: book.root.clone(),
        page: "print.html".to_owned(),
        run: None,
    };
    let titles: Vec<(String, String)> = book
        .chapters
        .iter()
        .filter_map(|c| {
            let title = c.text.lines().find_map(|l| l.strip_prefix("# "))?;
            Some((c.file.display().to_string(), title.trim().to_owned()))
        })
        .collect();
    let name = "browser: print.html contains every chapter";
    checks.push(needs(&CHROMIUM, name, move || {
        let headings = report(&print_page)?.0.headings;
        let missing: Vec<String> = titles
            .iter()
            .filter(|(_, title)| !headings.iter().any(|h| same_title(h, title)))
            .map(|(file, title)| format!("{file} ({title:?})"))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("print.html lacks: {}", missing.join(", ")))
        }
    }));

    checks
}

/// Whether a heading as the page shows it is the chapter's title as written:
/// mdBook drops the backticks of code spans and curls straight quotes
/// (`'static` becomes ’static) outside them.
fn same_title(shown: &str, written: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '`')
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c,
            })
            .collect()
    };
    plain(shown) == plain(written)
}

/// Whether searching `page` for `query` (`searched`) found `wanted` among
/// the results.
pub fn search_verdict(
    searched: (&str, &str),
    found: Option<&[String]>,
    wanted: &str,
) -> Result<(), String> {
    let (page, query) = searched;
    let found = found.unwrap_or_default();
    if found.iter().any(|href| href.contains(wanted)) {
        Ok(())
    } else {
        Err(format!(
            "{page}: searching for `{query}` should find {wanted}; it found {found:?}"
        ))
    }
}

/// The block of `chapter` whose Run button its page check presses: the
/// first runnable block that shows an example whole and prints to stdout
/// only, so that what the page must show is the example's checked
/// `output.txt`. Failing that (a page whose runnable blocks show no
/// example), the first runnable block, whose output is then what the
/// book's own compilation of it prints. `None` for a page without a Run
/// button.
///
/// A block is runnable, and mdBook gives it a Run button, if it is Rust and
/// not `noplayground` (mdBook 0.5.4, `html/tree.rs`); the check presses
/// only a block the page says compiles and runs (not `compile_fail`, not
/// `should_panic`), and not an `editable` one (the reader's editor, whose
/// code is the reader's).
pub fn run_plan(root: &Path, chapter: &Chapter) -> Option<RunPlan> {
    let runnable: Vec<&CodeBlock> = chapter
        .blocks
        .iter()
        .filter(|b| b.lang == "rust" && !b.has("noplayground") && !b.has("noplaypen"))
        .collect();
    let pressable = || {
        runnable.iter().enumerate().filter(|(_, b)| {
            rust_blocks::expectation(b) == Ok(Expect::Success) && !b.has("editable")
        })
    };
    let shown_example = pressable().find_map(|(i, b)| {
        let program = Program::of(root, b);
        let name = rust_blocks::shows_example_whole(root, b, &program)?;
        let dir = Path::new("examples").join(&name);
        let source = fs::read_to_string(root.join(dir.join("main.rs"))).ok()?;
        let output = fs::read_to_string(root.join(dir.join("output.txt"))).ok()?;
        // The playground shows stdout only, when the program succeeds.
        let stdout_only = !source.contains("eprint") && !source.contains("stderr");
        (stdout_only && !output.trim().is_empty()).then(|| RunPlan {
            block: i,
            at: b.at.clone(),
            expected: Expected::Output(dir.join("output.txt")),
        })
    });
    shown_example.or_else(|| {
        let (i, b) = pressable().next()?;
        Some(RunPlan {
            block: i,
            at: b.at.clone(),
            expected: Expected::Program(Box::new(Program::of(root, b))),
        })
    })
}

impl RunPlan {
    /// The text the block's output area must show.
    pub fn resolve(&self, root: &Path) -> Result<RunCheck, String> {
        let (source, expected) = match &self.expected {
            Expected::Output(file) => {
                let text = fs::read_to_string(root.join(file))
                    .map_err(|e| format!("{}: cannot be read: {e}", file.display()))?;
                (file.display().to_string(), text)
            }
            Expected::Program(program) => {
                let printed = playground::stdout_of(&program.code).map_err(|e| {
                    format!(
                        "{}: the block whose Run button is pressed does not run:\n{e}",
                        self.at
                    )
                })?;
                ("what the block prints".to_owned(), printed)
            }
        };
        Ok(RunCheck {
            block: self.block,
            at: self.at.clone(),
            source,
            expected,
        })
    }
}

/// What mdBook shows in a block's output area for the playground's
/// `result`: the text itself, or `No output` if it is blank.
fn as_shown(result: &str) -> &str {
    if result.trim().is_empty() {
        "No output"
    } else {
        result
    }
}

/// A page passes if nothing went wrong in the browser; without diagrams, it
/// stays within the budget; its Run button (`run`, if it has one) shows what
/// the block prints; and axe finds no serious or critical fault on it.
pub fn page_verdict(
    label: &str,
    report: &PageReport,
    run: Option<&RunCheck>,
) -> Result<(), String> {
    let mut problems = report.problems.clone();
    if report.run_buttons != report.rust_blocks {
        problems.push(format!(
            "{} of its {} Rust blocks show a Run button",
            report.run_buttons, report.rust_blocks
        ));
    }
    if report.diagrams == 0 && report.bytes > PAGE_BUDGET {
        let largest: Vec<String> = report
            .largest
            .iter()
            .map(|(bytes, name)| format!("{name} {} KB", bytes / 1024))
            .collect();
        problems.push(format!(
            "transfers {} KB, over the {} KB a page without diagrams may weigh \
             (largest: {})",
            report.bytes / 1024,
            PAGE_BUDGET / 1024,
            largest.join(", ")
        ));
    }
    if let Some(run) = run {
        problems.extend(run_verdict(run, report).err());
    }
    for v in &report.accessibility {
        problems.push(format!(
            "accessibility, {} theme: {} ({}): {}: {} element{}, such as {}",
            v.theme,
            v.rule,
            v.impact,
            v.help,
            v.count,
            if v.count == 1 { "" } else { "s" },
            v.targets.join(" | ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{label} ({}) in Chromium:\n  {}",
            report.page,
            problems.join("\n  ")
        ))
    }
}

/// Whether pressing Run on the block `run` sent the program as edition 2024
/// and showed exactly what it prints.
fn run_verdict(run: &RunCheck, report: &PageReport) -> Result<(), String> {
    let at = &run.at;
    let Some(pressed) = &report.run else {
        return Err(format!("{at}: its Run button was not pressed"));
    };
    let Some(sent) = &pressed.sent else {
        return Err(format!(
            "{at}: pressing its Run button sent nothing to the playground"
        ));
    };
    if sent.edition != "2024" {
        return Err(format!(
            "{at}: its Run button asks the playground for edition {:?}, not 2024 \
             (set `[rust] edition` in book.toml)",
            sent.edition
        ));
    }
    let want = as_shown(&run.expected);
    let shown = pressed
        .shown
        .as_deref()
        .unwrap_or("(no output area appeared)");
    if shown == want {
        return Ok(());
    }
    let want_lines: Vec<&str> = want.split_inclusive('\n').collect();
    let shown_lines: Vec<&str> = shown.split_inclusive('\n').collect();
    let index = want_lines
        .iter()
        .zip(&shown_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(want_lines.len().min(shown_lines.len()));
    let line = |lines: &[&str]| match lines.get(index) {
        Some(text) => format!("{text:?}"),
        None => "(nothing: the text ends before this line)".to_owned(),
    };
    Err(format!(
        "{at}: after Run, the output area does not show {}: line {} differs\n    \
         expected: {}\n    shown:    {}\n  (the page sent {} lines of code; what it \
         shows, in full:\n{})",
        run.source,
        index + 1,
        line(&want_lines),
        line(&shown_lines),
        sent.code.lines().count(),
        crate::support::indent(&crate::support::first_lines(shown, 12), "    ")
    ))
}

/// The measurements of this run, for its end; `None` if no page was loaded.
pub fn summary() -> Option<String> {
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    let reports: Vec<&PageReport> = pages
        .iter()
        .flatten()
        .filter_map(|(_, r)| r.get())
        .map(|(report, _)| report)
        .collect();
    if reports.is_empty() {
        return None;
    }
    let mut out = format!("The book in Chromium ({} pages):\n", reports.len());
    let heaviest = |with: bool| {
        reports
            .iter()
            .filter(|r| (r.diagrams > 0) == with)
            .max_by_key(|r| r.bytes)
    };
    if let Some(r) = heaviest(false) {
        let _ = writeln!(
            out,
            "  heaviest page without diagrams: {} ({} KB)",
            r.page,
            r.bytes / 1024
        );
    }
    if let Some(r) = heaviest(true) {
        let _ = writeln!(
            out,
            "  heaviest page with diagrams:    {} ({} KB)",
            r.page,
            r.bytes / 1024
        );
    }
    let (checked, unchanged) = (
        AXE_CHECKED.load(Ordering::Relaxed),
        AXE_UNCHANGED.load(Ordering::Relaxed),
    );
    if checked + unchanged > 0 {
        let _ = writeln!(
            out,
            "  accessibility (axe-core):       {checked} pages checked in this run, \
             {unchanged} unchanged since they passed"
        );
    }
    let pressed = reports.iter().filter(|r| r.run.is_some()).count();
    if pressed > 0 {
        let _ = writeln!(
            out,
            "  Run buttons pressed:            {pressed} (their programs: {} compiled in \
             this run, {} from the cache)",
            playground::COMPILED.load(Ordering::Relaxed),
            playground::CACHED.load(Ordering::Relaxed)
        );
    }
    if let Some(r) = reports
        .iter()
        .max_by(|a, b| a.load_ms.total_cmp(&b.load_ms))
    {
        let _ = writeln!(
            out,
            "  slowest load:                   {} ({:.0} ms)",
            r.page, r.load_ms
        );
    }
    Some(out)
}

/// Closes the browser, if this run started it.
pub fn shut_down() {
    if let Some(Ok(chromium)) = RUNNING.get() {
        chromium.shut_down();
    }
    // A run that loaded every page of the book knows which passes are
    // still of use.
    let planned = PLANNED.lock().unwrap_or_else(|e| e.into_inner());
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    let loaded = |page: &str| {
        pages
            .as_ref()
            .and_then(|p| p.get(page))
            .is_some_and(|slot| slot.get().is_some())
    };
    let book = std::env::var_os(super::selftest::INNER).is_none();
    if book && !planned.is_empty() && planned.iter().all(|(_, plan)| loaded(&plan.page)) {
        ACCESSIBLE.sweep();
    }
}
