//! A static file server for the built site, on 127.0.0.1, which like the
//! hosts a book is published on sends text gzip-compressed, so the bytes the
//! browser checks measure are a reader's. Any local process can reach it, so
//! a request's path is confined to the site: `..`, a backslash, a NUL byte,
//! or a file whose real path lies outside the site is 404.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use super::{lock, none};

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
            .map_err(|e| format!("the server has no address: {e}"))?;
        // Each file is compressed once: every page asks for the same scripts.
        let compressed: Arc<Compressed> = Arc::default();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, compressed) = (root.clone(), Arc::clone(&compressed));
                // A browser that hangs up early is no concern of ours.
                thread::spawn(move || respond(&root, &compressed, stream));
            }
        });
        Ok(Server {
            address: address.to_string(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.address)
    }
}

/// Compressed bodies, by file.
type Compressed = Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>;

/// Reads one request from `stream` and answers it with the file it names,
/// or 404.
fn respond(root: &Path, compressed: &Compressed, mut stream: TcpStream) -> io::Result<()> {
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
        gzip |= header.starts_with("accept-encoding:") && header.contains("gzip");
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
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
    let mut extra = "";
    if let (true, true, Some(file)) = (gzip, text, &file) {
        let mut cache = lock(compressed);
        let zipped = cache
            .entry(file.clone())
            .or_insert_with(|| Arc::new(gzipped(&body)));
        body = Arc::clone(zipped);
        extra = "Content-Encoding: gzip\r\n";
    }
    let length = body.len();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {length}\r\n\
         {extra}Connection: close\r\n\r\n"
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// The file inside `root` (a canonical path) that the request target names,
/// or `None` if it names none or tries to leave the site.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.strip_prefix('/')?;
    let mut file = root.to_owned();
    for segment in percent_decode(path)?.split('/') {
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
    let (bytes, mut out, mut i) = (text.as_bytes(), Vec::new(), 0);
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

/// The harness's own check of the server: it answers for files inside the
/// site only.
pub fn harness_checks(scratch: &Path) -> Vec<super::trial::Check> {
    let dir = scratch.join("harness-server");
    let name = "harness: the server serves files inside the site and nothing else";
    vec![super::trial::Check::new(name, move || {
        let site = dir.join("site");
        let _ = fs::remove_dir_all(&dir);
        let written = fs::create_dir_all(site.join("sub"))
            .and_then(|()| fs::write(site.join("page.html"), "a page"))
            .and_then(|()| fs::write(site.join("sub/index.html"), "a folder's page"))
            .and_then(|()| fs::write(dir.join("secret.txt"), "outside the site"))
            .and_then(|()| {
                std::os::unix::fs::symlink(dir.join("secret.txt"), site.join("link.txt"))
            });
        written.map_err(|e| e.to_string())?;
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
            // Sends `GET <target>` and reads the status of the answer.
            let mut stream = TcpStream::connect(&server.address).map_err(|e| e.to_string())?;
            let sent = write!(
                stream,
                "GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.address
            );
            let mut status = String::new();
            let read = sent.and_then(|()| BufReader::new(stream).read_line(&mut status));
            read.map_err(|e| e.to_string())?;
            let got = status
                .split_whitespace()
                .nth(1)
                .and_then(|code| code.parse::<u16>().ok());
            if got != Some(want) {
                let got = got.map_or(format!("no status in {status:?}"), |g| g.to_string());
                wrong.push(format!("GET {target}: {got}, not {want}"));
            }
        }
        none(&wrong)
    })]
}
