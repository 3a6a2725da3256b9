//! A static file server for the built site, on a port of 127.0.0.1 that the
//! system picks, serving until the test binary exits. Like the hosts a book
//! is published on (GitHub Pages among them), it sends text gzip-compressed
//! to a browser that accepts it, so the bytes the browser checks measure are
//! the bytes a reader downloads. It answers GET requests for files inside
//! the site and nothing else, one request per connection, each connection
//! on a thread of its own: all a test needs.
//!
//! Any local process can reach the server while the tests run, so the path
//! of a request is decoded and confined to the site: `..`, a backslash, a
//! NUL byte, or a file whose real path lies outside the site (through a
//! symbolic link) is answered 404.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Server {
    /// `127.0.0.1:<port>`.
    pub address: String,
}

impl Server {
    pub fn start(site: &Path) -> Result<Server, String> {
        let root = site
            .canonicalize()
            .map_err(|e| format!("cannot serve {}: {e}", site.display()))?;
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|e| format!("cannot serve the book on 127.0.0.1: {e}"))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("the server has no address: {e}"))?
            .to_string();
        // Each file is compressed once: every page asks for the same scripts.
        let compressed = Arc::new(Mutex::new(HashMap::new()));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let compressed = Arc::clone(&compressed);
                thread::spawn(move || {
                    // A browser that hangs up early is no concern of ours.
                    let _ = respond(&root, &compressed, stream);
                });
            }
        });
        Ok(Server { address })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.address)
    }
}

/// Reads one request from `stream` and answers it with the file it names,
/// or 404.
fn respond(root: &Path, compressed: &Compressed, stream: TcpStream) -> io::Result<()> {
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
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("");
    let file = (method == "GET").then(|| resolve(root, target)).flatten();
    let (status, kind, mut body) = match file.as_ref().map(|f| (fs::read(f), f)) {
        Some((Ok(bytes), file)) => ("200 OK", content_type(file), Arc::new(bytes)),
        _ => (
            "404 Not Found",
            "text/plain",
            Arc::new(b"not found".to_vec()),
        ),
    };
    let text = kind.starts_with("text/") || kind.contains("json") || kind.contains("svg");
    let mut extra = String::new();
    if let (true, true, Some(file)) = (gzip, text, &file) {
        let mut cache = compressed.lock().unwrap_or_else(|e| e.into_inner());
        body = Arc::clone(
            cache
                .entry(file.clone())
                .or_insert_with(|| Arc::new(gzipped(&body))),
        );
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

/// Compressed bodies, by file.
type Compressed = Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>;

/// The file inside `root` (a canonical path) that the request target names,
/// or `None` if it names none or tries to leave the site.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let decoded = percent_decode(path)?;
    let mut file = root.to_owned();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    // A symbolic link inside the site may still point outside it.
    let real = file.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

/// `%xx` escapes decoded; `None` for a malformed escape or bytes that are
/// not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    io::Write::write_all(&mut encoder, bytes).expect("writing to memory does not fail");
    encoder.finish().expect("writing to memory does not fail")
}

/// Sends `GET <target>` to the server at `address` and returns the status
/// code of the answer: for the test that proves the server stays inside the
/// site.
pub fn get_status(address: &str, target: &str) -> io::Result<u16> {
    let mut stream = TcpStream::connect(address)?;
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n")?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line)?;
    status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::other(format!("no status in {status_line:?}")))
}

/// The harness's own check of the server: it answers for files inside the
/// site only.
pub fn harness_checks(scratch: &Path) -> Vec<super::trial::Check> {
    let dir = scratch.join("harness-server");
    let name = "harness: the server serves files inside the site and nothing else";
    vec![super::trial::Check::new(name, move || {
        let site = dir.join("site");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(site.join("sub")).map_err(|e| e.to_string())?;
        fs::write(site.join("page.html"), "a page").map_err(|e| e.to_string())?;
        fs::write(site.join("sub/index.html"), "a folder's page").map_err(|e| e.to_string())?;
        fs::write(dir.join("secret.txt"), "outside the site").map_err(|e| e.to_string())?;
        std::os::unix::fs::symlink(dir.join("secret.txt"), site.join("link.txt"))
            .map_err(|e| e.to_string())?;
        let server = Server::start(&site)?;
        let cases = [
            ("/page.html", 200),
            ("/page.html?search=x#top", 200),
            ("/sub/", 200),
            ("/%70age.html", 200),
            ("/../secret.txt", 404),
            ("/sub/../../secret.txt", 404),
            ("/%2e%2e/secret.txt", 404),
            ("/..%2fsecret.txt", 404),
            ("/..%5csecret.txt", 404),
            ("//etc/passwd", 404),
            ("/link.txt", 404),
            ("/page.html%00", 404),
            ("/%zz", 404),
            ("page.html", 404),
        ];
        let mut wrong = Vec::new();
        for (target, want) in cases {
            let got = get_status(&server.address, target).map_err(|e| e.to_string())?;
            if got != want {
                wrong.push(format!("GET {target}: {got}, not {want}"));
            }
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(wrong.join("\n"))
        }
    })]
}
