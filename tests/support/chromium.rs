//! Headless Chromium over the DevTools protocol (chromiumoxide), which,
//! unlike a WebDriver client, sees every request with its size, every
//! console message and uncaught exception, and lets the test answer the
//! Rust playground's requests itself (`playground.rs`). One browser serves
//! the run; each page is visited in a browser context of its own (a fresh
//! profile, so a theme one page chooses cannot leak into another), side by
//! side. This module reports what a page did ([`PageReport`]);
//! `checks/browser.rs` judges it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::IntoEventKind;
use chromiumoxide::cdp::browser_protocol::fetch::{
    EnableParams, EventRequestPaused, FulfillRequestParams, HeaderEntry, RequestPattern,
};
use chromiumoxide::cdp::browser_protocol::log::EventEntryAdded;
use chromiumoxide::cdp::browser_protocol::network::{self, RequestId};
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::cdp::js_protocol::runtime::{
    EvaluateParams, EventConsoleApiCalled, EventExceptionThrown,
};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::listeners::EventStream;
use chromiumoxide::page::Page;
use futures::{FutureExt as _, StreamExt};
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;

use super::lock;
use super::playground::{self, Evaluate};

/// The playground's host, which the test answers for.
pub const PLAYGROUND: &str = playground::HOST;

const AXE: &str = "tests/vendor/axe-core/axe.min.js";

/// The theme a page opens in, and the dark one the visit chooses.
pub const THEMES: [&str; 2] = ["light", "navy"];

/// Chromium's flags: no GPU, no QUIC, no first-run or background work.
const FLAGS: &str = "--disable-gpu --disable-quic --no-first-run --disable-background-networking \
                     --disable-component-update --disable-sync";

/// The longest a visit may take, and one wait in it.
const PAGE_LIMIT: Duration = Duration::from_secs(60);
const WAIT: Duration = Duration::from_secs(20);

/// Who answers the playground's requests: `evaluate.json`'s JSON answer,
/// and preparing the answer to a request that will send `code`.
pub trait Answers: Send + Sync {
    fn evaluate(&self, request: &Evaluate) -> String;
    fn prepare(&self, code: &str);
}

/// Chromium for the checks that need it: found, and started on first use.
pub struct ChromiumTool {
    root: PathBuf,
    executable: PathBuf,
    scratch: PathBuf,
    version: OnceLock<Option<String>>,
    running: OnceLock<Result<Chromium, String>>,
}

impl ChromiumTool {
    /// `executable`, or `BOOK_CHROMIUM`; else Debian's headless shell (the
    /// same engine, loading pages in half the time); else `chromium`.
    pub fn new(root: &Path, scratch: &Path, executable: Option<PathBuf>) -> ChromiumTool {
        let shell = PathBuf::from("/usr/bin/chromium-headless-shell");
        let executable = executable
            .or_else(|| std::env::var_os("BOOK_CHROMIUM").map(PathBuf::from))
            .unwrap_or_else(|| match shell.is_file() {
                true => shell,
                false => PathBuf::from("/usr/bin/chromium"),
            });
        ChromiumTool {
            root: root.to_owned(),
            executable,
            scratch: scratch.to_owned(),
            version: OnceLock::new(),
            running: OnceLock::new(),
        }
    }

    /// What `chromium --version` says; `None` if it does not run.
    fn said(&self) -> &Option<String> {
        self.version.get_or_init(|| {
            let output = Command::new(&self.executable).arg("--version").output();
            let output = output.ok().filter(|o| o.status.success())?;
            Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        })
    }

    pub fn missing(&self) -> Option<String> {
        let at = self.executable.display();
        let found = self.said().is_some();
        (!found).then(|| format!("Chromium was not found at {at}"))
    }

    /// The browser and its version, part of an axe pass's key.
    pub fn version(&self) -> String {
        let said = self.said().as_deref().unwrap_or_default();
        format!("{}: {said}", self.executable.display())
    }

