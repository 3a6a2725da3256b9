//! The book as a reader meets it: every page opened in headless Chromium.
//!
//! The site is served on 127.0.0.1 and each page is loaded in a real browser
//! (driven over the DevTools protocol with chromiumoxide, which, unlike a
//! WebDriver client, sees every network request with its size, every console
//! message and every uncaught exception). For each page the checks are: no
//! console error, no failed request, no request to any host but the local
//! server (and the Rust playground, whose answer the test supplies), every
//! mermaid diagram drawn as an SVG that is not mermaid's error picture, in the
//! light theme and again after switching to a dark one. Bytes transferred and
//! load time are measured per page.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::fetch::{
    EnableParams, EventRequestPaused, FulfillRequestParams, HeaderEntry, RequestPattern,
};
use chromiumoxide::cdp::browser_protocol::log::{EventEntryAdded, LogEntryLevel};
use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent, EventResponseReceived,
};
use chromiumoxide::cdp::js_protocol::runtime::{
    ConsoleApiCalledType, EventConsoleApiCalled, EventExceptionThrown,
};
use chromiumoxide::page::Page;
use futures::{FutureExt as _, StreamExt};
use tokio::runtime::Runtime;

/// The one foreign host a page may talk to: mdBook's Run buttons ask the
/// Rust playground which crates it has. The test answers for it.
pub const PLAYGROUND: &str = "play.rust-lang.org";

/// What the playground says it has, as far as this book is concerned.
const PLAYGROUND_CRATES: &str = r#"{"crates":[{"id":"tokio"},{"id":"futures"},{"id":"anyhow"}]}"#;

