//! Headless Chromium, driven over the DevTools protocol with chromiumoxide,
//! which, unlike a WebDriver client, sees every network request with its
//! size, every console message and every uncaught exception, and lets the
//! test answer the Rust playground's requests itself.
//!
//! One browser serves the whole run. Each check gets a browser context of
//! its own (a fresh profile in memory: its own storage, so a theme one page
//! switches to cannot leak into another) and its own tab, so pages are
//! checked side by side.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Condvar, LazyLock, Mutex, RwLock};
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::fetch::{
    EnableParams, EventRequestPaused, FulfillRequestParams, HeaderEntry, RequestPattern,
};
use chromiumoxide::cdp::browser_protocol::log::{EventEntryAdded, LogEntryLevel};
use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent, EventResponseReceived,
};
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::cdp::js_protocol::runtime::{
    ConsoleApiCalledType, EventConsoleApiCalled, EventExceptionThrown,
};
use chromiumoxide::page::Page;
use futures::{FutureExt as _, StreamExt};
use tokio::runtime::Runtime;

use super::trial::Tool;

/// The one foreign host a page may talk to: mdBook's Run buttons ask the
/// Rust playground which crates it has. The test answers for it.
pub const PLAYGROUND: &str = "play.rust-lang.org";

/// What the playground says it has, as far as this book is concerned.
const PLAYGROUND_CRATES: &str = concat!(
    r#"{"crates":[{"id":"tokio"},{"id":"tokio_util"},{"id":"tokio_stream"},"#,
    r#"{"id":"futures"},{"id":"anyhow"},{"id":"tracing"},{"id":"tracing_subscriber"},"#,
    r#"{"id":"async_trait"}]}"#
);

/// The longest one check may take in the browser.
const PAGE_LIMIT: Duration = Duration::from_secs(60);

/// Chromium, for the checks that need it.
pub static CHROMIUM: Tool = Tool {
    checks: "browser checks",
    missing: &MISSING,
    install: "Install Chromium (on Debian or Ubuntu: `apt-get install chromium`) or point \
              BOOK_CHROMIUM at it",
    skipped: AtomicUsize::new(0),
};