    pub fn axe_script(&self) -> Result<String, String> {
        let path = self.root.join(AXE);
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }

    /// The browser, started on first use with `answers` for the playground.
    pub fn running(&self, answers: impl FnOnce() -> Arc<dyn Answers>) -> Result<&Chromium, String> {
        let axe = || self.axe_script();
        let start = || Chromium::start(&self.executable, &self.scratch, answers(), axe()?);
        let running = self.running.get_or_init(start);
        running.as_ref().map_err(Clone::clone)
    }

    pub fn shut_down(&self) {
        if let Some(Ok(chromium)) = self.running.get() {
            chromium.shut_down();
        }
    }
}

/// What a visit does besides loading the page: press the Run button of
/// this block (among those that have one), type this into the search box,
/// run axe-core in each theme.
#[derive(Clone, Debug, Default)]
pub struct Visit<'a> {
    pub run: Option<usize>,
    pub search: Option<&'a str>,
    pub accessibility: bool,
}

/// What a page did and showed while it was visited.
#[derive(Clone, Debug, Default)]
pub struct PageReport {
    pub page: String,
    pub failure: Option<String>,
    /// Its host, and the requests it made before the search, in order.
    pub host: String,
    pub requests: Vec<Request>,
    /// Console messages as (kind: `log`, `error`, `assert`, ...; text),
    /// uncaught exceptions, Chromium's log as (level, text).
    pub console: Vec<(String, String)>,
    pub exceptions: Vec<String>,
    pub log: Vec<(String, String)>,
    pub load_ms: f64,
    /// How many diagrams, and each one once drawn in each mermaid theme:
    /// `default` as the page opens, then `dark`.
    pub diagrams: usize,
    pub drawn: Vec<(String, Vec<Diagram>)>,
    /// Whether choosing the dark theme applied it, if it was chosen.
    pub dark_applied: Option<bool>,
    pub headings: Vec<String>,
    pub rust_blocks: usize,
    pub run_buttons: usize,
    pub search_results: Option<Vec<String>>,
    pub run: Option<RunReport>,
    pub accessibility: Vec<Violation>,
    pub accessibility_checked: bool,
}

impl PageReport {
    pub fn failed(page: &str, why: String) -> PageReport {
        let (page, failure) = (page.to_owned(), Some(why));
        PageReport {
            page,
            failure,
            ..PageReport::default()
        }
    }
}

/// One request of a page (a hop of a redirect is one): its host (empty for
/// `data:`; `None` if never seen being sent), HTTP status, failure, and the
/// bytes it transferred once it finished.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub url: String,
    pub host: Option<String>,
    pub status: Option<i64>,
    pub failure: Option<String>,
    pub bytes: Option<u64>,
}

/// One diagram after drawing in a theme: whether it holds a picture, and
/// whether that is mermaid's error picture; the error mermaid-init.js
/// recorded; the mermaid theme it last drew the diagram in.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Diagram {
    pub drawn: bool,
    pub error_picture: bool,
    pub error: Option<String>,
    pub theme: Option<String>,
}

/// What pressing a Run button did: what the page sent to the playground,
/// and what the output area shows (`innerText`) once answered.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    pub sent: Option<Evaluate>,
    pub shown: Option<String>,
}

/// An axe rule that elements break, in a theme: the rule (`color-contrast`),
/// what it asks for, and each element as (impact, `minor` to `critical`;
/// its selector, with the colours measured for a contrast rule).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Violation {
    #[serde(default)]
    pub theme: String,
    pub rule: String,
    pub help: String,
    pub nodes: Vec<(String, String)>,
}

pub struct Chromium {
    runtime: Runtime,
    browser: RwLock<Option<Browser>>,
    profile: PathBuf,
    /// Tabs open at once: a page keeps a core busy, so more than the cores
    /// would only make each load slower.
    tabs: Semaphore,
    answers: Arc<dyn Answers>,
    axe: String,
}

