//! The HTTP side of `tifa serve` (axum + tower-http): the output folder,
//! the live-reload script and its event stream.
//!
//! Only files inside the output folder are served: paths with `..`, `.`,
//! backslashes, NUL or an encoded form of those are refused, and a file
//! reached through a symbolic link that leads outside is not served. There
//! are no directory listings, and text responses say their charset.

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
        .with_state(shared)
        .layer(middleware::map_response(add_charset))
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

/// The files of the output folder (whichever it is now).
async fn files(State(shared): State<Arc<Shared>>, request: Request) -> Response {
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
        served = axum::serve(listener, app(shared)) => {
            served.io_context(|| crate::t!("HTTP 服务器出错", "HTTP server failed"))
        }
        () = stopped() => Ok(()),
    }
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

/// Refuses requests that would leave the output folder.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let out = shared.output();
    if !is_safe_request_path(request.uri().path())
        || escapes_through_link(&out, request.uri().path())
    {
        return not_found();
    }
    next.run(request).await
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
