// First search and later queries on a built site, served by nginx with the
// configuration of docs/deploy.md, in headless Chromium (issue 16's search
// targets). Bytes are what went over the wire (compressed bodies, as nginx
// sends them; headers not counted), from an empty cache.
//
//   node bench/scale/search.js OUT_DIR [QUERY...]
//
// OUT_DIR is a site built with base path "/" (the synthetic corpus is).
// Prints one JSON object: the first search (search page + its first query,
// rendered with 20 results and snippets) and each later query in the same
// page (its bytes and the time from typing to the results being rendered,
// which includes the page's 30 ms debounce).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const net = require("node:net");
const { spawn } = require("node:child_process");
const { chromium } = require(path.join(__dirname, "../../tests/browser/node_modules/playwright-core"));
const { typeAndWait } = require("../search/type-and-wait");

const ROOT = path.join(__dirname, "../..");
const QUERIES = ["政治建设", "四个意识", "主体责任", "整改落实", "理论学习", "形式主义", "意识形态", "党风廉政建设",
  "基层党组织", "巡视", "民主集中制", "调查研究", "批评和自我批评", "担当作为", "群众路线", "初心使命",
  "学习教育", "作风建设", "责任落实", "问题整改", "监督执纪"];

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** nginx with docs/deploy.md's server block, the site at "/". */
async function startNginx(site) {
  const doc = fs.readFileSync(path.join(ROOT, "docs/deploy.md"), "utf8");
  const start = doc.indexOf("server {");
  let block = doc.slice(start, doc.indexOf("\n```", start));
  const port = await freePort();
  block = block.replace("listen 80;", `listen 127.0.0.1:${port};`)
    .replace("location /kb/ {", "location / {")
    .replace("alias /srv/www/kb/;", `alias ${path.resolve(site)}/;`)
    .replace("error_page 404 /kb/404.html;", "error_page 404 /404.html;");
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-nginx-"));
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(path.join(prefix, d));
  const conf = path.join(prefix, "nginx.conf");
  fs.writeFileSync(conf, `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents { worker_connections 256; }\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  ${block}\n}\n`);
  const child = spawn("/usr/sbin/nginx", ["-c", conf, "-p", prefix], { stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => { s.end(); resolve(true); }).on("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}/`, stop: () => { child.kill(); fs.rmSync(prefix, { recursive: true, force: true }); } };
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : null;
}


async function main() {
  const [site, ...args] = process.argv.slice(2);
  if (!site) throw new Error("usage: node bench/scale/search.js OUT_DIR [QUERY...]");
  const queries = args.length ? args : QUERIES;
  const server = await startNginx(site);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    // Bytes on the wire per request: encodedDataLength minus headers.
    let log = [];
    const urls = new Map();
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, { url: e.response.url, headers: e.response.encodedDataLength || 0 }));
    cdp.on("Network.loadingFinished", (e) => {
      const r = urls.get(e.requestId) || { url: "?", headers: 0 };
      log.push({ url: new URL(r.url).pathname, bytes: Math.max(0, e.encodedDataLength - r.headers) });
    });
    const take = () => { const out = log; log = []; return out; };
    const sum = (entries) => entries.reduce((a, e) => a + e.bytes, 0);

    await page.goto(server.url + "search/");
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "");
    const first = await typeAndWait(page, queries[0]);
    await page.waitForLoadState("networkidle");
    const firstFiles = take();
    const later = [];
    for (const q of queries.slice(1)) {
      const r = await typeAndWait(page, q);
      await page.waitForLoadState("networkidle");
      const files = take();
      later.push({ q, total: r.total, kb: +(sum(files) / 1024).toFixed(1), requests: files.length, ms: +r.ms.toFixed(1) });
    }
    // Timing with the query's files already fetched: the search itself.
    const timed = [];
    for (const q of queries.slice(1)) {
      await typeAndWait(page, "");
      timed.push((await typeAndWait(page, q)).ms);
    }
    const byKind = {};
    for (const f of firstFiles) {
      const kind = f.url.includes("/search/") ? f.url.replace(/^.*\/search\//, "search/").replace(/\d+/g, "N") : f.url.replace(/.*\./, "*.");
      byKind[kind] = +(((byKind[kind] || 0) + f.bytes / 1024)).toFixed(1);
    }
    console.log(JSON.stringify({
      site,
      first: { q: queries[0], total: first.total, kb: +(sum(firstFiles) / 1024).toFixed(1), requests: firstFiles.length, by_file: byKind },
      later: { median_kb: median(later.map((l) => l.kb)), max_kb: Math.max(...later.map((l) => l.kb)), median_ms_cold: median(later.map((l) => l.ms)), median_ms_cached: +median(timed).toFixed(1), max_ms_cached: +Math.max(...timed).toFixed(1), queries: later },
    }, null, 1));
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
