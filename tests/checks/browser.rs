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
//!   the light theme or in navy (the print page aside: it is every chapter
//!   at once, each checked on its own page).
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
//! Accessibility: axe-core runs on the page as a reader gets it, Run output
//! included: every rule in the light theme, then the rules that depend on
//! colour in navy, chosen through mdBook's theme menu. A serious or critical
//! fault fails the page, named with the theme, the rule and the elements.
//! axe is most of a page's cost, so a page that passed is not checked again
//! until its key changes: the page, the site's other files, axe-core,
//! Chromium's version, or these checks' code ([`accessibility_key`]).
//!
//! Pages are checked side by side, each in a browser context of its own,
//! and each page is loaded once however many checks read it. At the end,
//! the run prints the heaviest pages, the slowest load, and what the Run
//! buttons and axe-core cost.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use book_model::Location;
use book_model::book::Chapter;
use book_model::markdown::CodeBlock;
use book_model::output::{Mask, first_difference};
use book_model::snippet::Snippet;

use crate::support::cache;
use crate::support::chromium::{Diagram, PLAYGROUND, PageReport, Request, THEMES, Visit};
use crate::support::run::Run;
use crate::support::trial::{Check, Needs};

use super::rust_blocks::{self, Expect};
use super::site;

/// The heaviest a page without diagrams may be.
pub const PAGE_BUDGET: u64 = 400 * 1024;

/// A page as loaded: what the browser reported, and what its Run button
/// had to show.
type Loaded = (PageReport, Option<RunCheck>);

/// The page whose check also tries the search, and the word it searches
/// for: `nest_asyncio` appears in the body of the event loop chapter only.
const SEARCHED: (&str, &str) = ("introduction.html", "nest_asyncio");

/// What one page check loads: the book's page, and the block whose Run
/// button it presses, if any.
#[derive(Clone, Debug)]
pub struct Plan {
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
    /// Only from running it, for a page none of whose runnable blocks shows
    /// an example (the introduction's, say): what the block prints when the
    /// book's snippet compiler compiles it as `rust_blocks` does.
    Program(Box<Snippet>),
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

/// The pages of one run: what the page checks load, each page loaded once
/// however many checks read it, and what it cost.
pub struct Pages {
    run: Arc<Run>,
    /// The page checks, by name, with what each loads.
    planned: Vec<(String, Arc<Plan>)>,
    /// Every page loaded, by its path in the site.
    loaded: Mutex<HashMap<String, Arc<OnceLock<Loaded>>>>,
    /// How many pages axe checked in this run, and how many were unchanged
    /// since they passed.
    axe_checked: AtomicUsize,
    axe_unchanged: AtomicUsize,
    /// The key of the site's files but its pages (see [`accessibility_key`]).
    site_files: OnceLock<Option<String>>,
}

impl Pages {
    /// Starts loading, in the background, the pages of the page checks
    /// that `selected` keeps, a tab per core: the browser's work is most of
    /// a run's, and this way it starts at once and the other checks run
    /// beside it.
    pub fn load_in_background(self: &Arc<Self>, selected: impl Fn(&str) -> bool) {
        let queue: Vec<Arc<Plan>> = self
            .planned
            .iter()
            .filter(|(name, _)| selected(name))
            .map(|(_, plan)| Arc::clone(plan))
            .collect();
        if queue.is_empty() || self.run.tools.chromium.missing().is_some() {
            return;
        }
        let queue = Arc::new(Mutex::new(queue.into_iter()));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        for _ in 0..cores {
            let (queue, pages) = (Arc::clone(&queue), Arc::clone(self));
            std::thread::spawn(move || {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some(plan) = next else { break };
                    // A failure is reported by the page's own check.
                    let _ = pages.report(&plan);
                }
            });
        }
    }