/// The Chromium to use: `BOOK_CHROMIUM`; else Debian's headless shell, the
/// same engine without the parts of a desktop browser (Puppeteer's choice
/// for headless work too), which loads the book's pages in half the time;
/// else Debian's `/usr/bin/chromium`.
pub fn executable() -> PathBuf {
    if let Some(path) = std::env::var_os("BOOK_CHROMIUM") {
        return PathBuf::from(path);
    }
    ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Why the browser checks cannot run here, if they cannot.
static MISSING: LazyLock<Option<String>> = LazyLock::new(|| {
    let path = executable();
    let runs = std::process::Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (!runs).then(|| format!("Chromium was not found at {}", path.display()))
});

/// What a page did while it loaded, and the problems found on it.
#[derive(Clone, Debug, Default)]
pub struct PageReport {
    pub page: String,
    pub problems: Vec<String>,
    pub bytes: u64,
    /// The largest downloads, with their sizes, largest first.
    pub largest: Vec<(u64, String)>,
    pub load_ms: f64,
    pub diagrams: usize,
    /// The text of every chapter title (`h1`) of the page.
    pub headings: Vec<String>,
    /// How many Rust blocks the page has, and how many of them show a Run
    /// button once the playground has answered.
    pub rust_blocks: usize,
    pub run_buttons: usize,
    /// The links the search found, if the check searched.
    pub search_results: Option<Vec<String>>,
}

/// A running Chromium.
pub struct Chromium {
    runtime: Runtime,
    /// Taken out only to shut the browser down.
    browser: RwLock<Option<Browser>>,
    profile: PathBuf,
    /// Tabs open at once. Loading a page of the book keeps a core busy, so
    /// more tabs than cores would only make each load slower.
    tabs: Semaphore,
}

/// A counting semaphore for threads.
struct Semaphore {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Semaphore {
    fn acquire(&self) -> impl Drop + '_ {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

struct Permit<'a>(&'a Semaphore);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

impl Chromium {
    /// Starts Chromium with a profile folder inside `scratch`.
    pub fn start(scratch: &Path) -> Result<Chromium, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
        let profile = scratch.join("chromium-profile");
        let _ = fs::remove_dir_all(&profile);
        fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let config = BrowserConfig::builder()
            .chrome_executable(executable())
            .no_sandbox()
            .user_data_dir(&profile)
            .window_size(1280, 900)
            .request_timeout(PAGE_LIMIT)
            .args([
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .build()
            .map_err(|e| format!("cannot configure Chromium: {e}"))?;
        let browser = runtime.block_on(async {
            let (browser, mut handler) = Browser::launch(config)
                .await
                .map_err(|e| format!("cannot start Chromium ({}): {e}", executable().display()))?;
            // The handler carries every message between us and Chromium.
            tokio::spawn(async move { while handler.next().await.is_some() {} });
            Ok::<_, String>(browser)
        })?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Chromium {
            runtime,
            browser: RwLock::new(Some(browser)),
            profile,
            tabs: Semaphore {
                free: Mutex::new(cores),
                freed: Condvar::new(),
            },
        })
    }

    /// Runs `f` with a fresh tab in a fresh browser context, within the
    /// time limit; the tab and its context are closed afterwards.
    pub fn with_page<T>(
        &self,
        f: impl AsyncFnOnce(&Page) -> Result<T, String>,
    ) -> Result<T, String> {
        let _tab = self.tabs.acquire();
        let guard = self.browser.read().unwrap_or_else(|e| e.into_inner());
        let browser = guard.as_ref().ok_or("the browser has been shut down")?;
        self.runtime.block_on(async {
            let context = browser
                .create_browser_context(CreateBrowserContextParams::default())
                .await
                .map_err(|e| format!("cannot create a browser context: {e}"))?;
            let result = match new_page(browser, context.clone()).await {
                Ok(page) => {
                    let result = tokio::time::timeout(PAGE_LIMIT, f(&page))
                        .await
                        .unwrap_or_else(|_| {
                            Err(format!("no answer within {} s", PAGE_LIMIT.as_secs()))
                        });
                    let _ = page.close().await;
                    result
                }
                Err(e) => Err(e),
            };
            let _ = browser.dispose_browser_context(context).await;
            result
        })
    }

    /// Loads the page at `url` and checks it in the light theme and in a
    /// dark one. Requests may go to `host` (the book's server) and to the
    /// playground, nowhere else.
    ///
    /// With `search`, the check then types it into the page's search box,
    /// as a reader would, and records the links of the results.
    pub fn check_page(
        &self,
        page: &str,
        url: &str,
        host: &str,
        search: Option<&str>,
    ) -> PageReport {
        self.with_page(async |tab| visit(tab, url, host, search).await)
            .unwrap_or_else(|e| PageReport {
                problems: vec![e],
                ..PageReport::default()
            })
            .named(page)
    }

    /// Closes Chromium and removes its profile.
    pub fn shut_down(&self) {
        let browser = self
            .browser
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(mut browser) = browser {
            self.runtime.block_on(async {
                let _ = browser.close().await;
                let _ = browser.wait().await;
            });
        }
        let _ = fs::remove_dir_all(&self.profile);
    }
}

impl PageReport {
    fn named(mut self, page: &str) -> PageReport {
        page.clone_into(&mut self.page);
        self
    }
}

/// A new tab in `context` whose requests to the playground are answered by
/// the test.
async fn new_page(browser: &Browser, context: BrowserContextId) -> Result<Page, String> {
    let target = CreateTargetParams::builder()
        .url("about:blank")
        .browser_context_id(context)
        .build()
        .map_err(|e| format!("cannot describe a tab: {e}"))?;
    let page = browser
        .new_page(target)
        .await
        .map_err(|e| format!("cannot open a tab: {e}"))?;
    let mut paused = page
        .event_listener::<EventRequestPaused>()
        .await
        .map_err(|e| e.to_string())?;
    let pattern = RequestPattern::builder()
        .url_pattern(format!("https://{PLAYGROUND}/*"))
        .build();
    page.execute(EnableParams::builder().pattern(pattern).build())
        .await
        .map_err(|e| format!("cannot intercept the playground's requests: {e}"))?;
    let answering = page.clone();
    tokio::spawn(async move {
        while let Some(event) = paused.next().await {
            let preflight = event.request.method == "OPTIONS";
            let header = |name: &str, value: &str| HeaderEntry::new(name, value);
            let mut answer = FulfillRequestParams::new(
                event.request_id.clone(),
                if preflight { 204 } else { 200 },
            );
            answer.response_headers = Some(vec![
                header("Access-Control-Allow-Origin", "*"),
                header("Access-Control-Allow-Methods", "POST"),
                header("Access-Control-Allow-Headers", "Content-Type"),
                header("Content-Type", "application/json"),
            ]);
            if !preflight {
                answer.body = Some(base64(PLAYGROUND_CRATES.as_bytes()).into());
            }
            let _ = answering.execute(answer).await;
        }
    });
    Ok(page)
}

/// Everything one page load shows.
async fn visit(
    page: &Page,
    url: &str,
    host: &str,
    search: Option<&str>,
) -> Result<PageReport, String> {
    let listen = |e: chromiumoxide::error::CdpError| format!("cannot listen to the page: {e}");
    let mut console = page
        .event_listener::<EventConsoleApiCalled>()
        .await
        .map_err(listen)?;
    let mut exceptions = page
        .event_listener::<EventExceptionThrown>()
        .await
        .map_err(listen)?;
    let mut log = page
        .event_listener::<EventEntryAdded>()
        .await
        .map_err(listen)?;
    let mut requests = page
        .event_listener::<EventRequestWillBeSent>()
        .await
        .map_err(listen)?;
    let mut responses = page
        .event_listener::<EventResponseReceived>()
        .await
        .map_err(listen)?;
    let mut finished = page
        .event_listener::<EventLoadingFinished>()
        .await
        .map_err(listen)?;
    let mut failures = page
        .event_listener::<EventLoadingFailed>()
        .await
        .map_err(listen)?;

    load(page, url).await?;
    let load_time = "performance.getEntriesByType('navigation')[0].loadEventEnd";
    let mut report = PageReport {
        load_ms: eval::<f64>(page, load_time).await?,
        diagrams: eval::<usize>(page, "document.querySelectorAll('pre.mermaid').length").await?,
        ..PageReport::default()
    };

    // Diagrams, in the light theme the page opens in, then in a dark one.
    if report.diagrams > 0 {
        report
            .problems
            .extend(diagrams_drawn(page, "default").await?);
        eval::<bool>(
            page,
            "document.getElementById('mdbook-theme-navy').click(), true",
        )
        .await?;
        report.problems.extend(diagrams_drawn(page, "dark").await?);
    }

    report.headings = eval(
        page,
        "Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim())",
    )
    .await?;
    // The Run buttons appear once the playground has said which crates it
    // has (the test answers at once).
    let buttons = "Array.from(document.querySelectorAll('pre.playground .play-button'))\
                   .filter(b => !b.hidden && !b.classList.contains('hidden')).length";
    report.rust_blocks = eval(page, "document.querySelectorAll('pre.playground').length").await?;
    let all_shown = format!("{buttons} === {}", report.rust_blocks);
    // Fewer buttons than blocks is reported by the check that asks.
    let _ = wait_for(page, &all_shown, Duration::from_secs(10)).await;
    report.run_buttons = eval(page, buttons).await?;

    // What the page asked for, and what came of it, once it has gone quiet.
    let mut sent = Vec::new();
    let mut answered = Vec::new();
    let mut done = Vec::new();
    let mut failed = Vec::new();
    let mut quiet = 0;
    let deadline = Instant::now() + Duration::from_secs(5);
    while quiet < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(40)).await;
        let before = sent.len() + answered.len() + done.len() + failed.len();
        drain(&mut requests, &mut sent);
        drain(&mut responses, &mut answered);
        drain(&mut finished, &mut done);
        drain(&mut failures, &mut failed);
        let after = sent.len() + answered.len() + done.len() + failed.len();
        quiet = if after == before && done.len() + failed.len() >= sent.len() {
            quiet + 1
        } else {
            0
        };
    }

    let mut urls = HashMap::new();
    for event in &sent {
        let request_url = event.request.url.clone();
        let url_host = request_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        // Inline data (an icon as a data: URL, say) fetches nothing.
        let inline = ["data:", "blob:", "about:"]
            .iter()
            .any(|s| request_url.starts_with(s));
        let allowed = inline || url_host == host || url_host == PLAYGROUND;
        if !allowed {
            report
                .problems
                .push(format!("requested a foreign host: {request_url}"));
        }
        urls.insert(event.request_id.inner().clone(), request_url);
    }
    for event in &answered {
        if event.response.status >= 400 {
            report.problems.push(format!(
                "HTTP {} for {}",
                event.response.status, event.response.url
            ));
        }
    }
    for event in &done {
        let bytes = event.encoded_data_length as u64;
        report.bytes += bytes;
        let what = urls
            .get(event.request_id.inner())
            .cloned()
            .unwrap_or_default();
        let name = what.rsplit('/').next().unwrap_or(&what).to_owned();
        report.largest.push((bytes, name));
    }
    report.largest.sort_unstable_by(|a, b| b.cmp(a));
    report.largest.truncate(5);
    for event in &failed {
        let what = urls
            .get(event.request_id.inner())
            .cloned()
            .unwrap_or_default();
        report
            .problems
            .push(format!("request failed ({}): {what}", event.error_text));
    }
    if let Some(query) = search {
        report.search_results = Some(search_results(page, query).await?);
    }
    // Errors are collected last, so that the search's count too.
    while let Some(Some(event)) = console.next().now_or_never() {
        if matches!(
            event.r#type,
            ConsoleApiCalledType::Error | ConsoleApiCalledType::Assert
        ) {
            let text: Vec<String> = event
                .args
                .iter()
                .map(|arg| match &arg.value {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => arg.description.clone().unwrap_or_default(),
                })
                .collect();
            report
                .problems
                .push(format!("console error: {}", text.join(" ")));
        }
    }
    while let Some(Some(event)) = exceptions.next().now_or_never() {
        let details = &event.exception_details;
        let description = details
            .exception
            .as_ref()
            .and_then(|e| e.description.clone())
            .unwrap_or_else(|| details.text.clone());
        report
            .problems
            .push(format!("uncaught exception: {description}"));
    }
    while let Some(Some(event)) = log.next().now_or_never() {
        if event.entry.level == LogEntryLevel::Error {
            report
                .problems
                .push(format!("browser error: {}", event.entry.text));
        }
    }
    Ok(report)
}

