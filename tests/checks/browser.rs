//! Promise: the book works in a browser. Each page, served on 127.0.0.1 as
//! a host would serve it, is loaded in headless Chromium and judged by
//! [`page_verdict`]; a search finds a chapter by a word of its body; the
//! print page holds every chapter.
//!
//! On each page with runnable blocks, one Run button is pressed ([`run_plan`]
//! chooses it: one that shows an example whole, so that what it prints is
//! known and checked); the test answers the playground's request itself
//! (`support/playground.rs`) by compiling and running the code the button
//! sent. The output area must then show exactly what the block prints: this
//! proves that the button sends the whole program, hidden lines included,
//! as edition 2024. axe is most of a page's cost, so a page that passed is
//! not checked again until its key changes ([`Pages::accessibility_key`]).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use book_model::Location;
use book_model::book::Chapter;
use book_model::markdown::CodeBlock;
use book_model::output::{Mask, first_difference};
use book_model::snippet::Snippet;

use crate::support::chromium::{Diagram, PLAYGROUND, PageReport, Request, THEMES, Visit};
use crate::support::run::Run;
use crate::support::trial::{Check, Needs};
use crate::support::{cache, first_lines, indent, lock, none};

use super::rust_blocks::{self, Expect};
use super::site;

/// The heaviest a page without diagrams may be.
const PAGE_BUDGET: u64 = 400 * 1024;

/// The page whose check also searches, and for what: `nest_asyncio` is in
/// the body of the event loop chapter only.
const SEARCHED: (&str, &str) = ("introduction.html", "nest_asyncio");

/// What one page check loads: the page, and the block whose Run button it
/// presses; and what its check calls the page.
#[derive(Clone, Debug)]
struct Plan {
    label: String,
    page: String,
    run: Option<RunPlan>,
}

/// That block (its index among those with a Run button), and where what it
/// prints is known.
#[derive(Clone, Debug)]
struct RunPlan {
    block: usize,
    at: Location,
    shows: Expected,
}

#[derive(Clone, Debug)]
enum Expected {
    /// The output of the example it shows whole, which `examples/NAME output`
    /// checks.
    Output(PathBuf),
    /// Only from running its code: for a page none of whose runnable blocks
    /// shows an example.
    Program(String),
}

/// What a pressed Run button must show, and where that comes from.
#[derive(Clone, Debug)]
struct RunCheck {
    at: Location,
    source: String,
    text: String,
}

type Loaded = (PageReport, Option<RunCheck>);

/// The pages of one run, each loaded once however many checks read it.
pub struct Pages {
    run: Arc<Run>,
    planned: Vec<Arc<Plan>>,
    /// Every page loaded, by its path in the site.
    loaded: Mutex<HashMap<String, Arc<OnceLock<Loaded>>>>,
    /// How many pages axe checked in this run, and how many were unchanged.
    axe_checked: AtomicUsize,
    axe_unchanged: AtomicUsize,
    /// The key of the site's files but its pages.
    site_files: OnceLock<Option<String>>,
}

impl Pages {
    /// Starts loading, in the background, the pages of the checks that
    /// `selected` keeps, a tab per core: the browser's work is most of a run's,
    /// and the other checks run beside it.
    pub fn load_in_background(self: &Arc<Self>, selected: impl Fn(&str) -> bool) {
        let name = |plan: &&Arc<Plan>| format!("browser: {} ({})", plan.label, plan.page);
        let queue = self.planned.iter().filter(|plan| selected(&name(plan)));
        let queue: Vec<Arc<Plan>> = queue.cloned().collect();
        if queue.is_empty() || self.run.tools.chromium.missing().is_some() {
            return;
        }
        let queue = Arc::new(Mutex::new(queue.into_iter()));
        for _ in 0..std::thread::available_parallelism().map_or(1, |n| n.get()) {
            let (queue, pages) = (Arc::clone(&queue), Arc::clone(self));
            // A failure is reported by the page's own check.
            std::thread::spawn(move || {
                // The queue is locked only to take the next page.
                let next = || lock(&queue).next();
                std::iter::from_fn(next).for_each(|plan| drop(pages.report(&plan)));
            });
        }
    }

