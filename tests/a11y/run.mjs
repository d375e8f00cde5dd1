// Accessibility check of a built tifa site: serves SITE_DIR on 127.0.0.1,
// opens its pages (see "Which pages" below) in Debian's Chromium (never a downloaded browser),
// injects axe-core from node_modules and fails on any `serious` or
// `critical` violation, printing each one.
//
//   node tests/a11y/run.mjs SITE_DIR
//
// The site must be built with a root base path (`--base-url http://127.0.0.1/`):
// internal links are root-relative, so any port serves it.
//
// Which pages: every page would take about five minutes on the two-core CI
// machine, so pages are grouped by the shape of their URL (which is the
// template they come from: /formulations/x/, /excerpts/src/001/, /topics/x/,
// list pages /…/page/N/, …); groups of up to PER_GROUP pages are checked
// whole, larger ones through PER_GROUP evenly spaced pages (first and last
// included). The search page is also checked with a query, after its
// results render, and the 校稿 page with a checked draft. All of that in
// the light colour scheme on a desktop screen; the first page of each group
// (and the checked draft) again in the dark scheme, where the theme has its
// own colours, and again on a 390 px touch screen, light and dark (the
// narrow layout: folded menu, one search box). A11Y_ALL=1 checks every page
// in the light scheme.
// Run by tests/validate.rs; install with `npm ci --prefix tests/a11y`.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
/** Pages checked at once: the CI machine has two cores. */
const WORKERS = 2;
/** Pages checked of each URL shape (see the top of this file). */
const PER_GROUP = 8;
const FAILING_IMPACTS = new Set(["serious", "critical"]);
/** The 校稿 page is also checked with a draft in it (findings of several kinds). */
const CHECKED = "/check/#draft";
const CHECK_DRAFT = "要做到“两个坚决维护”,学习《中共共产党廉洁自律准则》。\n牢固树立政治意识、大局意识、核心意识、看其意识。";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

function fail(message) {
  console.error(`a11y: ${message}`);
  process.exit(2);
}

/** A page at an old URL that sends the browser on at once (render::export::alias_page):
 *  axe would find itself on its target, which is checked under its own URL. */
const REDIRECT = /<meta http-equiv="refresh"/;

/** Every HTML file under `dir` but redirects, as root-relative URLs (`/a/b/` for a/b/index.html). */
function pageUrls(dir) {
  const urls = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html") && !REDIRECT.test(readFileSync(full, "utf8"))) {
        const rel = relative(dir, full).split(sep).join("/");
        urls.push("/" + (entry.name === "index.html" ? rel.slice(0, -"index.html".length) : rel));
      }
    }
  };
  walk(dir);
  return urls.sort();
}

/** A static file server for `dir` on 127.0.0.1 (port chosen by the system). */
function serve(dir) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    let file = resolve(dir, "." + path);
    if (!file.startsWith(resolve(dir))) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = join(dir, "404.html");
    }
    const type = TYPES[extname(file)] || "application/octet-stream";
    response.writeHead(status, { "content-type": type });
    response.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

/** The shape of a URL: its first segment and depth, or a list page. */
function shapeOf(url) {
  const segments = url.split("/").filter(Boolean);
  if (segments.includes("page")) return `${segments[0]}/page/N`;
  return `${segments[0] || "home"}:${segments.length}`;
}

/** `count` evenly spaced items of `list`, first and last included. */
function spaced(list, count) {
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, i) => list[Math.round((i * (list.length - 1)) / (count - 1))]);
}

/** Groups `urls` by shape: { shape: [url, …] } in URL order. */
function groups(urls) {
  const byShape = new Map();
  for (const url of urls) {
    const shape = shapeOf(url);
    if (!byShape.has(shape)) byShape.set(shape, []);
    byShape.get(shape).push(url);
  }
  return byShape;
}

