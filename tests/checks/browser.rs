//! Promise: the book works in a browser. Each page, served on 127.0.0.1 as
//! a host would serve it, is loaded in headless Chromium:
//!
//! - `browser: src/<chapter>.md (<page>.html)`: no console error, no
//!   uncaught exception, no failed request, no request to another host (the
//!   Rust playground aside, which the test answers); every diagram drawn,
//!   in the light theme and again in a dark one, and not as mermaid's
//!   error picture; every Rust block offers a Run button; a page without
//!   diagrams transfers under 400 KB.
//! - `browser: search ...`, `browser: print.html ...`: search finds a
//!   chapter by a word of its body, and the print page holds every chapter.
//!
//! Pages are checked side by side, each in a browser context of its own,
//! and each page is loaded once however many checks read it. At the end,
//! the run prints the heaviest pages and the slowest load.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use libtest_mimic::Trial;

use crate::support::book::Book;
use crate::support::chromium::{CHROMIUM, Chromium, PageReport};
use crate::support::scratch_dir;
use crate::support::server::Server;
use crate::support::trial::needs;

use super::site;

/// The heaviest a page without diagrams may be.
pub const PAGE_BUDGET: u64 = 400 * 1024;

/// Every page loaded, by its path in the site: loaded once, read by every
/// check that needs it.
static PAGES: Mutex<Option<HashMap<String, Arc<OnceLock<PageReport>>>>> = Mutex::new(None);

/// The page whose check also tries the search, and the word it searches
/// for: `nest_asyncio` appears in the body of the event loop chapter only.
const SEARCHED: (&str, &str) = ("introduction.html", "nest_asyncio");

/// The page checks made, by name, with the book and page each loads.
static PLANNED: Mutex<Vec<(String, std::path::PathBuf, String)>> = Mutex::new(Vec::new());

/// Starts loading, in the background, the pages of the page checks that
/// `selected` keeps, a tab per core: the browser's work is most of a run's,
/// and this way it starts at once and the other checks run beside it.
pub fn load_in_background(selected: impl Fn(&str) -> bool) {
    let planned = PLANNED.lock().unwrap_or_else(|e| e.into_inner());
    let queue: Vec<(std::path::PathBuf, String)> = planned
        .iter()
        .filter(|(name, _, _)| selected(name))
        .map(|(_, root, page)| (root.clone(), page.clone()))
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
                let Some((root, page)) = next else { break };
                // A failure is reported by the page's own check.
                let _ = report(&root, &page);
            }
        });
    }
}

/// The report of the book's page `page`, loading it if no check has yet.
fn report(book_root: &Path, page: &str) -> Result<PageReport, String> {
    let slot = {
        let mut pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            pages
                .get_or_insert_default()
                .entry(page.to_owned())
                .or_default(),
        )
    };
    // Chromium starts while the site builds: neither needs the other.
    let (server, chromium) = std::thread::scope(|scope| {
        let chromium = scope.spawn(chromium);
        (server(book_root), chromium.join())
    });
    let server = server?;
    let chromium = chromium.map_err(|_| "starting Chromium panicked".to_owned())??;
    Ok(slot
        .get_or_init(|| {
            let search = (page == SEARCHED.0).then_some(SEARCHED.1);
            chromium.check_page(page, &server.url(page), &server.address, search)
        })
        .clone())
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
    let mut pages = vec![("the print page".to_owned(), "print.html".to_owned())];
    pages.extend(book.chapters.iter().map(|c| {
        let page = c
            .file
            .strip_prefix("src")
            .unwrap_or(&c.file)
            .with_extension("html");
        (c.file.display().to_string(), page.display().to_string())
    }));
    pages.push(("the 404 page".to_owned(), "404.html".to_owned()));
    let mut planned = PLANNED.lock().unwrap_or_else(|e| e.into_inner());
    for (label, page) in pages {
        let root = book.root.clone();
        planned.push((
            format!("browser: {label} ({page})"),
            root.clone(),
            page.clone(),
        ));
        checks.push(needs(
            &CHROMIUM,
            format!("browser: {label} ({page})"),
            move || page_verdict(&label, &report(&root, &page)?),
        ));
    }

    let root = book.root.clone();
    let name = "browser: search finds a chapter by a word from its body";
    checks.push(needs(&CHROMIUM, name, move || {
        let found = report(&root, SEARCHED.0)?.search_results;
        search_verdict(SEARCHED, found.as_deref(), "event-loop.html")
    }));

    let root = book.root.clone();
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
        let headings = report(&root, "print.html")?.headings;
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

/// A page passes if nothing went wrong in the browser and, without
/// diagrams, it stays within the budget.
pub fn page_verdict(label: &str, report: &PageReport) -> Result<(), String> {
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

/// The measurements of this run, for its end; `None` if no page was loaded.
pub fn summary() -> Option<String> {
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    let reports: Vec<&PageReport> = pages
        .iter()
        .flatten()
        .filter_map(|(_, r)| r.get())
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
}
