//! The HTTP side of `tifa serve` (axum + tower-http): the output folder,
//! the live-reload script and its event stream. It answers from the
//! start, while the first build is still writing the site: a request
//! waits for its file ([`super::first_build`]).
//!
//! Only files inside the output folder are served: paths with `..`, `.`,
//! backslashes, NUL or an encoded form of those are refused, and a file
//! reached through a symbolic link that leads outside is not served. There
//! are no directory listings, and text responses say their charset.
//!
//! serve is a preview on the author's machine, so it also guards against
//! the web: it answers only requests for the names it serves under
//! ([`Hosts`]: a page on another site that points its own name at
//! 127.0.0.1 — DNS rebinding — cannot read the preview), tells browsers not
//! to guess a file's type (`X-Content-Type-Options: nosniff`), never serves
//! tifa's own files (`.tifa-output`), and holds a bounded number of
//! connections, each with a deadline for its request head
//! ([`super::connections`]).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

use super::Shared;
use super::connections::{Connections, HEADER_TIMEOUT, MAX_CONNECTIONS, Slot};
use crate::fs::IoContext;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// Parses `interface:port` into an address.
pub fn address(interface: &str, port: u16) -> Result<SocketAddr, crate::Error> {
    let host = super::url_host(interface);
    format!("{host}:{port}").parse().map_err(|_| {
        crate::Error::usage(crate::t!(
            "`{interface}` 不是可以监听的 IP 地址",
            "`{interface}` is not an IP address to listen on"
        ))
    })
}

/// The application: event stream, live script, and the output folder.
pub fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__tifa/events", get(events))
        .route(
            "/__tifa/live.js",
            get(|| async { text(LIVE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/__tifa/live.css",
            get(|| async { text(LIVE_CSS, "text/css; charset=utf-8") }),
        )
        .fallback(files)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(middleware::from_fn_with_state(shared.clone(), known_host))
        .with_state(shared)
        .layer(middleware::map_response(add_charset))
        .layer(middleware::map_response(no_sniffing))
        .layer(middleware::from_fn(never_cached))
}

/// Takes the address, before anything is built: a port in use (another
/// `tifa serve`) is reported at once.
pub fn bind(address: SocketAddr) -> Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(address).io_context(|| {
        crate::t!(
            "无法在 {address} 上监听（是不是已经有一个 tifa serve 在运行？可以换个 --port 试试）",
            "cannot listen on {address} (is another tifa serve running? try --port)"
        )
    })?;
    listener.set_nonblocking(true).io_context(|| {
        crate::t!(
            "无法设置监听用的套接字",
            "cannot set up the listening socket"
        )
    })?;
    Ok(listener)
}

/// The files of the output folder (whichever it is now). While the first
/// build runs, a file it has not written yet is waited for (see
/// [`super::first_build`]).
async fn files(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if shared.first_build.is_running() {
        let candidates = super::first_build::candidates(request.uri().path());
        shared.first_build.until_written(&candidates).await;
    }
    let out = shared.output();
    let service = ServeDir::new(&out)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out.join("404.html")));
    match service.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// Serves until Ctrl+C (or SIGTERM).
pub async fn run(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)
        .io_context(|| crate::t!("无法监听连接", "cannot listen for connections"))?;
    // Not a graceful shutdown: open pages hold their event streams open
    // for ever, and would keep serve from stopping.
    tokio::select! {
        () = accept(listener, app(shared), Connections::new(MAX_CONNECTIONS)) => Ok(()),
        () = stopped() => Ok(()),
    }
}

/// Accepts connections for ever, each served on a task of its own within
/// the limits of [`super::connections`].
pub async fn accept(listener: tokio::net::TcpListener, app: Router, connections: Arc<Connections>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of open files or a connection reset before it was
                // accepted: wait a moment rather than spin.
                if !is_connection_error(&error) {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let Some(slot) = connections.open() else {
            // Every slot is busy with a real request: turned away (the
            // stream is closed here) rather than left waiting.
            continue;
        };
        tokio::spawn(connection(stream, app.clone(), slot));
    }
}

fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// One connection: HTTP/1.1 with a deadline for each request head, closed
/// early if its slot is needed while it has not sent one.
async fn connection(stream: tokio::net::TcpStream, app: Router, slot: Slot) {
    let slot = Arc::new(slot);
    let evicted = slot.evicted.clone();
    let marks = slot.clone();
    let service = app.map_request(move |request: Request<hyper::body::Incoming>| {
        marks.started_request();
        request.map(Body::new)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let served = builder.serve_connection(
        hyper_util::rt::TokioIo::new(stream),
        hyper_util::service::TowerToHyperService::new(service),
    );
    tokio::select! {
        // A failed connection (a client that went away, a head too slow)
        // concerns no one but that client.
        _ = served => {}
        () = evicted.notified() => {}
    }
    drop(slot);
}

/// Resolves on Ctrl+C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = interrupt => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

fn text(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The Server-Sent Events stream: the current error first, if any, then
/// every notice as it happens.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared
        .error
        .lock()
        .map(|e| e.clone())
        .unwrap_or_default()
        .map(super::error_notice);
    let later = BroadcastStream::new(shared.notices.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::iter(current).chain(later).map(|notice| {
        Ok(Event::default().data(serde_json::to_string(&notice).unwrap_or_default()))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Refuses requests that would leave the output folder, name tifa's own
/// files, or could not name a file at all.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let out = shared.output();
    let path = request.uri().path();
    if !is_safe_request_path(path)
        || !names_a_servable_file(path)
        || escapes_through_link(&out, path)
    {
        return not_found();
    }
    next.run(request).await
}

/// The longest file name most file systems allow, in bytes; a longer
/// segment names nothing (the file system would answer "name too long",
/// which is not the server's fault).
const MAX_NAME_BYTES: usize = 255;

/// Whether a (safe) path could name a file serve may show: no segment is
/// longer than a file name can be, and none is one of tifa's own files
/// (the manifest `.tifa-output`, a staging folder or journal), which list
/// the site's files and are not part of it.
pub fn names_a_servable_file(raw: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    decoded
        .split('/')
        .all(|segment| segment.len() <= MAX_NAME_BYTES && !is_tifa_file(segment))
}

/// tifa's own files in an output folder: `.tifa-output`, `.tifa-staging`,
/// and anything else it names `.tifa-…`.
pub fn is_tifa_file(name: &str) -> bool {
    name.starts_with(".tifa-")
}

/// Answers only requests for a name serve is reached under.
async fn known_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        });
    if shared.hosts.allows(host.as_deref()) {
        return next.run(request).await;
    }
    let message = crate::t!(
        "403 禁止访问：tifa serve 只应答发给 {} 的请求，不应答发给 `{}` 的请求：可能是别的网站的页面在试图读取这个预览。\
         如要用别的名称预览，请用 --interface 0.0.0.0 启动 serve。",
        "403 Forbidden: tifa serve answers requests for {} only, not for `{}`: a page of another site may be trying to read this preview. \
         To preview under another name, start serve with --interface 0.0.0.0.",
        shared.hosts.describe(),
        host.as_deref().unwrap_or("")
    )
    .to_string();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The host names serve answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// Any name: serve listens on every interface (`--interface 0.0.0.0`
    /// or `::`), so the machine may be reached by names serve cannot know.
    Any,
    /// These names only (lowercase, no port).
    Only(Vec<String>),
}

impl Default for Hosts {
    /// The names of this machine's loopback interface.
    fn default() -> Hosts {
        Hosts::for_interface(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
    }
}

impl Hosts {
    /// The names an interface is reached by: its address, and `localhost`
    /// for a loopback address (browsers resolve it to this machine only,
    /// so it cannot be rebound).
    pub fn for_interface(ip: std::net::IpAddr) -> Hosts {
        if ip.is_unspecified() {
            return Hosts::Any;
        }
        let mut names = vec![super::url_host(&ip.to_string())];
        if ip.is_loopback() {
            names.push("localhost".to_string());
        }
        Hosts::Only(names)
    }

    /// Whether a `Host` header value (with or without port) is answered.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match self {
            Hosts::Any => true,
            Hosts::Only(names) => {
                host.is_some_and(|host| names.iter().any(|name| *name == host_name(host)))
            }
        }
    }

    fn describe(&self) -> crate::i18n::Text {
        match self {
            Hosts::Any => crate::t!("任何名称", "any name"),
            Hosts::Only(names) => crate::i18n::Text {
                zh: names.join("、"),
                en: names.join(", "),
            },
        }
    }
}

/// The name of a `Host` value: lowercase, without the port and a final dot.
fn host_name(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, _)) => format!("[{inside}]"),
            None => host.clone(),
        },
        None => host.split(':').next().unwrap_or_default().to_string(),
    };
    name.trim_end_matches('.').to_string()
}

