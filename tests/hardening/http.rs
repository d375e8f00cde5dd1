//! `tifa serve` as an HTTP server facing a hostile client or web page
//! (issue 17): each test starts the real binary and talks to it over real
//! sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{Site, TIFA};

/// Generous bounds so a slow machine never fails a test that works, while
/// a server that never answers fails it instead of hanging.
const WAIT: Duration = Duration::from_secs(60);

/// A running `tifa serve`, stopped when dropped.
struct Serving {
    child: Child,
    port: u16,
}

impl Drop for Serving {
    fn drop(&mut self) {
        crate::common::stop_serve(&mut self.child);
    }
}

/// Starts `tifa serve --port 0 <extra>` (through `sh` when `shell_prefix`
/// is given, e.g. to lower its open-file limit) and reads the port it
/// announces.
fn serve(site: &Site, extra: &[&str], shell_prefix: Option<&str>) -> Serving {
    let mut args: Vec<String> = vec!["serve".into(), "--port".into(), "0".into()];
    args.extend(extra.iter().map(|a| a.to_string()));
    args.push("--root".into());
    args.push(site.root().display().to_string());
    let mut command = match shell_prefix {
        Some(prefix) => {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!("{prefix} && exec \"$0\" \"$@\""))
                .arg(TIFA)
                .args(&args);
            sh
        }
        None => {
            let mut tifa = Command::new(TIFA);
            tifa.args(&args);
            tifa
        }
    };
    // In English, whatever the locale of the machine running the tests.
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    let mut child = command
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tifa serve");
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let mut printed = String::new();
    let port = loop {
        let line = receiver
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no serving line from tifa serve:\n{printed}"));
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("serving ") {
            let url = rest
                .split(" at ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .unwrap_or_else(|| panic!("no URL in {line}"));
            let port: u16 = url
                .trim_end_matches('/')
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("no port in {url}"));
            break port;
        }
    };
    Serving { child, port }
}

/// A request as written, with a bounded wait for the whole response.
/// Returns the status and the head (status line and headers, lowercase).
fn request(port: u16, head: &str) -> (u16, String, Vec<u8>) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, WAIT).expect("connect to serve");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("no whole response to {head:?}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (
        status,
        head,
        raw.get(split + 4..).unwrap_or_default().to_vec(),
    )
}

fn get(port: u16, host: &str, path: &str) -> (u16, String, Vec<u8>) {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn serve_port_zero_announces_the_real_port() {
    let site = Site::fixture("basic");
    let serving = serve(&site, &[], None);
    assert_ne!(serving.port, 0);
    let (status, head, body) = get(serving.port, "127.0.0.1", "/");
    assert_eq!(status, 200, "{head}");
    assert!(String::from_utf8_lossy(&body).contains("测试知识库"));
}

/// 1,100 connections that never finish their request head, against a
/// serve allowed 1,024 open files: it must still answer, and close a
/// connection that sends nothing once its header time is up.
#[test]
fn slow_connections_cannot_make_serve_unreachable() {
    let site = Site::fixture("basic");
    let serving = serve(&site, &[], Some("ulimit -n 1024"));
    let address = SocketAddr::from(([127, 0, 0, 1], serving.port));
    let mut slow = Vec::new();
    for _ in 0..1100 {
        let mut stream = TcpStream::connect_timeout(&address, WAIT).expect("slow connection");
        // A request head that never ends (slowloris).
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1");
        slow.push(stream);
    }
    let (status, head, _) = get(serving.port, "127.0.0.1", "/");
    assert_eq!(status, 200, "{head}");
    assert!(
        serving_still_runs(&serving),
        "serve stopped under slow connections"
    );
    drop(slow);

    // A connection that sends nothing is closed by the server.
    let mut silent = TcpStream::connect_timeout(&address, WAIT).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut buffer = [0u8; 64];
    match silent.read(&mut buffer) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("serve kept a silent connection open past {WAIT:?}: {e}"),
    }
}

fn serving_still_runs(serving: &Serving) -> bool {
    Command::new("kill")
        .args(["-0", &serving.child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success())
}

/// DNS rebinding: a page of another site that points its own name at
/// 127.0.0.1 sends its own name as `Host`. Only the names serve announced
/// are answered, unless `--interface` opens serve to every interface.
#[test]
fn serve_answers_only_the_host_names_it_announced() {
    let site = Site::fixture("basic");
    let serving = serve(&site, &[], None);
    let port = serving.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
    ] {
        let (status, head, _) = get(port, &host, "/");
        assert_eq!(status, 200, "{host}: {head}");
    }
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1.evil.example".to_string(),
        "attacker".to_string(),
    ] {
        for path in ["/", "/__tifa/events", "/__tifa/live.js"] {
            let (status, head, body) = get(port, &host, path);
            assert_eq!(status, 403, "{host}{path}: {head}");
            let body = String::from_utf8_lossy(&body);
            assert!(body.contains("--interface 0.0.0.0"), "{body}");
            assert!(!body.contains("测试知识库"), "{body}");
        }
    }
    let (status, _, _) = request(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "a request with no Host is refused");

    let open = serve(&site, &["--interface", "0.0.0.0"], None);
    let (status, head, _) = get(open.port, &format!("oa.example:{}", open.port), "/");
    assert_eq!(status, 200, "{head}");
}

#[test]
fn a_path_segment_over_255_bytes_is_404_not_500() {
    let site = Site::fixture("basic");
    let serving = serve(&site, &[], None);
    for path in [
        format!("/{}", "a".repeat(256)),
        format!("/guide/{}/", "%E5%9B%9B".repeat(86)),
        format!("/{}/x.html", "b".repeat(4000)),
    ] {
        let (status, head, _) = get(serving.port, "127.0.0.1", &path);
        assert_eq!(status, 404, "{}: {head}", &path[..40]);
    }
}

#[test]
fn the_tifa_output_manifest_is_not_served() {
    let site = Site::fixture("basic");
    let serving = serve(&site, &[], None);
    for path in ["/.tifa-output", "/%2Etifa-output", "/.tifa-staging/x"] {
        let (status, head, body) = get(serving.port, "127.0.0.1", path);
        assert_eq!(status, 404, "{path}: {head}");
        assert!(
            !String::from_utf8_lossy(&body).contains("index.html"),
            "{path} listed the site's files"
        );
    }
}

/// Browsers must not guess a file's type: every response says `nosniff`,
/// an SVG is `image/svg+xml` and a file of unknown type is a download.
#[test]
fn svg_and_unknown_files_are_served_with_nosniff_and_a_safe_type() {
    let site = Site::fixture("basic");
    site.write(
        "static/files/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .write("static/files/notes.qqq", "<html><script>alert(1)</script>")
    .write("static/files/README", "<script>alert(1)</script>")
    .write(
        "config.toml",
        std::fs::read_to_string(site.path("config.toml")).unwrap()
            + "\n[security]\ntrust = [\"static/files/logo.svg\"]\n",
    );
    let serving = serve(&site, &[], None);
    for (path, content_type) in [
        ("/files/logo.svg", "image/svg+xml"),
        ("/files/notes.qqq", "application/octet-stream"),
        ("/files/README", "application/octet-stream"),
        ("/", "text/html"),
    ] {
        let (status, head, _) = get(serving.port, "127.0.0.1", path);
        assert_eq!(status, 200, "{path}: {head}");
        assert!(
            head.contains(&format!("content-type: {content_type}")),
            "{path}: {head}"
        );
        assert!(
            head.contains("x-content-type-options: nosniff"),
            "{path}: {head}"
        );
    }
}