impl Chromium {
    fn start(
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
        // A desktop reader's page, sidebar shown (mdBook hides it below 1080
        // pixels); chromiumoxide would otherwise emulate 800 x 600.
        let (width, height) = (1280, 900);
        let mut viewport = Viewport::default();
        (viewport.width, viewport.height) = (width, height);
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .no_sandbox()
            .user_data_dir(&profile)
            .window_size(width, height)
            .viewport(viewport)
            .request_timeout(PAGE_LIMIT)
            .args(FLAGS.split(' '))
            .build()
            .map_err(|e| format!("cannot configure Chromium: {e}"))?;
        let browser = runtime.block_on(async {
            let launched = Browser::launch(config).await;
            let at = executable.display();
            let (browser, mut handler) =
                launched.map_err(|e| format!("cannot start Chromium ({at}): {e}"))?;
            tokio::spawn(async move { while handler.next().await.is_some() {} });
            Ok::<_, String>(browser)
        })?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (browser, tabs) = (RwLock::new(Some(browser)), Semaphore::new(cores));
        Ok(Chromium {
            runtime,
            browser,
            profile,
            tabs,
            answers,
            axe,
        })
    }

    /// Visits the page at `url` in a fresh browser context, within the limit.
    pub fn check_page(&self, page: &str, url: &str, visit: &Visit<'_>) -> PageReport {
        let _tab = self.runtime.block_on(self.tabs.acquire());
        let browser = self.browser.read().unwrap_or_else(|e| e.into_inner());
        let Some(browser) = browser.as_ref() else {
            return PageReport::failed(page, "the browser has been shut down".to_owned());
        };
        let visited = self.runtime.block_on(async {
            let context = CreateBrowserContextParams::default();
            let context = browser.create_browser_context(context).await;
            let context = context.map_err(|e| format!("cannot create a browser context: {e}"))?;
            let result = match self.open(browser, &context).await {
                Ok(tab) => {
                    let visiting = self.load_and_check(&tab, url, visit);
                    let visited = tokio::time::timeout(PAGE_LIMIT, visiting).await;
                    let _ = tab.page.close().await;
                    let limit = PAGE_LIMIT.as_secs();
                    visited.unwrap_or_else(|_| Err(format!("no answer within {limit} s")))
                }
                Err(e) => Err(e),
            };
            let _ = browser.dispose_browser_context(context).await;
            result
        });
        let mut report = visited.unwrap_or_else(|e| PageReport::failed(page, e));
        page.clone_into(&mut report.page);
        report
    }

    fn shut_down(&self) {
        let mut browser = self.browser.write().unwrap_or_else(|e| e.into_inner());
        if let Some(mut browser) = browser.take() {
            self.runtime.block_on(async {
                let _ = browser.close().await;
                let _ = browser.wait().await;
            });
        }
        let _ = fs::remove_dir_all(&self.profile);
    }