/// Opens the page's search box, types `query` into it, and returns the links
/// of the results once they have appeared (the index loads on first use).
async fn search_results(page: &Page, query: &str) -> Result<Vec<String>, String> {
    let type_query = format!(
        "document.getElementById('mdbook-search-toggle').click();\
         const bar = document.getElementById('mdbook-searchbar');\
         bar.value = {query:?};\
         bar.dispatchEvent(new KeyboardEvent('keyup'));\
         true"
    );
    eval::<bool>(page, &type_query).await?;
    let found = "document.querySelectorAll('#mdbook-searchresults a').length > 0";
    // No result in time is reported by the check, with what was found.
    let _ = wait_for(page, found, Duration::from_secs(20)).await;
    eval(
        page,
        "Array.from(document.querySelectorAll('#mdbook-searchresults a'))\
         .map(a => a.getAttribute('href'))",
    )
    .await
}

/// Moves the events that have arrived on `stream` into `into`.
fn drain<T: Clone>(
    stream: &mut (impl futures::Stream<Item = std::sync::Arc<T>> + Unpin),
    into: &mut Vec<T>,
) {
    while let Some(Some(event)) = stream.next().now_or_never() {
        into.push((*event).clone());
    }
}

/// Opens `url` in `page` and waits until it has loaded (its `load` event
/// has fired). The navigation is started from the page's own script and
/// the page is watched directly: chromiumoxide's navigation tracking
/// (`goto`, or the protocol's `Page.navigate` through it) now and then
/// misses the end of a quick load and waits for its request timeout.
async fn load(page: &Page, url: &str) -> Result<(), String> {
    // The old document goes away during the call, so its answer is moot.
    let _ = page
        .evaluate(format!("window.location.assign({url:?})"))
        .await;
    let loaded = format!("document.readyState === 'complete' && location.href === {url:?}");
    wait_for(page, &loaded, Duration::from_secs(30))
        .await
        .map_err(|_| format!("{url} did not finish loading within 30 s"))
}

