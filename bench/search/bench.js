#!/usr/bin/env node
// Search benchmark: tifa's search on the N-page synthetic corpus (default
// 10,000), in headless Chromium, next to Pagefind on the same HTML.
//
//   cd bench/search && npm install && node bench.js [N]
//
// Environment: TIFA_BIN (default: `cargo build --release`, then
// $CARGO_TARGET_DIR/release/tifa), CHROMIUM (default /usr/bin/chromium),
// BENCH_TMP (work folder; default a new temporary folder), BENCH_KEEP=1 (keep
// it), SKIP_PAGEFIND=1, RUNS (warm timing runs per query, default 5).
//
// See README.md in this folder for what is measured and how.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const { execFileSync, spawnSync } = require("node:child_process");
const { chromium } = require("playwright-core");
const { typeAndWait } = require("./type-and-wait");
const { serve } = require("../../tests/browser/lib/server");
const { indexTexts } = require("../../tests/browser/lib/harness");

const repoRoot = path.resolve(__dirname, "..", "..");
const N = Number(process.argv[2] || 10000);
const RUNS = Number(process.env.RUNS || 5);
const QUERIES_PER_LENGTH = 12; // 2, 3 and 4 characters: 36 queries
const ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"];

const log = (...a) => console.error("[bench]", ...a);
const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
};
const pct = (xs, p) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const kb = (bytes) => (bytes / 1024).toFixed(1);
const ms = (x) => x.toFixed(1);

function tifaBin() {
  if (process.env.TIFA_BIN) return path.resolve(process.env.TIFA_BIN);
  execFileSync("cargo", ["build", "--release"], { cwd: repoRoot, stdio: "inherit" });
  return path.join(path.resolve(repoRoot, process.env.CARGO_TARGET_DIR || "target"), "release", "tifa");
}

function duBytes(dir) {
  let total = 0, files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else { total += fs.statSync(p).size; files++; }
    }
  };
  walk(dir);
  return { bytes: total, files };
}

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Typical queries: 2-, 3- and 4-character runs of Chinese characters taken
 * at random positions of random excerpts' text (seeded, so the same corpus
 * gives the same queries).
 */
function pickQueries(out, docs) {
  const random = rng(20240501);
  const texts = indexTexts(out);
  const excerpts = docs.map((d, id) => [d, id]).filter(([d]) => d[2] === 1).map(([, id]) => id);
  const queries = [];
  for (const L of [2, 3, 4]) {
    let found = 0, tries = 0;
    while (found < QUERIES_PER_LENGTH && tries++ < 10000) {
      const id = excerpts[Math.floor(random() * excerpts.length)];
      const chars = Array.from(texts[id]);
      const bodyStart = docs[id][9] + 1;
      if (chars.length - L <= bodyStart) continue;
      const at = bodyStart + Math.floor(random() * (chars.length - L - bodyStart));
      const q = chars.slice(at, at + L).join("");
      if (!/^\p{Script=Han}+$/u.test(q) || queries.includes(q)) continue;
      queries.push(q);
      found++;
    }
  }
  return queries;
}

/**
 * Bytes and files the server sent (response bodies), so requests made by
 * workers (Pagefind searches in a Web Worker) count too. The server sends
 * `Cache-Control: no-cache` and no validators, so whatever the browser
 * fetches again is sent again in full; the page's HTTP cache is also
 * switched off with CDP where a run is "cold".
 */
async function meter(context, page, server) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0, files = 0;
  return {
    reset() { bytes = server.stats.bytes; files = server.stats.files; },
    read() { return { bytes: server.stats.bytes - bytes, requests: server.stats.files - files }; },
    cache: (on) => cdp.send("Network.setCacheDisabled", { cacheDisabled: !on }),
  };
}

const settle = (t = 150) => new Promise((r) => setTimeout(r, t));

// ------------------------------------------------------------------ tifa


async function openSearchPage(page, server) {
  await page.goto(server.url("search/"));
  // The page loads the manifest (with the layout), topic sheet, names and t2s table at once.
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "");
}

