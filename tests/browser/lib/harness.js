// Shared set-up of the browser tests: the tifa binary, building a site into a
// temporary folder for a server's port, launching Debian's Chromium with
// playwright-core, and the reference implementation of the search semantics
// (folding, query parsing, pinyin) that the tests hold the client to.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { serve } = require("./server");

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const seedsDir = path.join(repoRoot, "reports");
const fixtureDir = path.join(__dirname, "..", "fixture");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** The tifa binary: $TIFA_BIN, else target/debug/tifa (built if missing). */
function tifaBin() {
  if (process.env.TIFA_BIN) return path.resolve(repoRoot, process.env.TIFA_BIN);
  const targetDir = path.resolve(repoRoot, process.env.CARGO_TARGET_DIR || "target");
  const bin = path.join(targetDir, "debug", process.platform === "win32" ? "tifa.exe" : "tifa");
  if (!fs.existsSync(bin)) {
    execFileSync("cargo", ["build"], { cwd: repoRoot, stdio: "inherit" });
  }
  return bin;
}

function tempDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tifa-browser-${label}-`));
}

/**
 * Builds the knowledge base at `root` into a new temporary folder with
 * `base_url` = `baseUrl`. Returns the output folder.
 */
function build(root, baseUrl, label) {
  const out = path.join(tempDir(label), "public");
  execFileSync(tifaBin(), ["build", "--root", root, "--output-dir", out, "--base-url", baseUrl], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return out;
}

/**
 * A copy of the test fixture with the working tree's default theme next to
 * it (`themes/default/`), so the build uses the theme as it is on disk, not
 * the copy built into the binary.
 */
function fixtureRoot(source = fixtureDir) {
  const root = path.join(tempDir("fixture-src"), "kb");
  fs.cpSync(source, root, { recursive: true });
  fs.cpSync(path.join(repoRoot, "themes", "default"), path.join(root, "themes", "default"), { recursive: true });
  return root;
}

/**
 * Starts a server under /kb/ (optionally with a CSP header), builds the site
 * (`which`: "shipped", "fixture", or the path of a knowledge base, which is
 * copied with the working tree's theme like the fixture) for its URL and
 * serves it. `close()` stops the server and removes the temporary folders.
 */
async function startSite(which, options = {}) {
  const server = await serve({ prefix: "/kb/", csp: options.csp, ranges: options.ranges });
  const root = which === "shipped" ? repoRoot : fixtureRoot(which === "fixture" ? fixtureDir : which);
  const out = build(root, server.url(), which === "shipped" || which === "fixture" ? which : "kb");
  server.setRoot(out);
  const close = async () => {
    await server.close();
    // The temporary folders: the output's parent, and the fixture's copy.
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    if (root !== repoRoot) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  };
  return { server, out, root, close };
}

async function launch() {
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

// ------------------------------------------------ reference semantics

/** Folds per docs/search-format.md: full-width → ASCII, U+3000 → space, A–Z → a–z. */
function fold(text) {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0);
    let d = c;
    if (code >= 0xff01 && code <= 0xff5e) d = String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) d = " ";
    out += d.replace(/[A-Z]/, (x) => x.toLowerCase());
  }
  return out;
}

/** An element's searchable text: folded, whitespace runs collapsed, trimmed. */
function normalise(text) {
  return fold(text).replace(/\s+/g, " ").trim();
}

/** The query's terms, per the spec (whitespace = AND; "…" or “…” = one term). */
function queryTerms(query) {
  const terms = [];
  // Split on quote characters: even pieces are outside quotes, odd inside.
  fold(query).split(/["\u201c\u201d]/).forEach((piece, i) => {
    const parts = i % 2 ? [piece.replace(/\s+/g, " ").trim()] : piece.split(/\s+/);
    for (const t of parts) if (t && !terms.includes(t)) terms.push(t);
  });
  return terms;
}

/** Does an all-letters `term` spell consecutive syllables (full or prefixes)? */
function pinyinMatch(term, syllables) {
  if (!/^[a-z]+$/.test(term)) return false;
  const prefix = (s) => {
    // "shi" → s(?:h(?:i)?)?
    let re = "";
    for (let i = s.length - 1; i >= 1; i--) re = `(?:${escapeRe(s[i])}${re})?`;
    return escapeRe(s[0]) + re;
  };
  for (let start = 0; start < syllables.length; start++) {
    for (let end = start + 1; end <= syllables.length; end++) {
      const re = new RegExp("^" + syllables.slice(start, end).map((s) => prefix(s.toLowerCase())).join("") + "$");
      if (re.test(term)) return true;
    }
  }
  return false;
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ------------------------------------------------------ the built pages

/** Root-relative URLs of every HTML page of a built site (under `prefix`). */
function pageUrls(out, prefix) {
  const urls = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) {
        const rel = path.relative(out, full).split(path.sep).join("/");
        urls.push(prefix + (entry.name === "index.html" ? rel.slice(0, -"index.html".length) : rel));
      }
    }
  };
  walk(out);
  return urls.sort();
}

/**
 * The text of every page that has `[data-search-text]` elements, read in the
 * browser (fetch + DOMParser): `{ url: [elementText, …] }`, each element's
 * text normalised as the spec says, in document order.
 */
async function pageTexts(page, urls) {
  return page.evaluate(async (list) => {
    // The text a reader sees: text nodes in document order, with a break
    // between block-level boxes and table cells (textContent would run
    // `<td>写法</td><td>说明</td>` together as 写法说明).
    const BLOCK = new Set(["ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BR", "CAPTION", "DD", "DETAILS", "DIV", "DL", "DT",
      "FIGCAPTION", "FIGURE", "FOOTER", "FORM", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "NAV",
      "OL", "P", "PRE", "SECTION", "SUMMARY", "TABLE", "TBODY", "TD", "TFOOT", "TH", "THEAD", "TR", "UL"]);
    const renderedText = (element) => {
      let text = "";
      const walk = (node) => {
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.nodeType === 3) text += child.data;
          else if (child.nodeType === 1) {
            const block = BLOCK.has(child.tagName);
            if (block) text += "\n";
            walk(child);
            if (block) text += "\n";
          }
        }
      };
      walk(element);
      return text;
    };
    const out = {};
    await Promise.all(list.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) return;
      const html = await response.text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      const elements = Array.from(doc.querySelectorAll("[data-search-text]"));
      if (elements.length) out[url] = elements.map(renderedText);
    }));
    return out;
  }, urls).then((raw) => {
    const texts = {};
    for (const [url, parts] of Object.entries(raw)) texts[url] = parts.map(normalise);
    return texts;
  });
}

/** Pages whose text contains every term (elements joined by "\n"). */
function scan(texts, terms) {
  const found = new Set();
  for (const [url, parts] of Object.entries(texts)) {
    const text = parts.join("\n");
    if (terms.every((t) => text.includes(t))) found.add(url);
  }
  return found;
}

/**
 * The stored text of every document of a built site's search index, by
 * document id: `text/<chunk>.txt` files hold consecutive documents, whose
 * byte lengths are in docs.json (docs/search-format.md).
 */
function indexTexts(out) {
  const dir = path.join(out, "search");
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  const docs = JSON.parse(fs.readFileSync(path.join(dir, "docs.json"), "utf8"));
  const starts = manifest.text_chunks;
  const texts = [];
  starts.forEach((first, chunk) => {
    const bytes = fs.readFileSync(path.join(dir, "text", `${chunk}.txt`));
    const end = chunk + 1 < starts.length ? starts[chunk + 1] : docs.length;
    let offset = 0;
    for (let id = first; id < end; id++) {
      texts[id] = bytes.subarray(offset, offset + docs[id][11]).toString("utf8");
      offset += docs[id][11];
    }
    if (offset !== bytes.length) throw new Error(`text/${chunk}.txt has ${bytes.length} bytes, docs.json says ${offset}`);
  });
  return texts;
}

function readSeeds() {
  if (!fs.existsSync(seedsDir)) return null;
  return fs.readdirSync(seedsDir).filter((f) => f.endsWith(".txt")).sort()
    .map((f) => fs.readFileSync(path.join(seedsDir, f), "utf8")).join("\n");
}

/** Collects console errors, page errors and CSP violations of a page. */
function watch(page) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location().url || page.url();
    // Chromium probes /favicon.ico at the root of the host, outside the
    // site's sub-path: not the site's request.
    if (new URL(where).pathname === "/favicon.ico") return;
    problems.push(`console.error: ${msg.text()} (${where})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

module.exports = {
  repoRoot, seedsDir, fixtureDir, CHROMIUM_ARGS,
  tifaBin, build, fixtureRoot, startSite, launch,
  fold, normalise, queryTerms, pinyinMatch,
  pageUrls, pageTexts, scan, readSeeds, watch, indexTexts,
};
