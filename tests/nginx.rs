//! docs/deploy.md works: a sub-path build, copied with the documented
//! `rsync` command and served by nginx with the documented configuration,
//! has no broken internal link or asset, every page carries the strict
//! Content-Security-Policy, and tifa's own files are neither copied nor
//! served.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

/// The server block of docs/deploy.md, with the paths of this test. One
/// process (no master), so stopping it leaves nothing behind.
fn config(port: u16, site: &Path, prefix: &Path) -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md"))
        .unwrap();
    let start = doc.find("server {").expect("deploy.md has a server block");
    let block = &doc[start..doc[start..].find("\n```").map(|e| start + e).unwrap()];
    let block = block
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("/srv/www/kb/", &format!("{}/", site.display()));
    format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{ worker_connections 64; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n  fastcgi_temp_path {prefix}/fastcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n  scgi_temp_path {prefix}/scgi;\n  {block}\n}}\n",
        prefix = prefix.display()
    )
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    get_with(port, path, "")
}

fn get_with(port: u16, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    crate::common::http_get(port, "oa.example", path, headers)
}

#[test]
fn a_sub_path_build_behind_nginx_has_no_broken_links() {
    crate::common::ensure_test_prerequisites();
    let nginx = Path::new("/usr/sbin/nginx");
    assert!(
        nginx.exists(),
        "this test needs nginx: run `bash .ci/install-test-deps.sh` (or `apt-get install nginx-light`)"
    );
    let work = tempfile::tempdir().unwrap();
    let built = work.path().join("public");
    let site = work.path().join("kb");
    let port = free_port();
    let status = crate::common::tifa_command()
        .args([
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--base-url",
            &format!("http://127.0.0.1:{port}/kb/"),
            "--output-dir",
        ])
        .arg(&built)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(built.join(".tifa-output").is_file());
    copy_as_documented(&built, &site);
    assert!(
        !site.join(".tifa-output").exists(),
        "the documented rsync copied tifa's manifest"
    );
    for dir in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(work.path().join(dir)).unwrap();
    }
    let conf = work.path().join("nginx.conf");
    std::fs::write(&conf, config(port, &site, work.path())).unwrap();
    let _server = Nginx(
        Command::new(nginx)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(work.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(work.path().join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (pages, broken) = crawl(port);
    assert!(pages > 250, "crawled {pages} pages");
    assert!(broken.is_empty(), "broken links or assets: {broken:#?}");
    search_texts_are_read_by_range(port, &site);
    tifa_files_are_not_served(port, &built, &site);
}

/// Runs the `rsync` line of docs/deploy.md with this test's folders.
fn copy_as_documented(built: &Path, site: &Path) {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md"))
        .unwrap();
    let line = doc
        .lines()
        .find(|l| l.starts_with("rsync "))
        .expect("deploy.md has an rsync command");
    let mut args: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|a| a.replace('\'', ""))
        .collect();
    let n = args.len();
    assert!(n >= 2 && args[n - 2] == "public/", "{line}");
    args[n - 2] = format!("{}/", built.display());
    args[n - 1] = format!("{}/", site.display());
    let status = Command::new("rsync")
        .args(&args)
        .status()
        .unwrap_or_else(|e| {
            panic!("this test needs rsync ({e}): run `bash .ci/install-test-deps.sh`")
        });
    assert!(status.success(), "rsync {args:?} failed");
}

/// `.tifa-output` lists every file of the build: it is not part of the
/// site. The nginx configuration refuses it even in a copy that has it.
fn tifa_files_are_not_served(port: u16, built: &Path, site: &Path) {
    std::fs::copy(built.join(".tifa-output"), site.join(".tifa-output")).unwrap();
    std::fs::create_dir_all(site.join(".tifa-staging")).unwrap();
    std::fs::write(site.join(".tifa-staging/index.html"), "staged").unwrap();
    for path in ["/kb/.tifa-output", "/kb/.tifa-staging/index.html"] {
        let (status, head, body) = get(port, path);
        assert_eq!(status, 404, "{path}: {head}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("index.html") && !body.contains("staged"),
            "{path} served tifa's file: {body}"
        );
    }
}

/// A results page reads each snippet text with a range request, as a
/// browser sends it (accepting gzip): nginx must answer with just those
/// bytes, or every query would download whole text chunks.
fn search_texts_are_read_by_range(port: u16, site: &Path) {
    let chunk = std::fs::read(site.join("search/text/0.txt")).unwrap();
    assert!(chunk.len() > 100);
    let (status, head, body) = get_with(
        port,
        "/kb/search/text/0.txt",
        "Accept-Encoding: gzip, deflate\r\nRange: bytes=10-99\r\n",
    );
    assert_eq!(status, 206, "{head}");
    assert_eq!(body, chunk[10..100], "{head}");
}

/// A link as the browser reads it on page `page` (a path ending in `/`
/// or a file): relative links (`../images/a.png`) against the page's folder.
fn relative_to(page: &str, target: &str) -> String {
    if target.starts_with('/') || target.contains("://") {
        return target.to_string();
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the file name, or "" after a trailing slash
    for piece in target.split('/') {
        match piece {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Follows every internal href/src from /kb/, returns (pages, broken).
fn crawl(port: u16) -> (usize, Vec<String>) {
    let link = Selector::parse("[href], [src]").unwrap();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/kb/".to_string()]);
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, head, body) = get(port, &path);
        if status != 200 {
            broken.push(format!("{status} {path}"));
            continue;
        }
        if !head
            .to_ascii_lowercase()
            .contains("content-type: text/html")
        {
            continue;
        }
        pages += 1;
        assert!(
            head.contains("Content-Security-Policy: default-src 'self'"),
            "{path} lacks the CSP header:\n{head}"
        );
        let html = Html::parse_document(&String::from_utf8_lossy(&body));
        for element in html.select(&link) {
            let value = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap_or("");
            let target = value
                .split('#')
                .next()
                .unwrap_or("")
                .split('?')
                .next()
                .unwrap_or("");
            if target.is_empty() {
                continue;
            }
            let resolved = relative_to(&path, target);
            let absolute = resolved
                .strip_prefix(&format!("http://127.0.0.1:{port}"))
                .unwrap_or(&resolved);
            assert!(
                absolute.starts_with("/kb/") || absolute.starts_with("https://example"),
                "{path} links outside the sub-path: {value}"
            );
            if absolute.starts_with("/kb/") {
                queue.push_back(absolute.to_string());
            }
        }
    }
    (pages, broken)
}
