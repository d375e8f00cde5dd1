//! `tifa serve`: build, then serve the output folder over HTTP.
//!
//! For now a plain static server (axum + tower-http) over a fresh build;
//! watching and incremental rebuild come with the serve issue.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result};

/// Options of `tifa serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: crate::BuildOptions,
    pub interface: String,
    pub port: u16,
    pub open: bool,
}

/// Serves `dir` until the process is stopped.
pub fn serve_dir(dir: PathBuf, interface: &str, port: u16) -> Result<()> {
    let address: SocketAddr = format!("{interface}:{port}")
        .parse()
        .map_err(|_| crate::UsageError(format!("`{interface}:{port}` is not a valid address")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the HTTP server runtime")?;
    runtime.block_on(async move {
        let not_found = dir.join("404.html");
        let service = tower_http::services::ServeDir::new(&dir)
            .append_index_html_on_directories(true)
            .not_found_service(tower_http::services::ServeFile::new(not_found));
        let app = axum::Router::new().fallback_service(service);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        eprintln!(
            "serving {} at http://{address}/ (Ctrl+C to stop)",
            dir.display()
        );
        axum::serve(listener, app)
            .await
            .context("HTTP server failed")
    })
}