async function benchTifa(browser, server, queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const m = await meter(context, page, server);

  // First load of the search page, with an empty cache.
  await m.cache(false);
  m.reset();
  await openSearchPage(page, server);
  await settle();
  const firstLoad = m.read();

  // Cold: each query on a freshly loaded page with the HTTP cache disabled,
  // so it pays for every shard and snippet text it needs.
  const cold = [];
  for (const q of queries) {
    await openSearchPage(page, server);
    await settle(50);
    m.reset();
    const r = await typeAndWait(page, q);
    await settle();
    const got = m.read();
    cold.push({ q, total: r.total, bytes: got.bytes, requests: got.requests, ms: r.ms });
  }

  // Session: one page, queries one after another, HTTP cache on.
  await m.cache(true);
  await openSearchPage(page, server);
  await settle();
  const session = [];
  for (const q of queries) {
    m.reset();
    await typeAndWait(page, q);
    await settle(50);
    session.push(m.read().bytes);
  }

  // Warm: shards and texts cached; time from the input event (the keystroke)
  // to the results being rendered, RUNS times per query.
  const warm = [];
  for (const q of queries) {
    const runs = [], inner = [];
    for (let i = 0; i < RUNS; i++) {
      await typeAndWait(page, "");
      const r = await typeAndWait(page, q);
      runs.push(r.ms);
      inner.push(r.inner);
    }
    warm.push({ q, ms: median(runs), inner: median(inner) });
  }

  // Result sets, for the comparison.
  const sets = {};
  for (const q of queries) {
    sets[q] = await page.evaluate((q) => window.tifa.search(q, { snippets: false }).then((r) => r.results.map((x) => x.url)), q);
  }
  await context.close();
  return { firstLoad, cold, session, warm, sets };
}

// -------------------------------------------------------------- Pagefind

function runPagefind(out, work) {
  const site = path.join(work, "pagefind-site");
  fs.rmSync(site, { recursive: true, force: true });
  fs.cpSync(out, site, { recursive: true });
  const bin = path.join(__dirname, "node_modules", ".bin", "pagefind");
  const started = process.hrtime.bigint();
  const r = spawnSync(bin, ["--site", site], { cwd: __dirname, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`pagefind failed:\n${r.stdout}\n${r.stderr}`);
  const version = (r.stdout.match(/Running Pagefind (v[\d.]+[^\n]*)/) || [])[1] || "?";
  return { site, seconds, version, size: duBytes(path.join(site, "pagefind")) };
}

/** Pagefind's page id → URL, read from its (gzipped JSON) fragment files. */
function pagefindUrls(site) {
  const dir = path.join(site, "pagefind", "fragment");
  const map = new Map();
  for (const f of fs.readdirSync(dir)) {
    let text = zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString("utf8");
    const brace = text.indexOf("{");
    const data = JSON.parse(text.slice(brace));
    map.set(f.replace(/\.pf_fragment$/, ""), data.url);
  }
  return map;
}

async function benchPagefind(browser, server, queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const m = await meter(context, page, server);
  const init = async () => {
    await page.goto(server.url(""));
    await page.evaluate(async (base) => {
      window.pf = await import(base + "pagefind/pagefind.js");
      await window.pf.options({ baseUrl: base });
      await window.pf.init();
    }, server.prefix);
  };
  // Pagefind downloads its metadata and WebAssembly on init; count that as
  // its first load, then each query's index chunks and the fragments of the
  // first 20 results (what a results page shows, like tifa's snippets).
  await m.cache(false);
  m.reset();
  await init();
  await settle();
  const firstLoad = m.read();
  const cold = [], ids = {};
  for (const q of queries) {
    await init();
    await settle(50);
    m.reset();
    const r = await page.evaluate(async (q) => {
      const t0 = performance.now();
      const search = await window.pf.search(q);
      await Promise.all(search.results.slice(0, 20).map((x) => x.data()));
      return { ids: search.results.map((x) => x.id), ms: performance.now() - t0 };
    }, q);
    await settle();
    const got = m.read();
    ids[q] = r.ids;
    cold.push({ q, bytes: got.bytes, requests: got.requests, total: r.ids.length });
  }
  // Warm timing (index chunks and the first fragments cached).
  await m.cache(true);
  await init();
  const warm = [];
  for (const q of queries) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await page.evaluate(async (q) => {
        const t0 = performance.now();
        const search = await window.pf.search(q);
        await Promise.all(search.results.slice(0, 20).map((x) => x.data()));
        return performance.now() - t0;
      }, q));
    }
    warm.push(median(runs));
  }
  await context.close();
  return { firstLoad, cold, warm, ids };
}

