// Benchmark of the 校稿 page (bench/README.md, "Check"): for a knowledge
// base (the shipped one, and any other given, e.g. the 10,000-page corpus),
// builds it with the release binary, serves it under /kb/ and measures in
// headless Chromium (Debian's /usr/bin/chromium):
//
// - the bytes the check page downloads before its first check is shown
//   (empty cache: HTML, CSS, scripts, check/rules.json), and the bytes
//   引文核对 then fetches for each draft;
// - the time `checkWith` (the rules alone) takes on drafts of 1,000,
//   10,000 and 50,000 characters (real report text from reports/), median
//   of RUNS runs after a warm-up, and the time from starting a check to the
//   rendered page (rules + marks + list);
// - the same drafts through the Rust checker (examples/check_bench.rs), in
//   the same run, as the reference: the table gives browser / Rust.
//
//   node bench/check/bench.js [KB_ROOT …]      (RUNS=7 by default)
//
// Needs `cargo build --release --examples --bins` and tests/browser's
// node_modules (`npm ci --prefix tests/browser`).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const repo = path.resolve(__dirname, "..", "..");
const { serve } = require(path.join(repo, "tests/browser/lib/server.js"));
const { chromium } = require(path.join(repo, "tests/browser/node_modules/playwright-core"));

const RUNS = Number(process.env.RUNS || 7);
const SIZES = [1000, 10000, 50000];
const DATE = "2024-06-01";
const tifa = process.env.TIFA_BIN || path.join(repo, "target/release/tifa");
const checkBench = path.join(repo, "target/release/examples/check_bench");

/** A draft of `size` UTF-16 units of report text (repeated as needed), cut at a line end where possible. */
function draftOf(size) {
  const reports = fs.readdirSync(path.join(repo, "reports")).filter((f) => f.endsWith(".txt")).sort()
    .map((f) => fs.readFileSync(path.join(repo, "reports", f), "utf8")).join("\n");
  let text = "";
  while (text.length < size) text += reports;
  return text.slice(0, size);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function kb(bytes) {
  return (bytes / 1024).toFixed(1) + " KB";
}

async function measure(root, label, browser, dir) {
  const server = await serve({ prefix: "/kb/", cacheControl: "no-store" });
  const out = path.join(dir, label, "public");
  execFileSync(tifa, ["build", "--root", root, "--output-dir", out, "--base-url", server.url()], { stdio: "ignore" });
  server.setRoot(out);
  const fileSize = (url) => {
    const rel = decodeURIComponent(new URL(url, "http://x").pathname).replace(/^\/kb\//, "");
    const file = path.join(out, rel.endsWith("/") || rel === "" ? rel + "index.html" : rel);
    return fs.existsSync(file) ? fs.statSync(file).size : 0;
  };
  const drafts = SIZES.map((size) => {
    const file = path.join(dir, `${label}-${size}.txt`);
    fs.writeFileSync(file, draftOf(size));
    return { size, file, text: draftOf(size) };
  });

  // Bytes before the first check, and what 引文核对 fetches per draft.
  const bytes = {};
  for (const d of drafts) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const urls = [];
    page.on("request", (r) => urls.push(r.url()));
    await page.goto(server.url("check/"));
    await page.fill("#check-date", DATE);
    const checked = page.evaluate(() => new Promise((r) => document.addEventListener("tifa:checked", r, { once: true })));
    const quoted = page.evaluate(() => new Promise((r) => document.addEventListener("tifa:quotes", (e) => r(e.detail.quotes.length), { once: true })));
    await page.evaluate((text) => {
      const input = document.getElementById("check-input");
      input.value = text;
      input.dispatchEvent(new Event("input"));
    }, d.text);
    await checked;
    const before = urls.filter((u) => !u.includes("/check/quotes/"));
    const quotes = await quoted;
    const quoteUrls = urls.filter((u) => u.includes("/check/quotes/"));
    bytes[d.size] = {
      first: before.reduce((sum, u) => sum + fileSize(u), 0),
      firstFiles: before.length,
      quotes: quoteUrls.reduce((sum, u) => sum + fileSize(u), 0),
      quoteFiles: quoteUrls.length,
      quoteMatches: quotes,
    };
    await context.close();
  }

  // Time: the rules alone, and a whole check of the page (rules + render).
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url("check/"));
  const times = {};
  for (const d of drafts) {
    times[d.size] = await page.evaluate(async ([text, runs, date]) => {
      const internals = window.tifa.checkInternals;
      const c = await internals.loadRules();
      const input = document.getElementById("check-input");
      document.getElementById("check-date").value = date;
      let findings = 0;
      const rules = [], page = [];
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        findings = internals.checkWith(c, text, { date }).length;
        const t1 = performance.now();
        input.value = text;
        await window.tifa.checkPage.run();
        const t2 = performance.now();
        if (i > 0) { rules.push(t1 - t0); page.push(t2 - t1 + (t1 - t0)); }
      }
      const med = (l) => l.sort((a, b) => a - b)[Math.floor(l.length / 2)];
      return { findings, rules: med(rules), page: med(page) };
    }, [d.text, RUNS, DATE]);
  }
  await context.close();
  await server.close();

  // The Rust reference, same drafts, same machine, same run.
  const rust = {};
  execFileSync(checkBench, [root, DATE, String(RUNS), ...drafts.map((d) => d.file)], { encoding: "utf8" })
    .trim().split("\n").map((line) => JSON.parse(line))
    .forEach((r, i) => { rust[drafts[i].size] = r; });

  const pages = execFileSync("find", [out, "-name", "index.html"], { encoding: "utf8" }).trim().split("\n").length;
  const rulesJson = fs.statSync(path.join(out, "check/rules.json")).size;
  const quoteFiles = fs.readdirSync(path.join(out, "check/quotes/f")).length + fs.readdirSync(path.join(out, "check/quotes/s")).length;
  console.log(`\n### ${label} (${pages} HTML pages; check/rules.json ${kb(rulesJson)}; 引文核对 index ${quoteFiles} files)\n`);
  console.log("| draft | findings | rules, browser (median) | rules, Rust (median) | browser / Rust | whole check in the page | bytes before the first check | 引文核对 fetches |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const d of drafts) {
    const t = times[d.size], r = rust[d.size], b = bytes[d.size];
    if (t.findings !== r.findings) throw new Error(`${label} ${d.size}: browser found ${t.findings}, Rust ${r.findings}`);
    console.log(`| ${d.size.toLocaleString("en")} chars | ${t.findings} | ${t.rules.toFixed(1)} ms | ${r.median_ms.toFixed(1)} ms | ${(t.rules / r.median_ms).toFixed(1)}× | ${t.page.toFixed(0)} ms | ${kb(b.first)} (${b.firstFiles} files) | ${kb(b.quotes)} (${b.quoteFiles} files, ${b.quoteMatches} quotations) |`);
  }
}

(async () => {
  const roots = process.argv.slice(2);
  const targets = [[repo, "shipped"], ...roots.map((r) => [path.resolve(r), path.basename(r)])];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-check-bench-"));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });
  try {
    console.log(`check benchmark: ${RUNS} runs per draft, date ${DATE}, ${os.cpus().length} cores`);
    for (const [root, label] of targets) await measure(root, label, browser, dir);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
