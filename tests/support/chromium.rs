//! Headless Chromium, driven over the DevTools protocol with chromiumoxide,
//! which, unlike a WebDriver client, sees every network request with its
//! size, every console message and every uncaught exception, and lets the
//! test answer the Rust playground's requests itself (`playground.rs`), so
//! that a Run button can be pressed with no network.
//!
//! One browser serves the whole run. Each check gets a browser context of
//! its own (a fresh profile in memory: its own storage, so a theme one page
//! switches to cannot leak into another) and its own tab, so pages are
//! checked side by side. The viewport is a desktop's, 1280 x 900, where
//! mdBook shows the sidebar.
//!
//! Accessibility is checked with axe-core (`tests/vendor/axe-core/`),
//! loaded into the page by the test once the page is complete: every rule
//! in the light theme, and the rules that depend on colour again in navy.
//! Only serious and critical faults are reported.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
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
    ConsoleApiCalledType, EvaluateParams, EventConsoleApiCalled, EventExceptionThrown,
};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::page::Page;
use futures::{FutureExt as _, StreamExt};
use tokio::runtime::Runtime;

use super::playground::{self, Evaluate};

/// The one foreign host a page may talk to: mdBook's Run buttons ask the
/// Rust playground which crates it has, and send it the code to run. The
/// test answers for it (see `playground.rs`).
pub const PLAYGROUND: &str = playground::HOST;

/// axe-core, the accessibility checker, vendored (see its README).
const AXE: &str = "tests/vendor/axe-core/axe.min.js";

/// The themes every page is checked in: the light one it opens in, and a
/// dark one, chosen as a reader chooses it.
pub const THEMES: [&str; 2] = ["light", "navy"];

/// The longest one check may take in the browser.
const PAGE_LIMIT: Duration = Duration::from_secs(60);

/// Who answers the playground's requests that pages make: compiles and
/// runs the code a Run button sends.
pub trait Answers: Send + Sync {
    /// The JSON answer to `evaluate.json`.
    fn evaluate(&self, request: &Evaluate) -> String;
    /// Prepares the answer to a request that will send `code`.
    fn prepare(&self, code: &str);
}

/// Chromium for the checks that need it: found, and started once, on
/// first use.
pub struct ChromiumTool {
    /// The book's root, where axe-core is.
    root: PathBuf,
    executable: PathBuf,
    /// Where its profile goes.
    scratch: PathBuf,
    missing: OnceLock<Option<String>>,
    version: OnceLock<String>,
    running: OnceLock<Result<Chromium, String>>,
}

impl ChromiumTool {
    /// `executable`, or failing that, `BOOK_CHROMIUM`; else Debian's headless
    /// shell, the same engine without the parts of a desktop browser
    /// (Puppeteer's choice for headless work too), which loads the book's
    /// pages in half the time; else Debian's `/usr/bin/chromium`.
    pub fn new(root: &Path, scratch: &Path, executable: Option<PathBuf>) -> ChromiumTool {
        let executable = executable
            .or_else(|| std::env::var_os("BOOK_CHROMIUM").map(PathBuf::from))
            .or_else(|| {
                ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
                    .into_iter()
                    .map(PathBuf::from)
                    .find(|p| p.is_file())
            })
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
        ChromiumTool {
            root: root.to_owned(),
            executable,
            scratch: scratch.to_owned(),
            missing: OnceLock::new(),
            version: OnceLock::new(),
            running: OnceLock::new(),
        }
    }

    /// Why the browser checks cannot run here, if they cannot.
    pub fn missing(&self) -> Option<String> {
        self.missing
            .get_or_init(|| {
                let runs = std::process::Command::new(&self.executable)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success());
                (!runs).then(|| format!("Chromium was not found at {}", self.executable.display()))
            })
            .clone()
    }

    /// What `chromium --version` says, asked once.
    pub fn version(&self) -> &str {
        self.version.get_or_init(|| {
            let output = std::process::Command::new(&self.executable)
                .arg("--version")
                .output();
            let said = output.map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
            format!(
                "{}: {}",
                self.executable.display(),
                said.unwrap_or_default().trim()
            )
        })
    }

    /// axe-core's script.
    pub fn axe_script(&self) -> Result<String, String> {
        let path = self.root.join(AXE);
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }

    /// The browser, started on first use with `answers` for the
    /// playground, and shared by every check after.
    pub fn running(&self, answers: impl FnOnce() -> Arc<dyn Answers>) -> Result<&Chromium, String> {
        self.running
            .get_or_init(|| {
                let axe = self.axe_script()?;
                Chromium::start(&self.executable, &self.scratch, answers(), axe)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Closes the browser, if this run started it.
    pub fn shut_down(&self) {
        if let Some(Ok(chromium)) = self.running.get() {
            chromium.shut_down();
        }
    }
}

/// What a page check does besides loading the page and checking it.
#[derive(Clone, Debug, Default)]
pub struct Visit<'a> {
    /// Press the Run button of this block (counted among the page's blocks
    /// that have one), and record what the page sent and then showed.
    pub run: Option<usize>,
    /// Type this into the page's search box, as a reader would, and record
    /// the links of the results.
    pub search: Option<&'a str>,
    /// Check the page with axe-core, in each theme.
    pub accessibility: bool,
}

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
    /// What came of pressing a Run button, if the check pressed one.
    pub run: Option<RunReport>,
    /// The serious and critical accessibility faults axe found, in each
    /// theme.
    pub accessibility: Vec<Violation>,
    /// Whether axe checked the page, in both themes.
    pub accessibility_checked: bool,
}