// ------------------------------------------------------------------ build

const BUILD_RUNS = 5;

/**
 * Builds each [root, out] pair BUILD_RUNS times, interleaved: into an
 * empty folder, then over that output. Returns the median wall seconds of
 * each pair ({ cold: [first, second], warm: [...] }) and of the first
 * pair's search stage (`tifa build -v`).
 */
function measureBuilds(tifa, baseUrl, pairs) {
  const cold = pairs.map(() => []), warm = pairs.map(() => []), stage = [];
  const run = (root, out) => {
    // Flush the previous build's writes first: otherwise the kernel writes
    // them back during this build, and the build after a bigger output
    // (the one with the index) pays for more of them.
    execFileSync("sync");
    const started = process.hrtime.bigint();
    const r = spawnSync(tifa, ["build", "-v", "--root", root, "--output-dir", out, "--base-url", baseUrl], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) throw new Error(`tifa build failed:\n${r.stderr}`);
    const search = /search ([\d.]+)(ms|s)/.exec(r.stdout + r.stderr);
    return { wall, search: search ? Number(search[1]) / (search[2] === "ms" ? 1000 : 1) : NaN };
  };
  for (let i = 0; i < BUILD_RUNS; i++) {
    pairs.forEach(([root, out], k) => {
      fs.rmSync(out, { recursive: true, force: true });
      const first = run(root, out);
      cold[k].push(first.wall);
      if (k === 0) stage.push(first.search);
      warm[k].push(run(root, out).wall);
    });
  }
  return { cold: cold.map(median), warm: warm.map(median), stage: median(stage) };
}

// ------------------------------------------------------------------ main