async function check(context, base, url, axePath) {
  const page = await context.newPage();
  try {
    await page.goto(base + url, { waitUntil: "load" });
    if (url.startsWith("/search/")) {
      // Results are rendered by search.js after the index shards load.
      await page.waitForLoadState("networkidle");
    }
    if (url === CHECKED) {
      // The 校稿 page with a checked draft: marks, findings, 引文核对.
      await page.fill("#check-date", "2024-06-01");
      await page.fill("#check-input", CHECK_DRAFT);
      await page.waitForSelector("#check-findings > li");
      await page.waitForLoadState("networkidle");
    }
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ["violations"] }),
    );
    return results.violations;
  } finally {
    await page.close();
  }
}

function describe(url, scheme, violation) {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((n) => `      ${n.target.join(" ")}\n        ${n.failureSummary.replace(/\n/g, "\n        ")}`)
    .join("\n");
  const more = violation.nodes.length > 5 ? `\n      … and ${violation.nodes.length - 5} more` : "";
  return `${url} (${scheme}): [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`;
}

async function main() {
  const dir = process.argv[2];
  if (!dir || !existsSync(join(dir, "index.html"))) {
    fail(`usage: node tests/a11y/run.mjs SITE_DIR (a built site with index.html); got ${dir}`);
  }
  if (!existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} not found: install it with \`apt-get install -y chromium\` (or bash .ci/install-test-deps.sh)`);
  }
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    fail("playwright-core is not installed: run `npm ci --prefix tests/a11y`");
  }
  const axePath = require.resolve("axe-core/axe.min.js");
  const all = pageUrls(dir);
  const byShape = groups(all);
  const urls = process.env.A11Y_ALL ? all : [...byShape.values()].flatMap((list) => spaced(list, PER_GROUP));
  urls.push("/search/?q=" + encodeURIComponent("四个意识"));
  urls.push(CHECKED);
  const darkSample = [...byShape.values()].map((list) => list[0]).concat([CHECKED]);
  const firstOfEach = [...darkSample, "/search/?q=" + encodeURIComponent("四个意识")];
  const jobs = [
    ...urls.map((url) => ({ url, scheme: "light" })),
    ...darkSample.map((url) => ({ url, scheme: "dark" })),
    ...firstOfEach.map((url) => ({ url, scheme: "phone-light" })),
    ...firstOfEach.map((url) => ({ url, scheme: "phone-dark" })),
  ];

  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const contexts = {
    light: await browser.newContext({ colorScheme: "light" }),
    dark: await browser.newContext({ colorScheme: "dark" }),
    "phone-light": await browser.newContext({ colorScheme: "light", ...phone }),
    "phone-dark": await browser.newContext({ colorScheme: "dark", ...phone }),
  };
  const started = Date.now();
  const problems = [];
  const minor = new Map();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { url, scheme } = jobs[next++];
      let violations;
      try {
        violations = await check(contexts[scheme], base, url, axePath);
      } catch (error) {
        problems.push(`${url} (${scheme}): could not be checked: ${error.message}`);
        continue;
      }
      for (const v of violations) {
        if (FAILING_IMPACTS.has(v.impact)) problems.push(describe(url, scheme, v));
        else minor.set(`${v.impact} ${v.id}`, (minor.get(`${v.impact} ${v.id}`) || 0) + 1);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: WORKERS }, worker));
  } finally {
    await browser.close();
    server.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `a11y: axe-core checked ${urls.length} of ${all.length} pages (light; ${byShape.size} URL shapes, up to ${PER_GROUP} pages each, plus a search), ${darkSample.length} (dark, one per shape) and ${firstOfEach.length} at 390 px (light and dark) in ${seconds} s`,
  );
  for (const [key, count] of minor) console.log(`a11y: note: ${key} on ${count} page(s) (not serious)`);
  if (problems.length) {
    console.error(`a11y: ${problems.length} serious or critical violation(s):\n\n${problems.join("\n\n")}`);
    process.exit(1);
  }
  console.log("a11y: no serious or critical violations");
}

main().catch((error) => fail(error.stack || String(error)));