/// Waits until the script `condition` is true in `page`; `Err` after
/// `limit`. While a document is being replaced the script may fail: that
/// counts as not yet.
async fn wait_for(page: &Page, condition: &str, limit: Duration) -> Result<(), ()> {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(true) = eval::<bool>(page, condition).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits until every diagram of the page has been drawn in `theme`, and
/// says what is wrong with those that were not.
async fn diagrams_drawn(page: &Page, theme: &str) -> Result<Vec<String>, String> {
    // mermaid-init.js marks each diagram with the theme it last drew it in.
    let done = format!(
        "Array.from(document.querySelectorAll('pre.mermaid'))\
         .every(d => d.dataset.mermaidTheme === '{theme}' || d.dataset.mermaidError)"
    );
    // Not drawn in time is reported below, diagram by diagram.
    let _ = wait_for(page, &done, Duration::from_secs(20)).await;
    let report = format!(
        "Array.from(document.querySelectorAll('pre.mermaid')).map((d, i) => {{\
           const svg = d.querySelector('svg');\
           if (!svg) return `diagram ${{i + 1}}: not drawn in the {theme} theme`;\
           if (svg.getAttribute('aria-roledescription') === 'error' || d.dataset.mermaidError)\
             return `diagram ${{i + 1}}: mermaid shows its error picture (${{d.dataset.mermaidError || 'syntax error'}})`;\
           if (d.dataset.mermaidTheme !== '{theme}') return `diagram ${{i + 1}}: not redrawn in the {theme} theme`;\
           return '';\
         }}).filter(s => s)"
    );
    eval::<Vec<String>>(page, &report).await
}

async fn eval<T: serde::de::DeserializeOwned>(page: &Page, js: &str) -> Result<T, String> {
    page.evaluate(js)
        .await
        .map_err(|e| format!("script failed: {e}\n  {js}"))?
        .into_value::<T>()
        .map_err(|e| format!("script gave an unexpected value: {e}\n  {js}"))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