    /// The report of the page `plan` loads, loading it if no check has yet.
    fn report(&self, plan: &Plan) -> Result<Loaded, String> {
        let run = &self.run;
        let slot = Arc::clone(
            self.loaded
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(plan.page.clone())
                .or_default(),
        );
        // Chromium starts while the site builds: neither needs the other.
        let (server, chromium) = std::thread::scope(|scope| {
            let chromium = scope.spawn(|| run.tools.chromium.running(|| run.tools.answers()));
            (run.server(site::build), chromium.join())
        });
        let server = server?;
        let chromium = chromium.map_err(|_| "starting Chromium panicked".to_owned())??;
        Ok(slot
            .get_or_init(|| {
                let checked = match plan.run.as_ref().map(|r| r.resolve(run)).transpose() {
                    Ok(checked) => checked,
                    Err(e) => {
                        let report = PageReport {
                            page: plan.page.clone(),
                            failure: Some(e),
                            ..PageReport::default()
                        };
                        return (report, None);
                    }
                };
                let block = checked.as_ref().map(|r| r.block);
                // The print page is every chapter at once, each checked on
                // its own page; axe would take a minute over it.
                let axe = plan.page != "print.html";
                let key = axe
                    .then(|| self.accessibility_key(&plan.page, block))
                    .flatten();
                let passes = &run.tools.axe_passes;
                let unchanged = key.as_deref().is_some_and(|k| passes.passed(k));
                let visit = Visit {
                    run: block,
                    search: (plan.page == SEARCHED.0).then_some(SEARCHED.1),
                    accessibility: axe && !unchanged,
                };
                let report = chromium.check_page(&plan.page, &server.url(&plan.page), &visit);
                if unchanged {
                    self.axe_unchanged.fetch_add(1, Ordering::Relaxed);
                } else if report.accessibility_checked {
                    self.axe_checked.fetch_add(1, Ordering::Relaxed);
                    if let (Some(key), true) = (&key, serious(&report).is_empty()) {
                        passes.record_pass(key);
                    }
                }
                (report, checked)
            })
            .clone())
    }

    /// The key of the accessibility check of `page` of the book at `root`,
    /// pressing Run on `block`: the page as built, every other file of the site
    /// (the styles, scripts and fonts a page loads; pages load no other page),
    /// the block pressed, axe-core, the Chromium that renders the page, and the
    /// checks' own code (how a page is loaded and checked, in which window
    /// size, themes and rules). `None` if the site cannot be read: the page is
    /// then checked.
    ///
    /// Two things are left out, so that editing one chapter changes the key of
    /// its page only: the search index, which a page loads only once the reader
    /// searches (the search check does so after axe has run), and the hash that
    /// mdBook writes into the name of every file it serves (`book-609e4cb8.js`),
    /// which stands for the file's content, itself part of the key. Without
    /// this, every page would change with any chapter: each names the search
    /// script, which names the index.
    fn accessibility_key(&self, page: &str, block: Option<usize>) -> Option<String> {
        let site = self.run.site(site::build).ok()?;
        let files = self
            .site_files
            .get_or_init(|| {
                let mut files = Vec::new();
                let mut pending = vec![site.to_owned()];
                while let Some(dir) = pending.pop() {
                    for entry in fs::read_dir(&dir).ok()?.flatten() {
                        let path = entry.path();
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if path.is_dir() {
                            pending.push(path);
                        } else if !name.ends_with(".html") && !name.starts_with("searchindex") {
                            files.push(path);
                        }
                    }
                }
                files.sort();
                let mut parts = Vec::new();
                for file in &files {
                    let name = file.strip_prefix(site).unwrap_or(file).to_string_lossy();
                    parts.push(unhashed(name.as_bytes()));
                    parts.push(unhashed(&fs::read(file).ok()?));
                }
                Some(cache::key(parts.iter().map(Vec::as_slice)))
            })
            .as_deref()?;
        let html = fs::read(site.join(page)).ok()?;
        let chromium = &self.run.tools.chromium;
        let axe = chromium.axe_script().ok()?;
        page_key(files, page, &html, block, &axe, &chromium.version())
    }
}

/// The key of the accessibility check of `page`, whose HTML is `html`, in
/// a site whose other files hash to `site_files`, pressing Run on `block`.
pub fn page_key(
    site_files: &str,
    page: &str,
    html: &[u8],
    block: Option<usize>,
    axe: &str,
    chromium: &str,
) -> Option<String> {
    let html = unhashed(html);
    let block = format!("{block:?}");
    let parts: [&[u8]; 9] = [
        b"axe-passed 1",
        include_str!("browser.rs").as_bytes(),
        include_str!("../support/chromium.rs").as_bytes(),
        axe.as_bytes(),
        chromium.as_bytes(),
        site_files.as_bytes(),
        page.as_bytes(),
        &html,
        block.as_bytes(),
    ];
    Some(cache::key(parts))
}