    /// The report of the page `plan` loads, loading it if no check has yet.
    fn report(&self, plan: &Plan) -> Result<Loaded, String> {
        let run = &self.run;
        let slot = Arc::clone(lock(&self.loaded).entry(plan.page.clone()).or_default());
        // Chromium starts while the site builds: neither needs the other.
        let (server, chromium) = std::thread::scope(|scope| {
            let chromium = scope.spawn(|| run.tools.chromium.running(|| run.tools.answers()));
            (run.server(site::build), chromium.join())
        });
        let server = server?;
        let chromium = chromium.map_err(|_| "starting Chromium panicked".to_owned())??;
        let load = || {
            let checked = match plan.run.as_ref().map(|r| r.resolve(run)).transpose() {
                Ok(checked) => checked,
                Err(e) => return (PageReport::failed(&plan.page, e), None),
            };
            let block = plan.run.as_ref().map(|r| r.block);
            // The print page is every chapter at once, each checked on its
            // own page; axe would take a minute over it.
            let axe = plan.page != "print.html";
            let key = self.accessibility_key(&plan.page, block).filter(|_| axe);
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
        };
        Ok(slot.get_or_init(load).clone())
    }

    /// The key of the accessibility check of `page`, pressing Run on `block`:
    /// the page as built, every other file of the site, the block, axe-core,
    /// Chromium, and these checks' code; `None` (checked) if the site cannot be
    /// read. Left out, so that editing one chapter changes the key of its page
    /// only: the search index (loaded only once the reader searches, after axe
    /// has run), and the hashes in mdBook's file names (`book-609e4cb8.js`),
    /// which stand for the files' contents, part of the key already.
    fn accessibility_key(&self, page: &str, block: Option<usize>) -> Option<String> {
        let site = self.run.site(site::build).ok()?;
        let hash_files = || {
            let mut parts = Vec::new();
            for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
                let entry = entry.ok()?;
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_dir()
                    || name.ends_with(".html")
                    || name.starts_with("searchindex")
                {
                    continue;
                }
                let path = entry.path();
                let name = path.strip_prefix(site).unwrap_or(path).to_string_lossy();
                parts.push(unhashed(name.as_bytes()));
                parts.push(unhashed(&fs::read(path).ok()?));
            }
            Some(cache::key(parts.iter().map(Vec::as_slice)))
        };
        let files = self.site_files.get_or_init(hash_files).as_deref()?;
        let html = fs::read(site.join(page)).ok()?;
        let chromium = &self.run.tools.chromium;
        let axe = chromium.axe_script().ok()?;
        let version = chromium.version();
        Some(page_key(files, page, &html, block, &axe, &version))
    }
}

fn page_key(
    site_files: &str,
    page: &str,
    html: &[u8],
    block: Option<usize>,
    axe: &str,
    chromium: &str,
) -> String {
    const CHECKS: &str = include_str!("browser.rs");
    const MACHINERY: &str = include_str!("../support/chromium.rs");
    let texts = [CHECKS, MACHINERY, axe, chromium, site_files, page].map(str::as_bytes);
    let (html, block) = (unhashed(html), format!("{block:?}"));
    let parts = [b"axe-passed 1".as_slice()].into_iter().chain(texts);
    cache::key(parts.chain([html.as_slice(), block.as_bytes()]))
}

/// `book-609e4cb8.js` as `book.js`, wherever mdBook hashed a file's name.
fn unhashed(text: &[u8]) -> Vec<u8> {
    static HASHED: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        let files = r"([\w.]+)-[0-9a-f]{8}((?:\.min)?\.(?:js|css|png|svg|woff2?|ttf|json))";
        regex::bytes::Regex::new(files).expect("valid regex")
    });
    HASHED.replace_all(text, b"$1$2".as_slice()).into_owned()
}