    /// A new tab in `context` whose requests to the playground the test
    /// answers: the crate list, and each program a Run button sends.
    async fn open(
        &self,
        browser: &Browser,
        context: &chromiumoxide::cdp::browser_protocol::browser::BrowserContextId,
    ) -> Result<Tab, String> {
        let target = CreateTargetParams::builder().url("about:blank");
        let target = target.browser_context_id(context.clone()).build()?;
        let page = browser.new_page(target).await;
        let page = page.map_err(|e| format!("cannot open a tab: {e}"))?;
        let mut paused = listen::<EventRequestPaused>(&page).await?;
        let playground = format!("https://{PLAYGROUND}/*");
        let pattern = RequestPattern::builder().url_pattern(playground).build();
        let intercept = EnableParams::builder().pattern(pattern).build();
        let intercepted = page.execute(intercept).await;
        intercepted.map_err(|e| format!("cannot intercept the playground's requests: {e}"))?;
        let evaluated: Arc<Mutex<Vec<Evaluate>>> = Arc::default();
        let answers = Arc::clone(&self.answers);
        let (record, answering) = (Arc::clone(&evaluated), page.clone());
        tokio::spawn(async move {
            while let Some(event) = paused.next().await {
                let path = event.request.url.split(PLAYGROUND).nth(1).unwrap_or("");
                let (status, body) = if event.request.method == "OPTIONS" {
                    (204, None)
                } else if path.starts_with("/meta/crates") {
                    (200, Some(playground::CRATES.to_owned()))
                } else if path.starts_with("/evaluate.json") {
                    let sent = posted(&event.request);
                    lock(&record).push(sent.clone());
                    // Compiling takes a while: not on the browser's thread.
                    let answers = Arc::clone(&answers);
                    let answer = tokio::task::spawn_blocking(move || answers.evaluate(&sent));
                    (200, Some(answer.await.unwrap_or_default()))
                } else {
                    let unknown = r#"{"error":"the test does not stand in for this request"}"#;
                    (404, Some(unknown.to_owned()))
                };
                let mut answer = FulfillRequestParams::new(event.request_id.clone(), status);
                let headers = [
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Methods", "POST"),
                    ("Access-Control-Allow-Headers", "Content-Type"),
                    ("Content-Type", "application/json"),
                ];
                let headers = headers.map(|(name, value)| HeaderEntry::new(name, value));
                answer.response_headers = Some(headers.into());
                answer.body = body.map(|b| playground::encode_base64(b.as_bytes()).into());
                let _ = answering.execute(answer).await;
            }
        });
        Ok(Tab { page, evaluated })
    }

