// Candidates verified in result order (docs/search-format.md, format 4): a
// site where a phrase's pairs are on more pages than the client verifies at
// once. With a `limit`, the returned slice is verified and in the order of
// the full answer, the count says "at least" until every candidate is read,
// and verifying them all gives the count a scan of the pages gives.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const h = require("./lib/harness");

// 240 pages, each with 政治 and 建设; about a third with 政治建设 itself.
// Deterministic: page i's text depends on i alone.
function writeSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-verify-"));
  fs.writeFileSync(path.join(root, "config.toml"), 'title = "核对测试库"\nbase_url = "http://127.0.0.1:1111/"\npaginate_by = 0\n');
  const dir = path.join(root, "content", "guide");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(root, "content", "_index.md"), "---\ntitle: 核对测试库\n---\n测试。\n");
  fs.writeFileSync(path.join(dir, "_index.md"), "---\ntitle: 说明\npage_kind: page\n---\n");
  const words = ["加强政治", "建设队伍", "政治建设", "推进建设", "提高政治站位", "工作"];
  for (let i = 0; i < 240; i++) {
    const body = [];
    for (let k = 0; k < 6; k++) {
      const w = (i * 7 + k * 3 + (i % 5) * k) % words.length;
      body.push(i % 3 === 0 && w === 2 ? words[0] : words[w]);
    }
    fs.writeFileSync(path.join(dir, `p${String(i).padStart(3, "0")}.md`),
      `---\ntitle: 第${i}页\n---\n${body.join("，")}；第${i}段${i % 4 === 0 ? "政治建设" : "加强政治、推进建设"}。\n`);
  }
  return root;
}

describe("verifying candidates in result order (a phrase whose pairs are on 240 pages)", () => {
  let source, site, browser, page, expected;
  const search = (q, options) => page.evaluate(([q, options]) => window.tifa.search(q, options), [q, options || {}]);

  before(async () => {
    source = writeSite();
    site = await h.startSite(source);
    browser = await h.launch();
    page = await browser.newPage();
    await page.goto(site.server.url());
    const docs = JSON.parse(fs.readFileSync(path.join(site.out, "search", "docs.json"), "utf8"));
    const texts = h.indexTexts(site.out);
    expected = new Set(docs.filter((d, id) => h.fold(texts[id]).includes("政治建设")).map((d) => d[0]));
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
    if (source) fs.rmSync(source, { recursive: true, force: true });
  });

  test("without a limit, every candidate is verified: the pages of a scan, exactly", async () => {
    const all = await search("政治建设", { snippets: false });
    assert.ok(expected.size > 40 && expected.size < 200, `${expected.size} pages contain it`);
    assert.equal(all.exact, true);
    assert.equal(all.total, expected.size);
    assert.deepEqual(new Set(all.results.map((r) => r.url)), expected);
  });

  test("with a limit, the slice is verified, in the full answer's order, and the count is a lower bound", async () => {
    const fresh = await browser.newPage();
    await fresh.goto(site.server.url());
    const texts = [];
    fresh.on("request", (r) => { if (r.url().includes("/search/text/")) texts.push(r.url()); });
    const first = await fresh.evaluate(() => window.tifa.search("政治建设", { limit: 10, snippets: false }));
    const second = await fresh.evaluate(() => window.tifa.search("政治建设", { limit: 10, offset: 10, snippets: false }));
    const all = await search("政治建设", { snippets: false });
    await fresh.close();
    assert.equal(first.exact, false, "240 candidates are not all read for ten results");
    assert.ok(texts.length <= 120, `${texts.length} texts read for two pages of ten (at most 60 a search)`);
    assert.ok(first.total >= 10 && first.total <= expected.size && first.total_max >= expected.size,
      `${first.total} ≤ ${expected.size} ≤ ${first.total_max}`);
    assert.deepEqual(first.results.map((r) => r.url), all.results.slice(0, 10).map((r) => r.url));
    assert.deepEqual(second.results.map((r) => r.url), all.results.slice(10, 20).map((r) => r.url));
    const exact = await search("政治建设", { limit: 10, exact: true, snippets: false });
    assert.equal(exact.exact, true);
    assert.equal(exact.total, expected.size);
  });

  test("a phrase the first candidates read do not hold is not reported as missing", async () => {
    // Pages have 推进建设 and 建设队伍 but never 进建设队 itself (words are
    // joined by full-width commas): every one is a candidate, none a match.
    const texts = h.indexTexts(site.out);
    assert.equal(texts.filter((t) => h.fold(t).includes("进建设队")).length, 0);
    const first = await search("进建设队", { limit: 10, snippets: false });
    assert.equal(first.total, 0);
    assert.ok(!first.exact && first.total_max > 60, `${first.total_max} candidates, more than one search reads`);

    await page.goto(site.server.url("guide/p001/"));
    await page.fill("#site-search", "进建设队");
    const status = page.locator(".site-header .instant-status");
    await page.waitForFunction(() => /个候选尚未逐字核对/.test(document.querySelector(".site-header .instant-status").textContent));
    assert.doesNotMatch(await status.textContent(), /没有找到/);
    assert.equal(await page.locator(".site-header .instant-all").textContent(), "到搜索页继续核对（回车）");

    await page.goto(site.server.url("search/?q=" + encodeURIComponent("进建设队")));
    await page.waitForFunction(() => /已核对的候选里还没有“进建设队”，另有 \d+ 个候选尚未逐字核对/.test(document.getElementById("search-status").textContent));
    assert.ok(await page.locator("#search-verify").isVisible());
    await page.click("#search-verify");
    await page.waitForFunction(() => /共 0 条结果/.test(document.getElementById("search-status").textContent));
    assert.ok(await page.locator("#search-empty").isVisible(), "every candidate read: now it is 没有找到");
  });

  test("the results page says 至少 and counts exactly on 统计准确条数", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("政治建设")));
    await page.waitForFunction(() => /至少 \d+ 条结果/.test(document.getElementById("search-status").textContent));
    assert.ok(await page.locator("#search-verify").isVisible());
    assert.equal(await page.locator("#search-results li").count(), 20);
    await page.click("#search-verify");
    await page.waitForFunction(() => /共 \d+ 条结果/.test(document.getElementById("search-status").textContent));
    const count = Number((await page.textContent("#search-status")).match(/共 (\d+) 条/)[1]);
    assert.equal(count, expected.size);
    assert.ok(await page.locator("#search-verify").isHidden());
    assert.match(await page.textContent("#search-more"), new RegExp(`还有 ${expected.size - 20} 条`));
  });
});