pub fn checks(run: &Arc<Run>) -> (Vec<Check>, Arc<Pages>) {
    let book = &run.book;
    let plan = |label: String, page: String, run| Arc::new(Plan { label, page, run });
    // The heaviest page first, so that it does not finish last, alone.
    let mut planned = vec![plan("the print page".into(), "print.html".into(), None)];
    for c in &book.chapters {
        let page = c.file.strip_prefix("src").unwrap_or(&c.file);
        let page = page.with_extension("html");
        let (label, page) = (c.file.display().to_string(), page.display().to_string());
        planned.push(plan(label, page, run_plan(run.root(), c)));
    }
    planned.push(plan("the 404 page".into(), "404.html".into(), None));
    let pages_loaded = Arc::new(Pages {
        run: Arc::clone(run),
        planned,
        loaded: Mutex::default(),
        axe_checked: AtomicUsize::new(0),
        axe_unchanged: AtomicUsize::new(0),
        site_files: OnceLock::new(),
    });
    let loaded = |page: &str| {
        let (pages, page) = (Arc::clone(&pages_loaded), page.to_owned());
        let planned = pages.planned.iter().find(|p| p.page == page);
        let run = planned.and_then(|p| p.run.clone());
        let plan = Plan {
            label: String::new(),
            page,
            run,
        };
        move || pages.report(&plan).map(|(report, _)| report)
    };
    let mut checks = Vec::new();
    for plan in &pages_loaded.planned {
        let (plan, pages) = (Arc::clone(plan), Arc::clone(&pages_loaded));
        let name = format!("browser: {} ({})", plan.label, plan.page);
        checks.push(Check::needing(Needs::Chromium, name, move || {
            let (report, checked) = pages.report(&plan)?;
            page_verdict(&plan.label, &report, checked.as_ref())
        }));
    }

    let name = "browser: search finds a chapter by a word from its body";
    let (report, wanted) = (loaded(SEARCHED.0), "event-loop.html");
    checks.push(Check::needing(Needs::Chromium, name, move || {
        let found = report()?.search_results.unwrap_or_default();
        if found.iter().any(|href| href.contains(wanted)) {
            return Ok(());
        }
        let (page, query) = SEARCHED;
        Err(format!(
            "{page}: searching for `{query}` should find {wanted}; it found {found:?}"
        ))
    }));

    let titles: Vec<(String, String)> = (book.chapters.iter())
        .filter_map(|c| {
            let title = c.text.lines().find_map(|l| l.strip_prefix("# "))?;
            Some((c.file.display().to_string(), title.trim().to_owned()))
        })
        .collect();
    let report = loaded("print.html");
    let name = "browser: print.html contains every chapter";
    checks.push(Check::needing(Needs::Chromium, name, move || {
        let headings = report()?.headings;
        let shown = |(_, title): &&(String, String)| headings.iter().any(|h| same_title(h, title));
        let missing = titles.iter().filter(|t| !shown(t));
        let missing: Vec<String> = missing
            .map(|(file, title)| format!("{file} ({title:?})"))
            .collect();
        none(&missing).map_err(|_| format!("print.html lacks: {}", missing.join(", ")))
    }));
    (checks, pages_loaded)
}

/// Whether a heading as shown is the chapter's title as written: mdBook drops
/// code spans' backticks and curls straight quotes (`'static`, ’static).
fn same_title(shown: &str, written: &str) -> bool {
    let plain = |s: &str| -> String {
        let straight = |c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        };
        s.chars().filter(|c| *c != '`').map(straight).collect()
    };
    plain(shown) == plain(written)
}

