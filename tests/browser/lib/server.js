// A tiny static file server for built sites, with no dependencies: serves a
// directory under a sub-path (`/kb/`), so tests also prove that the site works
// below the root of a host. Directories get their index.html (a directory
// URL without the trailing slash is redirected), missing files get the site's
// 404.html with status 404, anything outside the prefix is a plain 404.
// Optionally sends `Content-Security-Policy` on every response. Answers a
// single-range `Range: bytes=a-b` request with 206, as nginx does, unless
// `options.ranges` is false (then the whole file, status 200, as some simple
// servers do).
"use strict";

const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
}

/**
 * Starts a server on 127.0.0.1 (port 0: any free port). `options.root` may be
 * set later with `server.setRoot(dir)` (so a site can be built for the port).
 * Returns `{ port, origin, url(pathUnderPrefix), setRoot, close, requests,
 * stats }` (`stats`: body bytes and files served so far).
 */
async function serve(options = {}) {
  const prefix = options.prefix || "/kb/";
  let root = options.root || null;
  const requests = [];
  // Body bytes and files served (benchmarks read and reset these).
  const stats = { bytes: 0, files: 0 };
  const server = http.createServer((req, res) => {
    const headers = { "Cache-Control": options.cacheControl || "no-cache" };
    if (options.csp) headers["Content-Security-Policy"] = options.csp;
    const fail = (code, body) => {
      res.writeHead(code, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    requests.push(req.url);
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405, "method not allowed\n");
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return fail(400, "bad request\n");
    }
    if (!root || !pathname.startsWith(prefix)) {
      if (pathname + "/" === prefix) {
        res.writeHead(301, { ...headers, Location: prefix });
        return res.end();
      }
      return fail(404, "not found\n");
    }
    const base = path.resolve(root);
    let file = path.resolve(base, "." + path.sep + pathname.slice(prefix.length));
    if (file !== base && !file.startsWith(base + path.sep)) return fail(403, "forbidden\n");
    let stat = statOrNull(file);
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith("/")) {
        const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
        res.writeHead(301, { ...headers, Location: encodeURI(pathname + "/") + query });
        return res.end();
      }
      file = path.join(file, "index.html");
      stat = statOrNull(file);
    }
    let status = 200;
    if (!stat || !stat.isFile()) {
      status = 404;
      file = path.join(root, "404.html");
      stat = statOrNull(file);
      if (!stat) return fail(404, "not found\n");
    }
    const range = status === 200 && options.ranges !== false ? byteRange(req.headers.range, stat.size) : null;
    if (range) {
      const length = range.end - range.start + 1;
      res.writeHead(206, {
        ...headers,
        "Content-Type": contentType(file),
        "Content-Length": length,
        "Content-Range": `bytes ${range.start}-${range.end}/${stat.size}`,
      });
      if (req.method === "HEAD") return res.end();
      stats.bytes += length;
      stats.files++;
      return fs.createReadStream(file, { start: range.start, end: range.end }).pipe(res);
    }
    res.writeHead(status, { ...headers, "Content-Type": contentType(file), "Content-Length": stat.size });
    if (req.method === "HEAD") return res.end();
    stats.bytes += stat.size;
    stats.files++;
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port || 0, "127.0.0.1", resolve);
  });
  const port = server.address().port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    prefix,
    requests,
    stats,
    url: (p = "") => origin + prefix + String(p).replace(/^\//, ""),
    setRoot: (dir) => { root = dir; },
    close: () => new Promise((resolve) => {
      server.closeAllConnections && server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** `bytes=a-b` (one range, inside the file) → { start, end }, else null. */
function byteRange(header, size) {
  const match = /^bytes=(\d+)-(\d+)$/.exec(header || "");
  if (!match) return null;
  const start = Number(match[1]), end = Math.min(Number(match[2]), size - 1);
  return start <= end ? { start, end } : null;
}

function statOrNull(file) {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

module.exports = { serve, contentType };

// `node tests/browser/lib/server.js DIR [PORT] [PREFIX]`: serve a built site by hand.
if (require.main === module) {
  const [dir, port, prefix] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node server.js DIR [PORT] [PREFIX]");
    process.exit(2);
  }
  serve({ root: path.resolve(dir), port: Number(port) || 0, prefix: prefix || "/kb/" }).then((s) => {
    console.log(`serving ${dir} at ${s.url()}`);
  });
}