/// Browsers must take a file for what its Content-Type says (an unknown
/// file is `application/octet-stream`, downloaded, never run), not guess
/// from its bytes that it is HTML or script.
async fn no_sniffing(mut response: Response<Body>) -> Response<Body> {
    response.headers_mut().insert(
        header::HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "404 Not Found",
    )
        .into_response()
}

/// A request path is safe when, percent-decoded, no segment is `..` or `.`
/// and it has no backslash, NUL, drive letter or doubled leading slash.
pub fn is_safe_request_path(raw: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return false;
    };
    // Decoding twice catches %252e%252e, which some proxies decode once.
    let twice = percent_encoding::percent_decode_str(&decoded)
        .decode_utf8_lossy()
        .into_owned();
    [decoded.as_ref(), twice.as_str()].iter().all(|path| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.contains('\\')
            && !path.contains('\0')
            && !path.contains(':')
            && path
                .split('/')
                .all(|segment| segment != ".." && segment != ".")
    })
}

/// Whether the file a path names is a link that resolves outside `out`.
fn escapes_through_link(out: &Path, raw: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    let target = out.join(decoded.trim_start_matches('/'));
    let Ok(resolved) = target.canonicalize() else {
        return false;
    };
    let root = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    !resolved.starts_with(root)
}

/// Every response is fresh. File times have one-second resolution, so an
/// edit saved in the same second as the previous build would otherwise be
/// answered `304 Not Modified` to the reload it triggers, and the browser
/// would keep showing the old page.
async fn never_cached(mut request: Request, next: Next) -> Response {
    let headers = request.headers_mut();
    for conditional in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
    ] {
        headers.remove(conditional);
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.remove(header::LAST_MODIFIED);
    headers.remove(header::ETAG);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Text responses get `charset=utf-8`: the site is Chinese and a browser
/// guessing GBK would show mojibake.
async fn add_charset(mut response: Response<Body>) -> Response<Body> {
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(value) = content_type {
        let textual = value.starts_with("text/")
            || value.starts_with("application/javascript")
            || value.starts_with("application/json")
            || value.starts_with("application/xml")
            || value.starts_with("image/svg+xml");
        if textual
            && !value.contains("charset")
            && let Ok(header) = HeaderValue::from_str(&format!("{value}; charset=utf-8"))
        {
            response.headers_mut().insert(header::CONTENT_TYPE, header);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_compared_without_port_case_or_final_dot() {
        let loopback = Hosts::default();
        for good in ["127.0.0.1:1111", "127.0.0.1", "LOCALHOST:8", "localhost."] {
            assert!(loopback.allows(Some(good)), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "",
            "[::1]:1111",
        ] {
            assert!(!loopback.allows(Some(bad)), "{bad}");
        }
        assert!(!loopback.allows(None));
        let v6 = Hosts::for_interface("::1".parse().unwrap());
        assert!(v6.allows(Some("[::1]:1111")));
        assert!(v6.allows(Some("localhost")));
        let lan = Hosts::for_interface("192.168.1.5".parse().unwrap());
        assert!(lan.allows(Some("192.168.1.5:1111")));
        assert!(!lan.allows(Some("localhost:1111")));
        assert_eq!(Hosts::for_interface("0.0.0.0".parse().unwrap()), Hosts::Any);
        assert!(Hosts::Any.allows(Some("oa.example")));
    }

    #[test]
    fn long_names_and_tifa_files_are_not_served() {
        assert!(names_a_servable_file(&format!("/{}/", "a".repeat(255))));
        assert!(!names_a_servable_file(&format!("/{}/", "a".repeat(256))));
        assert!(!names_a_servable_file(&format!(
            "/{}",
            "%E5%9B%9B".repeat(86)
        )));
        assert!(!names_a_servable_file("/.tifa-output"));
        assert!(!names_a_servable_file("/%2Etifa-output"));
        assert!(!names_a_servable_file("/a/.tifa-staging/x"));
        assert!(names_a_servable_file("/.well-known/security.txt"));
    }

    #[test]
    fn traversal_attempts_are_unsafe() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/%252e%252e/etc",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "//etc/passwd",
            "/./a",
            "/C:/windows",
            "/a%00b",
        ] {
            assert!(!is_safe_request_path(bad), "{bad}");
        }
        for good in [
            "/",
            "/formulations/si-ge-yi-shi/",
            "/search/1/3.bin",
            "/%E5%9B%9B.html",
            "/a..b/",
        ] {
            assert!(is_safe_request_path(good), "{good}");
        }
    }
}