    /// One visit: the page loaded, its diagrams drawn, its Run button
    /// pressed, axe in the light theme, the dark theme chosen, diagrams and
    /// colours again, then what the page requested and logged.
    async fn load_and_check(
        &self,
        tab: &Tab,
        url: &str,
        visit: &Visit<'_>,
    ) -> Result<PageReport, String> {
        let page = &tab.page;
        let mut console = listen::<EventConsoleApiCalled>(page).await?;
        let mut exceptions = listen::<EventExceptionThrown>(page).await?;
        let mut log = listen::<EventEntryAdded>(page).await?;
        let mut sending = listen::<network::EventRequestWillBeSent>(page).await?;
        let mut answering = listen::<network::EventResponseReceived>(page).await?;
        let mut finishing = listen::<network::EventLoadingFinished>(page).await?;
        let mut failing = listen::<network::EventLoadingFailed>(page).await?;

        load(page, url).await?;
        let load_time = "performance.getEntriesByType('navigation')[0].loadEventEnd";
        let diagrams = "document.querySelectorAll('pre.mermaid').length";
        let mut report = PageReport {
            host: host_of(url),
            load_ms: eval(page, load_time).await?,
            diagrams: eval(page, diagrams).await?,
            ..PageReport::default()
        };
        // mermaid-init.js draws in mermaid's `default` theme, or `dark`.
        if report.diagrams > 0 {
            let drawn = drawn(page, "default").await?;
            report.drawn.push(("default".to_owned(), drawn));
        }
        let headings = "Array.from(document.querySelectorAll('main h1'))\
                        .map(h => h.textContent.trim())";
        report.headings = eval(page, headings).await?;
        // The Run buttons appear once the playground has named its crates.
        let buttons = "Array.from(document.querySelectorAll('pre.playground .play-button'))\
                       .filter(b => !b.hidden && !b.classList.contains('hidden')).length";
        let blocks = "document.querySelectorAll('pre.playground').length";
        report.rust_blocks = eval(page, blocks).await?;
        let all_shown = format!("{buttons} === {}", report.rust_blocks);
        let _ = wait_for(page, &all_shown, Duration::from_secs(10)).await;
        report.run_buttons = eval(page, buttons).await?;
        if let Some(block) = visit.run {
            report.run = Some(self.press_run(tab, block).await?);
        }

        // Accessibility in the light theme; then colours again in a dark theme,
        // chosen by mdBook's theme menu as a reader chooses it.
        let [light, dark] = THEMES;
        if visit.accessibility {
            inject_axe(page, &self.axe).await?;
            let found = accessibility(page, light, None).await?;
            report.accessibility.extend(found);
        }
        if visit.accessibility || report.diagrams > 0 {
            let choose = format!(
                "document.getElementById('mdbook-theme-{dark}').click(),\
                 document.documentElement.classList.contains('{dark}')"
            );
            report.dark_applied = Some(eval(page, &choose).await?);
        }
        if report.diagrams > 0 {
            let drawn = drawn(page, "dark").await?;
            report.drawn.push(("dark".to_owned(), drawn));
        }
        if visit.accessibility {
            let found = accessibility(page, dark, Some(&COLOUR_RULES)).await?;
            report.accessibility.extend(found);
            report.accessibility_checked = true;
        }

        // What the page asked for, and what came of it, once it has gone quiet.
        let (mut sent, mut answered, mut finished, mut failed) = (vec![], vec![], vec![], vec![]);
        let mut quiet = 0;
        let deadline = Instant::now() + Duration::from_secs(5);
        while quiet < 2 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(40)).await;
            let before = sent.len() + answered.len() + finished.len() + failed.len();
            sent.extend(drain(&mut sending));
            answered.extend(drain(&mut answering));
            finished.extend(drain(&mut finishing));
            failed.extend(drain(&mut failing));
            let after = sent.len() + answered.len() + finished.len() + failed.len();
            let settled = after == before && finished.len() + failed.len() >= sent.len();
            quiet = if settled { quiet + 1 } else { 0 };
        }
        // A hop of a redirect, sent under the id of the request it continues,
        // replaces it as the one answered.
        let mut latest = HashMap::new();
        let requests = &mut report.requests;
        for event in &sent {
            latest.insert(event.request_id.inner().clone(), requests.len());
            let (url, mut request) = (&event.request.url, Request::default());
            (request.url, request.host) = (url.clone(), Some(host_of(url)));
            requests.push(request);
        }
        let mut of = |id: &RequestId, requests: &mut Vec<Request>| {
            *latest.entry(id.inner().clone()).or_insert_with(|| {
                requests.push(Request::default());
                requests.len() - 1
            })
        };
        for event in &answered {
            let i = of(&event.request_id, requests);
            requests[i].status = Some(event.response.status);
        }
        for event in &finished {
            let i = of(&event.request_id, requests);
            *requests[i].bytes.get_or_insert(0) += event.encoded_data_length as u64;
        }
        for event in &failed {
            let i = of(&event.request_id, requests);
            requests[i].failure = Some(event.error_text.clone());
        }
        if let Some(query) = visit.search {
            report.search_results = Some(search_results(page, query).await?);
        }
        // Collected last, so that what the search logs counts too.
        for event in drain(&mut console) {
            let text = event.args.iter().map(|arg| match &arg.value {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => arg.description.clone().unwrap_or_default(),
            });
            let (kind, text) = (event.r#type.as_ref(), text.collect::<Vec<_>>().join(" "));
            report.console.push((kind.to_owned(), text));
        }
        for event in drain(&mut exceptions) {
            let details = &event.exception_details;
            let exception = details.exception.as_ref();
            let description = exception.and_then(|e| e.description.as_ref());
            let text = description.unwrap_or(&details.text).clone();
            report.exceptions.push(text);
        }
        for event in drain(&mut log) {
            let level = event.entry.level.as_ref().to_owned();
            report.log.push((level, event.entry.text.clone()));
        }
        Ok(report)
    }

    /// Presses the `block`-th Run button and waits for the answer.
    async fn press_run(&self, tab: &Tab, block: usize) -> Result<RunReport, String> {
        let page = &tab.page;
        let pre = format!("document.querySelectorAll('pre.playground')[{block}]");
        // The code the button will send is compiled first (the request then
        // finds it cached): book.js gives the playground 6 seconds to answer.
        let code = format!(
            "(() => {{ const pre = {pre}; if (!pre) return null;\
               return typeof playground_text === 'function'\
                 ? playground_text(pre) : pre.querySelector('code').textContent; }})()"
        );
        let Some(code) = eval::<Option<String>>(page, &code).await? else {
            let n = block + 1;
            return Err(format!(
                "the page has no block {n} with a Run button to press"
            ));
        };
        let answers = Arc::clone(&self.answers);
        let _ = tokio::task::spawn_blocking(move || answers.prepare(&code)).await;
        let click = format!("{pre}.querySelector('.play-button').click(), true");
        eval::<bool>(page, &click).await?;
        let result = format!("{pre}.querySelector('code.result')");
        let answered = format!("!!{result} && {result}.innerText !== 'Running...'");
        // No answer in time is reported by the check, with what is shown.
        let _ = wait_for(page, &answered, WAIT).await;
        let shown = eval(page, &format!("{result} ? {result}.innerText : null")).await?;
        let sent = lock(&tab.evaluated).last().cloned();
        Ok(RunReport { sent, shown })
    }
}