/// The Chromium to use: `BOOK_CHROMIUM`, or Debian's `/usr/bin/chromium`.
pub fn executable() -> PathBuf {
    std::env::var_os("BOOK_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Why the browser checks cannot run here, if they cannot.
pub static MISSING: LazyLock<Option<String>> = LazyLock::new(|| {
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
}

/// A browser, started once and shared by every page check. Page loads take
/// turns: each load time is then measured alone, and the theme a check
/// switches to (kept by mdBook in localStorage, which all tabs share)
/// cannot leak into a page another check is loading.
pub struct Session {
    runtime: Runtime,
    browser: Mutex<Option<Browser>>,
    server: Server,
    profile: PathBuf,
}

impl Session {
    /// Serves `site` on 127.0.0.1 and starts Chromium.
    pub fn start(site: &Path, scratch: &Path) -> Result<Session, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start a tokio runtime: {e}"))?;
        let server = Server::start(site)?;
        let profile = scratch.join("chromium-profile");
        let _ = fs::remove_dir_all(&profile);
        fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let config = BrowserConfig::builder()
            .chrome_executable(executable())
            .no_sandbox()
            .user_data_dir(&profile)
            .window_size(1280, 900)
            .request_timeout(Duration::from_secs(60))
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
        Ok(Session {
            runtime,
            browser: Mutex::new(Some(browser)),
            server,
            profile,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.server.address)
    }

    /// Loads one page and checks it in the light theme and in a dark one.
    pub fn check_page(&self, path: &str) -> PageReport {
        let guard = self.browser.lock().unwrap_or_else(|e| e.into_inner());
        let Some(browser) = guard.as_ref() else {
            return failed(path, "the browser has been shut down");
        };
        let url = self.url(path);
        let host = self.server.address.clone();
        self.runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(60), visit(browser, &url, &host)).await
            })
            .unwrap_or_else(|_| Err("the page did not settle within 60 s".to_owned()))
            .unwrap_or_else(|e| failed(path, &e))
            .named(path)
    }

    /// Runs `f` with a fresh page in the shared browser.
    pub fn with_page<T>(
        &self,
        f: impl AsyncFnOnce(&Page) -> Result<T, String>,
    ) -> Result<T, String> {
        let guard = self.browser.lock().unwrap_or_else(|e| e.into_inner());
        let browser = guard.as_ref().ok_or("the browser has been shut down")?;
        self.runtime.block_on(async {
            let page = new_page(browser).await?;
            let result = tokio::time::timeout(Duration::from_secs(60), f(&page))
                .await
                .unwrap_or_else(|_| Err("no answer within 60 s".to_owned()));
            let _ = page.close().await;
            result
        })
    }

    /// Closes Chromium and removes its profile.
    pub fn shut_down(&self) {
        let browser = self
            .browser
            .lock()
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

fn failed(page: &str, why: &str) -> PageReport {
    PageReport {
        page: page.to_owned(),
        problems: vec![why.to_owned()],
        ..PageReport::default()
    }
}

/// A new tab whose requests to the playground are answered by the test.
async fn new_page(browser: &Browser) -> Result<Page, String> {
    let page = browser
        .new_page("about:blank")
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
async fn visit(browser: &Browser, url: &str, host: &str) -> Result<PageReport, String> {
    let page = new_page(browser).await?;
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

    load(&page, url).await?;
    let load_time = "performance.getEntriesByType('navigation')[0].loadEventEnd";
    let mut report = PageReport {
        load_ms: eval::<f64>(&page, load_time).await?,
        diagrams: eval::<usize>(&page, "document.querySelectorAll('pre.mermaid').length").await?,
        ..PageReport::default()
    };

    // Diagrams, in the light theme the page opens in, then in a dark one.
    report
        .problems
        .extend(diagrams_drawn(&page, "default").await?);
    eval::<bool>(
        &page,
        "document.getElementById('mdbook-theme-navy').click(), true",
    )
    .await?;
    report.problems.extend(diagrams_drawn(&page, "dark").await?);
    // Back to light, so that the next page opens in it too.
    eval::<bool>(
        &page,
        "document.getElementById('mdbook-theme-light').click(), true",
    )
    .await?;
    settle().await;

    // What the page asked for, and what came of it.
    let mut urls = std::collections::HashMap::new();
    while let Some(Some(event)) = requests.next().now_or_never() {
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
    while let Some(Some(event)) = responses.next().now_or_never() {
        if event.response.status >= 400 {
            report.problems.push(format!(
                "HTTP {} for {}",
                event.response.status, event.response.url
            ));
        }
    }
    while let Some(Some(event)) = finished.next().now_or_never() {
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
    while let Some(Some(event)) = failures.next().now_or_never() {
        let what = urls
            .get(event.request_id.inner())
            .cloned()
            .unwrap_or_default();
        report
            .problems
            .push(format!("request failed ({}): {what}", event.error_text));
    }
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
    let _ = page.close().await;
    Ok(report)
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
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // While the old document is replaced, the script may fail: not yet.
        if let Ok(true) = eval::<bool>(page, &loaded).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{url} did not finish loading within 30 s"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
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
    let deadline = Instant::now() + Duration::from_secs(20);
    while !eval::<bool>(page, &done).await? {
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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

/// Lets late requests (a lazily loaded script, say) start and finish.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

async fn eval<T: serde::de::DeserializeOwned>(page: &Page, js: &str) -> Result<T, String> {
    page.evaluate(js)
        .await
        .map_err(|e| format!("script failed: {e}\n  {js}"))?
        .into_value::<T>()
        .map_err(|e| format!("script gave an unexpected value: {e}\n  {js}"))
}

/// A static file server for the built site, on a port of 127.0.0.1 that the
/// system picks, serving until the test binary exits. Like the hosts a book
/// is published on (GitHub Pages among them), it sends text gzip-compressed
/// to a browser that accepts it, so the bytes measured are the bytes a
/// reader downloads. It answers GET requests for files, one request per
/// connection, each connection on a thread of its own: all a test needs.
struct Server {
    address: String,
}

impl Server {
    fn start(root: &Path) -> Result<Server, String> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|e| format!("cannot serve the book on 127.0.0.1: {e}"))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("the server has no address: {e}"))?
            .to_string();
        let root = root.to_owned();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                thread::spawn(move || {
                    // A browser that hangs up early is no concern of ours.
                    let _ = respond(&root, stream);
                });
            }
        });
        Ok(Server { address })
    }
}

/// Reads one request from `stream` and answers it with the file it names,
/// or 404.
fn respond(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        let header = header.to_ascii_lowercase();
        if header.starts_with("accept-encoding:") && header.contains("gzip") {
            gzip = true;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, kind, mut body) = match fs::read(&file) {
        Ok(bytes) => ("200 OK", content_type(&file), bytes),
        Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let text = kind.starts_with("text/") || kind.contains("json") || kind.contains("svg");
    let mut extra = String::new();
    if gzip && text {
        body = gzipped(&body);
        extra.push_str("Content-Encoding: gzip\r\n");
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         {extra}Connection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, bytes).expect("writing to memory does not fail");
    encoder.finish().expect("writing to memory does not fail")
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

/// A summary of the measurements, for the end of the test run.
pub fn summary(reports: &[PageReport]) -> String {
    let mut out = String::new();
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
    out
}

/// The links of the search results for the query in `url`.
pub async fn search_results(page: &Page, url: &str) -> Result<Vec<String>, String> {
    load(page, url).await?;
    // The search index loads lazily; give it a moment to answer.
    let query = "Array.from(document.querySelectorAll('#mdbook-searchresults a'))\
                 .map(a => a.getAttribute('href'))";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = eval::<Vec<String>>(page, query).await?;
        if !found.is_empty() || Instant::now() > deadline {
            return Ok(found);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of every chapter title (`h1`) of the page at `url`.
pub async fn headings(page: &Page, url: &str) -> Result<Vec<String>, String> {
    load(page, url).await?;
    eval(
        page,
        "Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim())",
    )
    .await
}

/// How many Rust blocks the page at `url` has, and how many of them show a
/// Run button once the playground has answered.
pub async fn run_buttons(page: &Page, url: &str) -> Result<(usize, usize), String> {
    load(page, url).await?;
    let count = "[document.querySelectorAll('pre.playground').length,\
                  Array.from(document.querySelectorAll('pre.playground .play-button'))\
                  .filter(b => !b.hidden && !b.classList.contains('hidden')).length]";
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (blocks, buttons) = eval::<(usize, usize)>(page, count).await?;
        if (blocks > 0 && blocks == buttons) || Instant::now() > deadline {
            return Ok((blocks, buttons));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