/// The block whose Run button a page check presses: the first runnable block
/// that shows an example whole and prints to stdout only (the playground
/// shows nothing else), so that what the page must show is the example's
/// checked `output.txt`; failing that, the first runnable block. Runnable,
/// as mdBook 0.5.4 gives a Run button: Rust, not `noplayground`; pressed
/// only if it runs successfully, and is not the reader's `editable` one.
fn run_plan(root: &Path, chapter: &Chapter) -> Option<RunPlan> {
    let runnable = (chapter.blocks.iter())
        .filter(|b| b.lang == "rust" && !b.has("noplayground") && !b.has("noplaypen"));
    let pressable: Vec<_> = (runnable.enumerate())
        .filter(|(_, b)| rust_blocks::expectation(b) == Ok(Expect::Success) && !b.has("editable"))
        .collect();
    let plan = |&(block, b): &(usize, &CodeBlock), shows| {
        let at = b.at.clone();
        RunPlan { block, at, shows }
    };
    let shown_example = pressable.iter().find_map(|pressed| {
        let snippet = Snippet::of(root, pressed.1).ok()?;
        let name = rust_blocks::shows_example_whole(root, pressed.1, &snippet)?;
        let dir = Path::new("examples").join(&name);
        let source = fs::read_to_string(root.join(dir.join("main.rs"))).ok()?;
        let output = fs::read_to_string(root.join(dir.join("output.txt"))).ok()?;
        let stdout_only = !source.contains("eprint") && !source.contains("stderr");
        (stdout_only && !output.trim().is_empty())
            .then(|| plan(pressed, Expected::Output(dir.join("output.txt"))))
    });
    shown_example.or_else(|| {
        let first = pressable.first()?;
        let code = Snippet::of(root, first.1).ok()?.code;
        Some(plan(first, Expected::Program(code)))
    })
}

impl RunPlan {
    fn resolve(&self, run: &Run) -> Result<RunCheck, String> {
        let at = self.at.clone();
        let (source, text) = match &self.shows {
            Expected::Output(file) => {
                let text = book_model::read(run.root(), file)?;
                (file.display().to_string(), text)
            }
            Expected::Program(code) => {
                let printed = run.tools.playground.stdout_of(&run.tools.compiler, code);
                let printed = printed.map_err(|e| {
                    format!("{at}: the block whose Run button is pressed does not run:\n{e}")
                })?;
                ("what the block prints".to_owned(), printed)
            }
        };
        Ok(RunCheck { at, source, text })
    }
}

/// A page passes if it was visited; every diagram was drawn in both themes,
/// not as mermaid's error picture; the dark theme applied; it requested
/// nothing from another host but the playground, and every request
/// succeeded; nothing logged an error or threw; every Rust block shows a
/// Run button; without diagrams, it stays within the budget; its Run button
/// shows what the block prints; and axe finds no serious or critical fault.
fn page_verdict(label: &str, report: &PageReport, run: Option<&RunCheck>) -> Result<(), String> {
    let mut problems: Vec<String> = report.failure.iter().cloned().collect();
    problems.extend(report.drawn.iter().take(1).flat_map(undrawn));
    if report.dark_applied == Some(false) {
        problems.push(format!("choosing the {} theme did not apply it", THEMES[1]));
    }
    problems.extend(report.drawn.iter().skip(1).flat_map(undrawn));
    let requests = &report.requests;
    for r in requests {
        let inline = INLINE.iter().any(|s| r.url.starts_with(s));
        let foreign = |h: &str| !inline && h != report.host && h != PLAYGROUND;
        if r.host.as_deref().is_some_and(foreign) {
            problems.push(format!("requested a foreign host: {}", r.url));
        }
    }
    for r in requests {
        if let Some(status) = r.status.filter(|s| *s >= 400) {
            problems.push(format!("HTTP {status} for {}", r.url));
        }
    }
    for r in requests {
        if let Some(failure) = &r.failure {
            problems.push(format!("request failed ({failure}): {}", r.url));
        }
    }
    for (kind, text) in &report.console {
        if kind == "error" || kind == "assert" {
            problems.push(format!("console error: {text}"));
        }
    }
    for exception in &report.exceptions {
        problems.push(format!("uncaught exception: {exception}"));
    }
    let errors = report.log.iter().filter(|(level, _)| level == "error");
    problems.extend(errors.map(|(_, text)| format!("browser error: {text}")));
    let (shown, blocks) = (report.run_buttons, report.rust_blocks);
    if shown != blocks {
        problems.push(format!(
            "{shown} of its {blocks} Rust blocks show a Run button"
        ));
    }
    if report.diagrams == 0 && bytes(report) > PAGE_BUDGET {
        fn finished(r: &Request) -> Option<(u64, &str)> {
            Some((r.bytes?, file_name(&r.url)))
        }
        let mut largest: Vec<(u64, &str)> = requests.iter().filter_map(finished).collect();
        largest.sort_unstable_by(|a, b| b.cmp(a));
        largest.truncate(5);
        let kb = |(bytes, name): &(u64, &str)| format!("{name} {} KB", bytes / 1024);
        let largest = largest.iter().map(kb);
        problems.push(format!(
            "transfers {} KB, over the {} KB a page without diagrams may weigh (largest: {})",
            bytes(report) / 1024,
            PAGE_BUDGET / 1024,
            largest.collect::<Vec<_>>().join(", ")
        ));
    }
    problems.extend(run.and_then(|run| run_verdict(run, report).err()));
    problems.extend(serious(report));
    none(&problems).map_err(|_| {
        let problems = problems.join("\n  ");
        format!("{label} ({}) in Chromium:\n  {problems}", report.page)
    })
}