struct Tab {
    page: Page,
    evaluated: Arc<Mutex<Vec<Evaluate>>>,
}

fn posted(request: &network::Request) -> Evaluate {
    let entries = request.post_data_entries.iter().flatten();
    let bytes = entries.filter_map(|e| playground::decode_base64(e.bytes.as_ref()?.as_ref()));
    serde_json::from_slice(&bytes.flatten().collect::<Vec<u8>>()).unwrap_or_default()
}

async fn listen<T: IntoEventKind + Unpin>(page: &Page) -> Result<EventStream<T>, String> {
    let listening = page.event_listener::<T>().await;
    listening.map_err(|e| format!("cannot listen to the page: {e}"))
}

fn drain<T: IntoEventKind + Unpin>(stream: &mut EventStream<T>) -> Vec<Arc<T>> {
    std::iter::from_fn(|| stream.next().now_or_never().flatten()).collect()
}

/// `127.0.0.1:3000` of `http://127.0.0.1:3000/a.html`; empty for `data:`.
fn host_of(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or("");
    rest.split('/').next().unwrap_or("").to_owned()
}

/// Loads axe-core into the page (from the test: it is not the site's).
async fn inject_axe(page: &Page, script: &str) -> Result<(), String> {
    let params = EvaluateParams::builder().expression(script);
    let params = params.return_by_value(false).await_promise(false).build()?;
    let loaded = page.evaluate_expression(params).await;
    let failed = |e| format!("axe-core did not load: {e}");
    loaded.map(drop).map_err(failed)
}

/// The rules whose outcome depends on the theme: mdBook's themes change
/// colours only, so the other rules would find the same in any theme.
const COLOUR_RULES: [&str; 2] = ["color-contrast", "link-in-text-block"];

/// What axe-core finds on the page in `theme`, by every rule or `rules`.
async fn accessibility(
    page: &Page,
    theme: &str,
    rules: Option<&[&str]>,
) -> Result<Vec<Violation>, String> {
    // mdBook fades colours in when the theme changes; a contrast measured
    // halfway would be wrong, so the fades are ended at once.
    let settle = "document.getAnimations()\
                  .filter(a => a instanceof CSSTransition).forEach(a => a.finish()), true";
    eval::<bool>(page, settle).await?;
    let only = |rules| format!(", runOnly: {{ type: 'rule', values: {rules:?} }}");
    let only = rules.map_or(String::new(), only);
    let run = format!(
        "axe.run(document, {{ resultTypes: ['violations']{only} }}).then(r => r.violations\
           .map(v => ({{ rule: v.id, help: v.help, nodes: v.nodes.map(n => {{\
             const where = n.target.flat().join(' ');\
             const data = n.any.concat(n.all).map(c => c.data).find(d => d && d.contrastRatio);\
             if (!data) return [n.impact || '', where];\
             const colours = data.fgColor\
               ? `${{data.fgColor}} on ${{data.bgColor}}`\
               : `${{data.nodeColor}} in ${{data.parentColor}} text`;\
             const needs = data.expectedContrastRatio || data.requiredContrastRatio;\
             return [n.impact || '',\
               `${{where}} (${{colours}}: ${{data.contrastRatio}}:1, needs ${{needs}})`];\
           }}) }})))"
    );
    let mut found: Vec<Violation> = eval(page, &run).await?;
    for violation in &mut found {
        theme.clone_into(&mut violation.theme);
    }
    Ok(found)
}