/// What pressing the Run button of one block did.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// What the page sent to the playground, if it sent anything.
    pub sent: Option<Evaluate>,
    /// What the block's output area shows once the answer has come, as a
    /// reader reads it (`innerText`); `None` if no output area appeared.
    pub shown: Option<String>,
}

/// One accessibility rule that elements of a page break, by axe's report.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Violation {
    /// The theme the page was in.
    #[serde(default)]
    pub theme: String,
    /// axe's rule id (`color-contrast`), its impact (`serious`,
    /// `critical`), and what it asks for.
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// CSS selectors of the offending elements (the first few).
    pub targets: Vec<String>,
    /// How many elements break it.
    pub count: usize,
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
    answers: Arc<dyn Answers>,
    axe: Arc<str>,
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
    /// Starts Chromium (`executable`) with a profile folder inside
    /// `scratch`; `answers` answers the playground's requests, and `axe` is
    /// axe-core's script.
    pub fn start(
        executable: &Path,
        scratch: &Path,
        answers: Arc<dyn Answers>,
        axe: String,
    ) -> Result<Chromium, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
        let profile = scratch.join("chromium-profile");
        let _ = fs::remove_dir_all(&profile);
        fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .no_sandbox()
            .user_data_dir(&profile)
            .window_size(1280, 900)
            // A desktop reader's page, sidebar shown (mdBook hides it below
            // 1080 pixels); chromiumoxide would otherwise emulate 800 x 600.
            .viewport(Viewport {
                width: 1280,
                height: 900,
                ..Viewport::default()
            })
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
                .map_err(|e| format!("cannot start Chromium ({}): {e}", executable.display()))?;
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
            answers,
            axe: axe.into(),
        })
    }

    /// Runs `f` with a fresh tab in a fresh browser context, within the
    /// time limit; the tab and its context are closed afterwards.
    pub fn with_page<T>(
        &self,
        f: impl AsyncFnOnce(&Tab) -> Result<T, String>,
    ) -> Result<T, String> {
        let _tab = self.tabs.acquire();
        let guard = self.browser.read().unwrap_or_else(|e| e.into_inner());
        let browser = guard.as_ref().ok_or("the browser has been shut down")?;
        self.runtime.block_on(async {
            let context = browser
                .create_browser_context(CreateBrowserContextParams::default())
                .await
                .map_err(|e| format!("cannot create a browser context: {e}"))?;
            let opened = new_page(browser, context.clone(), &self.answers, &self.axe).await;
            let result = match opened {
                Ok(tab) => {
                    let result = tokio::time::timeout(PAGE_LIMIT, f(&tab))
                        .await
                        .unwrap_or_else(|_| {
                            Err(format!("no answer within {} s", PAGE_LIMIT.as_secs()))
                        });
                    let _ = tab.page.close().await;
                    result
                }
                Err(e) => Err(e),
            };
            let _ = browser.dispose_browser_context(context).await;
            result
        })
    }

    /// Loads the page at `url` and checks it in the light theme and in a
    /// dark one, doing what `visit` asks besides. Requests may go to `host`
    /// (the book's server) and to the playground, nowhere else.
    pub fn check_page(&self, page: &str, url: &str, host: &str, visit: &Visit<'_>) -> PageReport {
        self.with_page(async |tab| load_and_check(tab, url, host, visit).await)
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

/// A tab, and what its page has sent to the playground's `evaluate.json`.
pub struct Tab {
    pub page: Page,
    evaluated: Arc<Mutex<Vec<Evaluate>>>,
    answers: Arc<dyn Answers>,
    axe: Arc<str>,
}

/// A new tab in `context` whose requests to the playground are answered by
/// the test: the crate list, and each program a Run button sends, compiled
/// and run by the book's snippet compiler.
async fn new_page(
    browser: &Browser,
    context: BrowserContextId,
    answers: &Arc<dyn Answers>,
    axe: &Arc<str>,
) -> Result<Tab, String> {
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
    let evaluated = Arc::new(Mutex::new(Vec::new()));
    let answering = page.clone();
    let record = Arc::clone(&evaluated);
    let answerer = Arc::clone(answers);
    tokio::spawn(async move {
        while let Some(event) = paused.next().await {
            let preflight = event.request.method == "OPTIONS";
            let path = event.request.url.split(PLAYGROUND).nth(1).unwrap_or("");
            let (status, body) = if preflight {
                (204, None)
            } else if path.starts_with("/meta/crates") {
                (200, Some(playground::CRATES.to_owned()))
            } else if path.starts_with("/evaluate.json") {
                let sent = posted(&event.request);
                record
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(sent.clone());
                // Compiling and running take a while: not on the thread
                // that carries the browser's messages.
                let answerer = Arc::clone(&answerer);
                let answer = tokio::task::spawn_blocking(move || answerer.evaluate(&sent));
                (200, Some(answer.await.unwrap_or_default()))
            } else {
                // Reported as a failed request by the page check.
                let unknown = r#"{"error":"the test does not stand in for this request"}"#;
                (404, Some(unknown.to_owned()))
            };
            let header = |name: &str, value: &str| HeaderEntry::new(name, value);
            let mut answer = FulfillRequestParams::new(event.request_id.clone(), status);
            answer.response_headers = Some(vec![
                header("Access-Control-Allow-Origin", "*"),
                header("Access-Control-Allow-Methods", "POST"),
                header("Access-Control-Allow-Headers", "Content-Type"),
                header("Content-Type", "application/json"),
            ]);
            answer.body = body.map(|b| playground::encode_base64(b.as_bytes()).into());
            let _ = answering.execute(answer).await;
        }
    });
    Ok(Tab {
        page,
        evaluated,
        answers: Arc::clone(answers),
        axe: Arc::clone(axe),
    })
}

/// The JSON a request posted, read as a Run button's; empty fields if it
/// cannot be read.
fn posted(request: &chromiumoxide::cdp::browser_protocol::network::Request) -> Evaluate {
    let bytes: Vec<u8> = request
        .post_data_entries
        .iter()
        .flatten()
        .filter_map(|entry| entry.bytes.as_ref())
        .filter_map(|b| playground::decode_base64(b.as_ref()))
        .flatten()
        .collect();
    serde_json::from_slice(&bytes).unwrap_or_default()
}

/// Everything one page load shows: the page loaded, its diagrams drawn,
/// its Run button pressed, axe-core's findings in the light theme, the
/// dark theme chosen, diagrams and colours again, then what the page
/// requested and logged.
async fn load_and_check(
    tab: &Tab,
    url: &str,
    host: &str,
    visit: &Visit<'_>,
) -> Result<PageReport, String> {
    let page = &tab.page;
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

    // Diagrams, in the light theme the page opens in.
    if report.diagrams > 0 {
        report
            .problems
            .extend(diagrams_drawn(page, "default").await?);
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
    if let Some(block) = visit.run {
        report.run = Some(press_run(tab, block).await?);
    }

    // Accessibility, in the light theme; then everything that depends on
    // colours again in a dark theme, chosen as a reader chooses it: by
    // mdBook's theme menu, which stores the choice (`mdbook-theme` in
    // localStorage), sets the theme's class on <html> and switches the
    // code highlighting's style sheet.
    let [light, dark] = THEMES;
    if visit.accessibility {
        inject_axe(page, &tab.axe).await?;
        report
            .accessibility
            .extend(accessibility(page, light, None).await?);
    }
    if visit.accessibility || report.diagrams > 0 {
        let choose = format!(
            "document.getElementById('mdbook-theme-{dark}').click(),\
             document.documentElement.classList.contains('{dark}')"
        );
        if !eval::<bool>(page, &choose).await? {
            report
                .problems
                .push(format!("choosing the {dark} theme did not apply it"));
        }
    }
    if report.diagrams > 0 {
        report.problems.extend(diagrams_drawn(page, "dark").await?);
    }
    if visit.accessibility {
        report
            .accessibility
            .extend(accessibility(page, dark, Some(&COLOUR_RULES)).await?);
        report.accessibility_checked = true;
    }

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
    if let Some(query) = visit.search {
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

/// Presses the Run button of the page's `block`-th runnable block and
/// waits for the answer to be shown.
async fn press_run(tab: &Tab, block: usize) -> Result<RunReport, String> {
    let page = &tab.page;
    let pre = format!("document.querySelectorAll('pre.playground')[{block}]");
    // The code the button will send, gathered as book.js gathers it, is
    // compiled first (the request then finds it in the compile cache):
    // book.js gives the playground 6 seconds to answer.
    let code: Option<String> = eval(
        page,
        &format!(
            "(() => {{ const pre = {pre}; if (!pre) return null;\
               return typeof playground_text === 'function'\
                 ? playground_text(pre) : pre.querySelector('code').textContent; }})()"
        ),
    )
    .await?;
    let Some(code) = code else {
        return Err(format!(
            "the page has no block {} with a Run button to press",
            block + 1
        ));
    };
    let answers = Arc::clone(&tab.answers);
    let _ = tokio::task::spawn_blocking(move || answers.prepare(&code)).await;
    eval::<bool>(
        page,
        &format!("{pre}.querySelector('.play-button').click(), true"),
    )
    .await?;
    let result = format!("{pre}.querySelector('code.result')");
    let answered = format!("!!{result} && {result}.innerText !== 'Running...'");
    // No answer in time is reported by the check, with what is shown.
    let _ = wait_for(page, &answered, Duration::from_secs(20)).await;
    let shown = eval(page, &format!("{result} ? {result}.innerText : null")).await?;
    let sent = tab
        .evaluated
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .last()
        .cloned();
    Ok(RunReport { sent, shown })
}

/// Loads axe-core into the page (from the test, not from the site: it is
/// no part of the book, and weighs 650 KB).
async fn inject_axe(page: &Page, script: &str) -> Result<(), String> {
    let params = EvaluateParams::builder()
        .expression(script)
        .return_by_value(false)
        .await_promise(false)
        .build()
        .map_err(|e| format!("cannot describe axe-core's script: {e}"))?;
    page.evaluate_expression(params)
        .await
        .map_err(|e| format!("axe-core did not load: {e}"))?;
    Ok(())
}

/// The rules of axe-core whose outcome depends on the theme. A theme of
/// mdBook changes colours only (its CSS variables), not the layout, the
/// markup or the names of things, so the other rules, run in the light
/// theme, would find the same in any other.
const COLOUR_RULES: [&str; 2] = ["color-contrast", "link-in-text-block"];

/// How many of the elements that break a rule a report names.
const SHOWN: usize = 3;

/// The serious and critical faults axe-core finds on the page as it is now,
/// in `theme`, once the theme's colours have settled: by every rule, or by
/// `rules` only.
async fn accessibility(
    page: &Page,
    theme: &str,
    rules: Option<&[&str]>,
) -> Result<Vec<Violation>, String> {
    // mdBook fades some colours in over half a second when the theme
    // changes; a contrast measured halfway would be wrong. The fades are
    // ended at once, as they would end by themselves.
    eval::<bool>(
        page,
        "document.getAnimations()\
           .filter(a => a instanceof CSSTransition).forEach(a => a.finish()), true",
    )
    .await?;
    let only = match rules {
        Some(rules) => format!(", runOnly: {{ type: 'rule', values: {rules:?} }}"),
        None => String::new(),
    };
    let found: Vec<Violation> = eval(
        page,
        &format!(
            "axe.run(document, {{ resultTypes: ['violations']{only} }}).then(r => r.violations\
           .map(v => {{\
             const nodes = v.nodes.filter(n => n.impact === 'serious' || n.impact === 'critical');\
             return {{\
               rule: v.id,\
               impact: nodes.some(n => n.impact === 'critical') ? 'critical' : 'serious',\
               help: v.help,\
               count: nodes.length,\
               targets: nodes.slice(0, {SHOWN}).map(n => {{\
                 const where = n.target.flat().join(' ');\
                 const data = n.any.concat(n.all).map(c => c.data).find(d => d && d.contrastRatio);\
                 if (!data) return where;\
                 const colours = data.fgColor\
                   ? `${{data.fgColor}} on ${{data.bgColor}}`\
                   : `${{data.nodeColor}} in ${{data.parentColor}} text`;\
                 const needs = data.expectedContrastRatio || data.requiredContrastRatio;\
                 return `${{where}} (${{colours}}: ${{data.contrastRatio}}:1, needs ${{needs}})`;\
               }}),\
             }};\
           }})\
           .filter(v => v.count > 0))"
        ),
    )
    .await?;
    Ok(found
        .into_iter()
        .map(|v| Violation {
            theme: theme.to_owned(),
            ..v
        })
        .collect())
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
    // The print page holds every chapter and draws every diagram before its
    // load event: 3-8 s on an idle 2-core machine, 20-30 s while other work
    // shares the cores. A page that has not loaded by the check's own limit
    // less a margin is stuck, not slow.
    let limit = PAGE_LIMIT - Duration::from_secs(10);
    wait_for(page, &loaded, limit)
        .await
        .map_err(|_| format!("{url} did not finish loading within {} s", limit.as_secs()))
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