async function main() {
  const tifa = tifaBin();
  const work = process.env.BENCH_TMP ? path.resolve(process.env.BENCH_TMP) : fs.mkdtempSync(path.join(os.tmpdir(), "tifa-search-bench-"));
  fs.mkdirSync(work, { recursive: true });
  const corpus = path.join(work, `corpus-${N}`);
  if (!fs.existsSync(path.join(corpus, "content"))) {
    log(`generating the ${N}-page corpus in ${corpus}`);
    execFileSync("cargo", ["run", "--release", "--quiet", "--example", "gen_corpus", "--", String(N), corpus], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  }
  // Build with the working tree's theme (search.js as it is on disk).
  fs.rmSync(path.join(corpus, "themes"), { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, "themes", "default"), path.join(corpus, "themes", "default"), { recursive: true });

  // The same pages without the index (`[search] index = false`): what the
  // index adds to a build is the difference.
  const plain = path.join(work, `corpus-${N}-noindex`);
  fs.rmSync(plain, { recursive: true, force: true });
  for (const part of ["content", "themes"]) fs.cpSync(path.join(corpus, part), path.join(plain, part), { recursive: true });
  fs.writeFileSync(path.join(plain, "config.toml"), fs.readFileSync(path.join(corpus, "config.toml"), "utf8") + "\n[search]\nindex = false\n");

  const server = await serve({ prefix: "/kb/" });
  const out = path.join(work, "out");
  const build = measureBuilds(tifa, server.url(), [[corpus, out], [plain, path.join(work, "out-noindex")]]);
  server.setRoot(out);
  const index = duBytes(path.join(out, "search"));
  const docs = JSON.parse(fs.readFileSync(path.join(out, "search", "docs.json"), "utf8"));
  const oneTime = ["manifest.json", "topics.bin", "terms.json"].map((f) => fs.statSync(path.join(out, "search", f)).size);
  const t2sPath = path.join(out, "t2s.json");
  const t2sBytes = fs.existsSync(t2sPath) ? fs.statSync(t2sPath).size : 0;
  const queries = pickQueries(out, docs);
  const texts = indexTexts(out); // every page's stored text, for the substring scan
  const truth = {};
  for (const q of queries) truth[q] = new Set(docs.filter((_, id) => texts[id].includes(q)).map((d) => d[0]));
  log(`built in ${build.cold[0].toFixed(2)} s (${build.cold[1].toFixed(2)} s without the index); ${queries.length} queries: ${queries.join(" ")}`);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS, headless: true });
  log("measuring tifa");
  const t = await benchTifa(browser, server, queries);

  let p = null, pf = null, pfServer = null;
  if (!process.env.SKIP_PAGEFIND) {
    log("indexing with Pagefind (takes a minute or two)");
    pf = runPagefind(out, work);
    pfServer = await serve({ prefix: "/kb/", root: pf.site });
    log("measuring Pagefind");
    p = await benchPagefind(browser, pfServer, queries);
    const urls = pagefindUrls(pf.site);
    p.sets = {};
    for (const q of queries) p.sets[q] = p.ids[q].map((id) => server.prefix.replace(/\/$/, "") + (urls.get(id) || `?${id}`));
  }
  await browser.close();
  await server.close();
  if (pfServer) await pfServer.close();

  // ------------------------------------------------------------ report
  const indexed = new Set(docs.map((d) => d[0]));
  const rows = queries.map((q, i) => {
    const tifaSet = new Set(t.sets[q]);
    const row = {
      q, scan: truth[q].size, tifa: tifaSet.size,
      tifaMissed: [...truth[q]].filter((u) => !tifaSet.has(u)).length,
      tifaExtra: [...tifaSet].filter((u) => !truth[q].has(u)).length,
      bytes: t.cold[i].bytes, requests: t.cold[i].requests, session: t.session[i], warm: t.warm[i].ms, inner: t.warm[i].inner,
    };
    if (p) {
      const pfSet = new Set(p.sets[q]);
      row.pf = [...pfSet].filter((u) => indexed.has(u)).length;
      row.pfLists = [...pfSet].filter((u) => !indexed.has(u)).length;
      row.pfMissed = [...truth[q]].filter((u) => !pfSet.has(u)).length;
      row.pfExtra = [...pfSet].filter((u) => indexed.has(u) && !truth[q].has(u)).length;
      row.pfBytes = p.cold[i].bytes;
      row.pfRequests = p.cold[i].requests;
      row.pfWarm = p.warm[i];
    }
    return row;
  });
  const lines = [];
  const say = (s = "") => lines.push(s);
  say(`# Search benchmark: ${N.toLocaleString("en")} pages`);
  say();
  say(`${new Date().toISOString().slice(0, 10)} · ${os.cpus()[0].model} × ${os.cpus().length} · Node ${process.version} · ${execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()}`);
  say(`Corpus: \`cargo run --release --example gen_corpus -- ${N} DIR\`, ${docs.length} indexed pages. ${queries.length} queries: ${QUERIES_PER_LENGTH} each of 2, 3 and 4 Chinese characters taken at random (seeded) from the excerpts' text.`);
  say(`Bytes are the response bodies the local static server sent (no compression, headers not counted), which includes requests made from Web Workers.`);
  say();
  say("## Summary");
  say();
  say("| | tifa | Pagefind |");
  say("|---|---:|---:|");
  say(`| index on disk | ${(index.bytes / 1048576).toFixed(1)} MB, ${index.files} files | ${pf ? `${(pf.size.bytes / 1048576).toFixed(1)} MB, ${pf.size.files} files` : "–"} |`);
  const added = ([withIndex, without]) => `${withIndex.toFixed(2)} s against ${without.toFixed(2)} s without it (+${(100 * (withIndex / without - 1)).toFixed(0)}%)`;
  say(`| index build: what it adds to \`tifa build\` (median of ${BUILD_RUNS} interleaved runs; the index stage alone took ${build.stage.toFixed(2)} s, beside rendering) | into an empty folder ${added(build.cold)}; over the previous output ${added(build.warm)} | ${pf ? `${pf.seconds.toFixed(1)} s (${pf.version})` : "–"} |`);
  say(`| first load (search page / init, empty cache) | ${kb(t.firstLoad.bytes)} KB, ${t.firstLoad.requests} requests (manifest ${kb(oneTime[0])} KB, topics ${kb(oneTime[1])} KB, terms ${kb(oneTime[2])} KB, t2s ${kb(t2sBytes)} KB) | ${p ? `${kb(p.firstLoad.bytes)} KB, ${p.firstLoad.requests} requests` : "–"} |`);
  say(`| **bytes per query, median** (cold: nothing cached but the first load; results + first 20 snippets) | **${kb(median(rows.map((r) => r.bytes)))} KB** (p90 ${kb(pct(rows.map((r) => r.bytes), 0.9))}, max ${kb(Math.max(...rows.map((r) => r.bytes)))}) | ${p ? `${kb(median(rows.map((r) => r.pfBytes)))} KB (p90 ${kb(pct(rows.map((r) => r.pfBytes), 0.9))}, max ${kb(Math.max(...rows.map((r) => r.pfBytes)))})` : "–"} |`);
  say(`| bytes per query, median, one session (earlier queries' files cached) | ${kb(median(rows.map((r) => r.session)))} KB | – |`);
  say(`| requests per query, median (cold) | ${median(rows.map((r) => r.requests))} | ${p ? median(rows.map((r) => r.pfRequests)) : "–"} |`);
  say(`| **keystroke → results rendered, median** (cached; includes the 30 ms debounce) | **${ms(median(rows.map((r) => r.warm)))} ms** (max ${ms(Math.max(...rows.map((r) => r.warm)))}) | – |`);
  say(`| search + render alone, median (cached) | ${ms(median(rows.map((r) => r.inner)))} ms (max ${ms(Math.max(...rows.map((r) => r.inner)))}) | ${p ? `${ms(median(rows.map((r) => r.pfWarm)))} ms search + 20 fragments (max ${ms(Math.max(...rows.map((r) => r.pfWarm)))})` : "–"} |`);
  const sum = (k) => rows.reduce((a, r) => a + (r[k] || 0), 0);
  say(`| substring matches found (of ${sum("scan")} over all queries) | ${sum("tifa") - sum("tifaExtra")} (missed ${sum("tifaMissed")}, extra ${sum("tifaExtra")}) | ${p ? `${sum("pf") - sum("pfExtra")} (missed ${sum("pfMissed")}, extra ${sum("pfExtra")}; +${sum("pfLists")} list pages)` : "–"} |`);
  if (p) say(`| queries where it misses a page | ${rows.filter((r) => r.tifaMissed).length} of ${rows.length} | ${rows.filter((r) => r.pfMissed).length} of ${rows.length} |`);
  say();
  say("## Per query");
  say();
  say("“scan”: pages whose text contains the query (the truth). “missed”: pages of the scan not returned; “extra”: indexed pages returned that do not contain the query; Pagefind's hits on list pages (sections, taxonomies), which tifa does not index, are counted apart.");
  say();
  say(`| query | scan | tifa | tifa missed | tifa KB | tifa req | render ms | ${p ? "Pagefind | Pf missed | Pf extra | Pf list pages | Pf KB | Pf req |" : ""}`);
  say(`|---|---:|---:|---:|---:|---:|---:|${p ? "---:|---:|---:|---:|---:|---:|" : ""}`);
  for (const r of rows) {
    say(`| ${r.q} | ${r.scan} | ${r.tifa} | ${r.tifaMissed} | ${kb(r.bytes)} | ${r.requests} | ${ms(r.warm)} | ${p ? `${r.pf} | ${r.pfMissed} | ${r.pfExtra} | ${r.pfLists} | ${kb(r.pfBytes)} | ${r.pfRequests} |` : ""}`);
  }
  say();
  say(`Reproduce: \`cd bench/search && npm install && node bench.js ${N}\`.`);
  const text = lines.join("\n") + "\n";
  process.stdout.write(text);
  fs.writeFileSync(path.join(__dirname, N === 10000 ? "results.md" : `results-${N}.md`), text);
  if (!process.env.BENCH_KEEP && !process.env.BENCH_TMP) fs.rmSync(work, { recursive: true, force: true });
  else log(`work folder kept: ${work}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
