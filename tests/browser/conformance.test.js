// The conformance suite of the checker, browser side: every draft of
// tests/conformance/cases.json, checked by window.tifa.check on the 校稿 page
// of the suite's knowledge base (built with the working tree's theme), gives
// the expected findings, and exactly what `tifa check --draft` gives for it
// (rule, span, text, suggestion, message, url), finding for finding; the
// same for tests/conformance/shipped.json on the built shipped site (the
// repository's own content/). The Rust side alone is tests/conformance.rs.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const h = require("./lib/harness");

const suite = path.join(h.repoRoot, "tests", "conformance");
const cases = JSON.parse(fs.readFileSync(path.join(suite, "cases.json"), "utf8"));
const shipped = JSON.parse(fs.readFileSync(path.join(suite, "shipped.json"), "utf8"));

/** `tifa check --draft` on a case, over the same knowledge base. */
function rustFindings(root, c, dir) {
  const draft = path.join(dir, c.name + ".txt");
  fs.writeFileSync(draft, c.text);
  // The browser's messages are Chinese: so are tifa's with --lang zh,
  // whatever the locale the tests run in.
  const args = ["check", "--format", "json", "--lang", "zh", "--root", root, "--draft", draft, "--date", c.date];
  if (c.doc_type) args.push("--doc-type", c.doc_type);
  return JSON.parse(execFileSync(h.tifaBin(), args, { encoding: "utf8" })).findings;
}

describe("conformance: window.tifa.check and tifa check --draft (suite knowledge base)", () => {
  let site, browser, page, problems, dir;

  before(async () => {
    site = await h.startSite(path.join(suite, "kb"), { csp: "default-src 'self'" });
    browser = await h.launch();
    page = await browser.newPage();
    problems = h.watch(page);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-conformance-"));
    await page.goto(site.server.url("check/"));
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${cases.length} cases, each as expected and as tifa check --draft finds`, async () => {
    assert.ok(cases.length >= 60, `only ${cases.length} cases`);
    const failures = [];
    for (const c of cases) {
      const options = { date: c.date };
      if (c.doc_type) options.doc_type = c.doc_type;
      const js = (await page.evaluate(([text, o]) => window.tifa.check(text, o), [c.text, options])).findings;
      // The site's URLs carry its base path; the command's are built for its config.
      const rust = rustFindings(site.root, c, dir).map((f) => ({ ...f, url: f.url && f.url.replace(/^\//, "/kb/") }));
      const brief = js.map((f) => [f.rule, f.start, f.end, f.text, f.suggestion]);
      try {
        assert.deepEqual(brief, c.expect, "expected findings");
        assert.deepEqual(js.map(sorted), rust.map(sorted), "the same findings as tifa check --draft");
      } catch (error) {
        failures.push(`${c.name}: ${error.message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test("a check on another page loads the checker on demand", async () => {
    await page.goto(site.server.url(""));
    assert.equal(await page.evaluate(() => Boolean(window.tifa.check.loaded)), false);
    const r = await page.evaluate(() => window.tifa.check("做到两个坚决维护", { date: "2024-06-01" }));
    assert.deepEqual(r.findings.map((f) => [f.rule, f.start, f.end]), [["variant-spelling", 2, 8]]);
  });

  test("no console errors, no script errors, no CSP violations", () => {
    assert.deepEqual(problems, []);
  });
});

/**
 * `tifa check --draft` on one-line cases of one date at once, one case a
 * line (the checker reads a draft line by line): each case's findings,
 * offsets from the start of its line.
 */
function rustFindingsByLine(root, group, dir) {
  const texts = group.map((c) => c.text);
  const draft = path.join(dir, "batch.txt");
  fs.writeFileSync(draft, texts.join("\n"));
  const args = ["check", "--format", "json", "--root", root, "--draft", draft, "--date", group[0].date];
  if (group[0].doc_type) args.push("--doc-type", group[0].doc_type);
  const findings = JSON.parse(execFileSync(h.tifaBin(), args, { encoding: "utf8" })).findings;
  const starts = [];
  let at = 0;
  for (const text of texts) { starts.push(at); at += text.length + 1; }
  const byLine = texts.map(() => []);
  for (const f of findings) {
    let line = starts.length - 1;
    while (starts[line] > f.start) line--;
    byLine[line].push({ ...f, start: f.start - starts[line], end: f.end - starts[line] });
  }
  return byLine;
}

describe("conformance: window.tifa.check and tifa check --draft (shipped knowledge base)", () => {
  let site, browser, page, problems, dir;

  before(async () => {
    site = await h.startSite("shipped", { csp: "default-src 'self'" });
    browser = await h.launch();
    page = await browser.newPage();
    problems = h.watch(page);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-conformance-shipped-"));
    await page.goto(site.server.url("check/"));
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${shipped.length} cases of the shipped knowledge base, each as expected and as tifa check --draft finds`, async () => {
    assert.ok(shipped.filter((c) => !c.expect.length).length >= 64, "the 64 correct wordings of issue 12");
    assert.ok(shipped.some((c) => c.expect.length), "a case that finds something");
    const groups = new Map();
    for (const c of shipped) {
      const key = c.date + "|" + (c.doc_type || "");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(c);
    }
    const failures = [];
    for (const group of groups.values()) {
      assert.ok(group.every((c) => !/[\r\n]/.test(c.text)), "one-line cases");
      const rust = rustFindingsByLine(h.repoRoot, group, dir);
      for (const [i, c] of group.entries()) {
        const options = { date: c.date };
        if (c.doc_type) options.doc_type = c.doc_type;
        const js = (await page.evaluate(([text, o]) => window.tifa.check(text, o), [c.text, options])).findings;
        const expectedRust = rust[i].map((f) => ({ ...f, url: f.url && f.url.replace(/^\//, "/kb/") }));
        try {
          assert.deepEqual(js.map((f) => [f.rule, f.start, f.end, f.text, f.suggestion]), c.expect, "expected findings");
          assert.deepEqual(js.map(sorted), expectedRust.map(sorted), "the same findings as tifa check --draft");
        } catch (error) {
          failures.push(`${c.name}: ${error.message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test("no console errors, no script errors, no CSP violations", () => {
    assert.deepEqual(problems, []);
  });
});

function sorted(object) {
  return Object.fromEntries(Object.keys(object).sort().map((k) => [k, object[k]]));
}