/// What is wrong with the diagrams drawn in one mermaid theme.
fn undrawn((theme, diagrams): &(String, Vec<Diagram>)) -> Vec<String> {
    let problem = |d: &Diagram| {
        if !d.drawn {
            Some(format!("not drawn in the {theme} theme"))
        } else if d.error_picture || d.error.is_some() {
            let error = d.error.as_deref().unwrap_or("syntax error");
            Some(format!("mermaid shows its error picture ({error})"))
        } else {
            let redrawn = d.theme.as_deref() == Some(theme);
            (!redrawn).then(|| format!("not redrawn in the {theme} theme"))
        }
    };
    let numbered = |(i, d): (usize, &Diagram)| Some(format!("diagram {}: {}", i + 1, problem(d)?));
    diagrams.iter().enumerate().filter_map(numbered).collect()
}

/// Requests that go to no host.
const INLINE: [&str; 3] = ["data:", "blob:", "about:"];

fn file_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

fn bytes(report: &PageReport) -> u64 {
    report.requests.iter().filter_map(|r| r.bytes).sum()
}

/// The serious and critical accessibility faults: by theme and rule, the
/// impact of the worst, and the first few elements.
fn serious(report: &PageReport) -> Vec<String> {
    let mut faults = Vec::new();
    for v in &report.accessibility {
        let serious = |(impact, _): &&(String, String)| impact == "serious" || impact == "critical";
        let nodes: Vec<_> = v.nodes.iter().filter(serious).collect();
        let critical = nodes.iter().any(|(impact, _)| impact == "critical");
        let targets: Vec<&str> = nodes.iter().take(3).map(|(_, t)| t.as_str()).collect();
        let (theme, rule, help, count) = (&v.theme, &v.rule, &v.help, nodes.len());
        let impact = if critical { "critical" } else { "serious" };
        let s = if count == 1 { "" } else { "s" };
        if count > 0 {
            faults.push(format!(
                "accessibility, {theme} theme: {rule} ({impact}): {help}: {count} element{s}, \
                 such as {}",
                targets.join(" | ")
            ));
        }
    }
    faults
}