/// Types `query` into the page's search box: the links of the results.
async fn search_results(page: &Page, query: &str) -> Result<Vec<String>, String> {
    let type_query = format!(
        "document.getElementById('mdbook-search-toggle').click();\
         const bar = document.getElementById('mdbook-searchbar');\
         bar.value = {query:?};\
         bar.dispatchEvent(new KeyboardEvent('keyup'));\
         true"
    );
    eval::<bool>(page, &type_query).await?;
    let results = "Array.from(document.querySelectorAll('#mdbook-searchresults a'))";
    // No result in time is reported by the check, with what was found.
    let _ = wait_for(page, &format!("{results}.length > 0"), WAIT).await;
    eval(page, &format!("{results}.map(a => a.getAttribute('href'))")).await
}

/// Opens `url` and waits for its `load` event, watching the page itself:
/// chromiumoxide's navigation tracking now and then misses the end of a
/// quick load and waits for its request timeout.
async fn load(page: &Page, url: &str) -> Result<(), String> {
    // The old document goes away during the call, so its answer is moot.
    let assign = format!("window.location.assign({url:?})");
    let _ = page.evaluate(assign).await;
    let loaded = format!("document.readyState === 'complete' && location.href === {url:?}");
    // The print page draws every diagram before its load event: 3-8 s on an
    // idle 2-core machine, 20-30 s on a busy one; later than this, it is stuck.
    let limit = PAGE_LIMIT - Duration::from_secs(10);
    let waited = wait_for(page, &loaded, limit).await;
    waited.map_err(|_| format!("{url} did not finish loading within {} s", limit.as_secs()))
}

/// Waits until the script `condition` is true in `page`; `Err` after
/// `limit`. A script that fails (as the document is replaced) says not yet.
async fn wait_for(page: &Page, condition: &str, limit: Duration) -> Result<(), ()> {
    let deadline = Instant::now() + limit;
    while !matches!(eval::<bool>(page, condition).await, Ok(true)) {
        if Instant::now() > deadline {
            return Err(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Ok(())
}

/// Each diagram, once each is drawn in the mermaid `theme` (which
/// mermaid-init.js marks on it) or has failed, or the wait is over.
async fn drawn(page: &Page, theme: &str) -> Result<Vec<Diagram>, String> {
    let all = "Array.from(document.querySelectorAll('pre.mermaid'))";
    let done =
        format!("{all}.every(d => d.dataset.mermaidTheme === '{theme}' || d.dataset.mermaidError)");
    let _ = wait_for(page, &done, WAIT).await;
    let state = format!(
        "{all}.map(d => {{ const svg = d.querySelector('svg'); return {{ drawn: !!svg,\
           error_picture: !!svg && svg.getAttribute('aria-roledescription') === 'error',\
           error: d.dataset.mermaidError || null, theme: d.dataset.mermaidTheme || null }}; }})"
    );
    eval(page, &state).await
}

async fn eval<T: serde::de::DeserializeOwned>(page: &Page, js: &str) -> Result<T, String> {
    let value = page.evaluate(js).await;
    let value = value.map_err(|e| format!("script failed: {e}\n  {js}"))?;
    let value = value.into_value();
    value.map_err(|e| format!("script gave an unexpected value: {e}\n  {js}"))
}