/// `text` with the content hash mdBook puts in the names of the files it
/// serves taken out: `book-609e4cb8.js` becomes `book.js`.
fn unhashed(text: &[u8]) -> Vec<u8> {
    static HASHED: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(
            r"([\w.]+)-[0-9a-f]{8}((?:\.min)?\.(?:js|css|png|svg|woff2?|ttf|json))",
        )
        .expect("valid regex")
    });
    HASHED.replace_all(text, b"$1$2".as_slice()).into_owned()
}

/// The browser checks of `run`, and the pages they load.
pub fn checks(run: &Arc<Run>) -> (Vec<Check>, Arc<Pages>) {
    let book = &run.book;
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
            run_plan(run.root(), c),
        )
    }));
    pages.push(("the 404 page".to_owned(), "404.html".to_owned(), None));
    let mut planned = Vec::new();
    let mut labels = Vec::new();
    for (label, page, run) in pages {
        let name = format!("browser: {label} ({page})");
        planned.push((name.clone(), Arc::new(Plan { page, run })));
        labels.push(label);
    }
    let search_page = Plan {
        page: SEARCHED.0.to_owned(),
        run: planned
            .iter()
            .find(|(_, p)| p.page == SEARCHED.0)
            .and_then(|(_, p)| p.run.clone()),
    };
    let pages = Arc::new(Pages {
        run: Arc::clone(run),
        planned,
        loaded: Mutex::new(HashMap::new()),
        axe_checked: AtomicUsize::new(0),
        axe_unchanged: AtomicUsize::new(0),
        site_files: OnceLock::new(),
    });
    for ((name, plan), label) in pages.planned.iter().zip(labels) {
        let (plan, loader) = (Arc::clone(plan), Arc::clone(&pages));
        checks.push(Check::needing(Needs::Chromium, name.clone(), move || {
            let (report, checked) = loader.report(&plan)?;
            page_verdict(&label, &report, checked.as_ref())
        }));
    }

    let name = "browser: search finds a chapter by a word from its body";
    let loader = Arc::clone(&pages);
    checks.push(Check::needing(Needs::Chromium, name, move || {
        let found = loader.report(&search_page)?.0.search_results;
        search_verdict(SEARCHED, found.as_deref(), "event-loop.html")
    }));

    let print_page = Plan {
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
    let loader = Arc::clone(&pages);
    checks.push(Check::needing(Needs::Chromium, name, move || {
        let headings = loader.report(&print_page)?.0.headings;
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

    (checks, pages)
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
        let snippet = Snippet::of(root, b).ok()?;
        let name = rust_blocks::shows_example_whole(root, b, &snippet)?;
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
            expected: Expected::Program(Box::new(Snippet::of(root, b).ok()?)),
        })
    })
}