/// Whether the Run button sent the program as edition 2024, and the output
/// area shows exactly what it prints (`No output` for nothing).
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
    let blank = run.text.trim().is_empty();
    let want = if blank { "No output" } else { &run.text };
    let shown = pressed.shown.as_deref();
    let shown = shown.unwrap_or("(no output area appeared)");
    let Some(d) = first_difference(want, shown, Mask::EXACT) else {
        return Ok(());
    };
    let ended = "(nothing: the text ends before this line)";
    let line = |text| d.show(text).unwrap_or(ended.to_owned());
    Err(format!(
        "{at}: after Run, the output area does not show {}: line {} differs\n    \
         expected: {}\n    shown:    {}\n  (the page sent {} lines of code; what it \
         shows, in full:\n{})",
        run.source,
        d.line,
        line(d.expected),
        line(d.printed),
        sent.code.lines().count(),
        indent(&first_lines(shown, 12), "    ")
    ))
}

impl Pages {
    /// The measurements of this run; `None` if no page was loaded.
    pub fn summary(&self) -> Option<String> {
        let pages = lock(&self.loaded);
        let reports: Vec<&PageReport> = pages.values().filter_map(|r| Some(&r.get()?.0)).collect();
        let mut out = format!("The book in Chromium ({} pages):\n", reports.len());
        for (with, label) in [(false, "without diagrams:"), (true, "with diagrams:   ")] {
            let pages = reports.iter().filter(|r| (r.diagrams > 0) == with);
            if let Some(r) = pages.max_by_key(|r| bytes(r)) {
                let (page, kb) = (&r.page, bytes(r) / 1024);
                out += &format!("  heaviest page {label} {page} ({kb} KB)\n");
            }
        }
        let checked = self.axe_checked.load(Ordering::Relaxed);
        let unchanged = self.axe_unchanged.load(Ordering::Relaxed);
        if checked + unchanged > 0 {
            out += &format!(
                "  accessibility (axe-core):       {checked} pages checked in this run, \
                 {unchanged} unchanged since they passed\n"
            );
        }
        let pressed = reports.iter().filter(|r| r.run.is_some()).count();
        if pressed > 0 {
            out += &format!("  Run buttons pressed:            {pressed}\n");
        }
        let slowest = |a: &&&PageReport, b: &&&PageReport| a.load_ms.total_cmp(&b.load_ms);
        let r = reports.iter().max_by(slowest)?;
        let (page, ms) = (&r.page, r.load_ms);
        out += &format!("  slowest load:                   {page} ({ms:.0} ms)\n");
        Some(out)
    }

    /// A run that loaded every page knows which passes are still of use.
    pub fn finish(&self) {
        let loaded = lock(&self.loaded);
        let done = |page| loaded.get(page).is_some_and(|slot| slot.get().is_some());
        let all = self.planned.iter().all(|plan| done(&plan.page));
        if all && !self.planned.is_empty() {
            self.run.tools.axe_passes.sweep();
        }
    }
}

/// The harness's own check of the passes' key: it changes with the page,
/// the block pressed and the site's other files, not with hashes in names.
pub fn harness_checks() -> Vec<Check> {
    let name =
        "harness: an accessibility pass is keyed by the page as it was, not by file-name hashes";
    vec![Check::new(name, || {
        let key = |site: &str, script: &str, text: &str, block| {
            let html = format!("<script src=\"{script}\"></script><p>{text}</p>");
            page_key(site, "chapter.html", html.as_bytes(), block, "axe", "")
        };
        let first = key("site", "book-609e4cb8.js", "A page.", None);
        let mut problems = Vec::new();
        if key("site", "book-0123abcd.js", "A page.", None) != first {
            problems.push("the hash in a file's name must not change the key");
        }
        if key("site", "book-609e4cb8.js", "Edited.", None) == first {
            problems.push("changing what a page shows must change its key");
        }
        if key("site", "book-609e4cb8.js", "A page.", Some(0)) == first {
            problems.push("changing the block whose Run button is pressed must change the key");
        }
        if key("other", "book-609e4cb8.js", "A page.", None) == first {
            problems.push("changing another file of the site must change the key");
        }
        none(&problems)
    })]
}