impl RunPlan {
    /// The text the block's output area must show.
    pub fn resolve(&self, run: &Run) -> Result<RunCheck, String> {
        let (source, expected) = match &self.expected {
            Expected::Output(file) => {
                let text = book_model::read(run.root(), file)?;
                (file.display().to_string(), text)
            }
            Expected::Program(program) => {
                let tools = &run.tools;
                let printed = tools
                    .playground
                    .stdout_of(&tools.compiler, &program.code)
                    .map_err(|e| {
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

/// A page passes if nothing went wrong in the browser: it was loaded and
/// visited; every diagram was drawn in both themes, not as mermaid's error
/// picture; choosing the dark theme applied it; it requested nothing from
/// another host (the playground aside, which the test answers), and every
/// request succeeded; nothing logged an error, no exception went uncaught.
/// Besides, every Rust block shows a Run button; without diagrams, the page
/// stays within the budget; its Run button (`run`, if it has one) shows
/// what the block prints; and axe finds no serious or critical fault on it.
pub fn page_verdict(
    label: &str,
    report: &PageReport,
    run: Option<&RunCheck>,
) -> Result<(), String> {
    let mut problems: Vec<String> = report.failure.iter().cloned().collect();
    problems.extend(report.drawn.iter().take(1).flat_map(undrawn));
    if report.dark_applied == Some(false) {
        problems.push(format!("choosing the {} theme did not apply it", THEMES[1]));
    }
    problems.extend(report.drawn.iter().skip(1).flat_map(undrawn));
    let requests = &report.requests;
    let inline = |url: &str| {
        ["data:", "blob:", "about:"]
            .iter()
            .any(|s| url.starts_with(s))
    };
    let foreign = |r: &&Request| {
        let host = r.host.as_deref();
        host.is_some_and(|h| !inline(&r.url) && h != report.host && h != PLAYGROUND)
    };
    problems.extend(
        requests
            .iter()
            .filter(foreign)
            .map(|r| format!("requested a foreign host: {}", r.url)),
    );
    problems.extend(requests.iter().filter_map(|r| {
        let status = r.status.filter(|s| *s >= 400)?;
        Some(format!("HTTP {status} for {}", r.url))
    }));
    problems.extend(requests.iter().filter_map(|r| {
        Some(format!(
            "request failed ({}): {}",
            r.failure.as_ref()?,
            r.url
        ))
    }));
    let errors = report
        .console
        .iter()
        .filter(|(kind, _)| kind == "error" || kind == "assert");
    problems.extend(errors.map(|(_, text)| format!("console error: {text}")));
    problems.extend(
        report
            .exceptions
            .iter()
            .map(|e| format!("uncaught exception: {e}")),
    );
    let errors = report.log.iter().filter(|(level, _)| level == "error");
    problems.extend(errors.map(|(_, text)| format!("browser error: {text}")));
    if report.run_buttons != report.rust_blocks {
        problems.push(format!(
            "{} of its {} Rust blocks show a Run button",
            report.run_buttons, report.rust_blocks
        ));
    }
    if report.diagrams == 0 && bytes(report) > PAGE_BUDGET {
        let mut largest: Vec<(u64, &str)> = requests
            .iter()
            .filter_map(|r| Some((r.bytes?, r.url.rsplit('/').next().unwrap_or(&r.url))))
            .collect();
        largest.sort_unstable_by(|a, b| b.cmp(a));
        let largest: Vec<String> = largest
            .iter()
            .take(5)
            .map(|(bytes, name)| format!("{name} {} KB", bytes / 1024))
            .collect();
        problems.push(format!(
            "transfers {} KB, over the {} KB a page without diagrams may weigh \
             (largest: {})",
            bytes(report) / 1024,
            PAGE_BUDGET / 1024,
            largest.join(", ")
        ));
    }
    if let Some(run) = run {
        problems.extend(run_verdict(run, report).err());
    }
    problems.extend(serious(report));
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

/// What is wrong with the diagrams as drawn in one mermaid theme: each must
/// be a picture, not mermaid's error picture, drawn in that theme.
fn undrawn((theme, diagrams): &(String, Vec<Diagram>)) -> Vec<String> {
    let problem = |d: &Diagram| {
        if !d.drawn {
            Some(format!("not drawn in the {theme} theme"))
        } else if d.error_picture || d.error.is_some() {
            let error = d.error.as_deref().unwrap_or("syntax error");
            Some(format!("mermaid shows its error picture ({error})"))
        } else {
            (d.theme.as_deref() != Some(theme)).then(|| format!("not redrawn in the {theme} theme"))
        }
    };
    let numbered = diagrams.iter().enumerate();
    numbered
        .filter_map(|(i, d)| Some(format!("diagram {}: {}", i + 1, problem(d)?)))
        .collect()
}

/// The bytes a page transferred, the search aside.
fn bytes(report: &PageReport) -> u64 {
    report.requests.iter().filter_map(|r| r.bytes).sum()
}

/// How many of the elements that break a rule a message names.
const SHOWN: usize = 3;

/// The serious and critical accessibility faults axe found on a page: by
/// theme and rule, the impact of the worst, and the elements.
fn serious(report: &PageReport) -> Vec<String> {
    let faults = report.accessibility.iter().filter_map(|v| {
        let nodes: Vec<&(String, String)> = (v.nodes.iter())
            .filter(|(impact, _)| impact == "serious" || impact == "critical")
            .collect();
        let critical = nodes.iter().any(|(impact, _)| impact == "critical");
        let targets: Vec<&str> = nodes.iter().take(SHOWN).map(|(_, t)| t.as_str()).collect();
        (!nodes.is_empty()).then(|| {
            format!(
                "accessibility, {} theme: {} ({}): {}: {} element{}, such as {}",
                v.theme,
                v.rule,
                if critical { "critical" } else { "serious" },
                v.help,
                nodes.len(),
                if nodes.len() == 1 { "" } else { "s" },
                targets.join(" | ")
            )
        })
    });
    faults.collect()
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
    let d = first_difference(want, shown, Mask::EXACT).expect("the two texts differ");
    let line = |text: Option<&str>| {
        d.show(text)
            .unwrap_or_else(|| "(nothing: the text ends before this line)".to_owned())
    };
    Err(format!(
        "{at}: after Run, the output area does not show {}: line {} differs\n    \
         expected: {}\n    shown:    {}\n  (the page sent {} lines of code; what it \
         shows, in full:\n{})",
        run.source,
        d.line,
        line(d.expected),
        line(d.printed),
        sent.code.lines().count(),
        crate::support::indent(&crate::support::first_lines(shown, 12), "    ")
    ))
}

/// The measurements of this run, for its end; `None` if no page was loaded.
impl Pages {
    pub fn summary(&self) -> Option<String> {
        let pages = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let reports: Vec<&PageReport> = pages
            .values()
            .filter_map(|r| r.get())
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
                .max_by_key(|r| bytes(r))
        };
        if let Some(r) = heaviest(false) {
            let _ = writeln!(
                out,
                "  heaviest page without diagrams: {} ({} KB)",
                r.page,
                bytes(r) / 1024
            );
        }
        if let Some(r) = heaviest(true) {
            let _ = writeln!(
                out,
                "  heaviest page with diagrams:    {} ({} KB)",
                r.page,
                bytes(r) / 1024
            );
        }
        let (checked, unchanged) = (
            self.axe_checked.load(Ordering::Relaxed),
            self.axe_unchanged.load(Ordering::Relaxed),
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
            let _ = writeln!(out, "  Run buttons pressed:            {pressed}");
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

    /// At the end of the run: a run that loaded every page of the book knows
    /// which accessibility passes are still of use, and clears the others.
    pub fn finish(&self) {
        let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let all = self.planned.iter().all(|(_, plan)| {
            loaded
                .get(&plan.page)
                .is_some_and(|slot| slot.get().is_some())
        });
        if all && !self.planned.is_empty() {
            self.run.tools.axe_passes.sweep();
        }
    }
}

/// The harness's own check of the accessibility passes' key: it changes
/// with what the page shows, the block it runs and the site's other files,
/// not with the hashes in mdBook's file names.
pub fn harness_checks() -> Vec<Check> {
    let name =
        "harness: an accessibility pass is keyed by the page as it was, not by file-name hashes";
    vec![Check::new(name, || {
        let page = |file: &str, text: &str| {
            format!("<script src=\"{file}\"></script><p>{text}</p>").into_bytes()
        };
        let key = |site: &str, html: &[u8], block| {
            page_key(site, "chapter.html", html, block, "axe", "chromium").ok_or("no key")
        };
        let first = key("site files", &page("book-609e4cb8.js", "A page."), None)?;
        let mut problems = Vec::new();
        if key("site files", &page("book-0123abcd.js", "A page."), None)? != first {
            problems.push("the hash in a file's name must not change the key");
        }
        if key(
            "site files",
            &page("book-609e4cb8.js", "An edited page."),
            None,
        )? == first
        {
            problems.push("changing what a page shows must change its key");
        }
        if key("site files", &page("book-609e4cb8.js", "A page."), Some(0))? == first {
            problems.push("changing the block whose Run button is pressed must change the key");
        }
        if key("other files", &page("book-609e4cb8.js", "A page."), None)? == first {
            problems.push("changing another file of the site must change the key");
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    })]
}
