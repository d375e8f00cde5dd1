// The results page (/kb/search/): deep links, highlighted results, facets,
// keyboard navigation, "no results" help, and no request to another host.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./lib/harness");

describe("the search page (shipped site under /kb/)", () => {
  let site, browser, context, page;
  const foreign = [];

  const settled = (q) => page.waitForFunction(
    (q) => document.getElementById("search-results").getAttribute("data-query") === q &&
      !document.querySelector("[data-search-page]").hasAttribute("aria-busy"), q);
  const count = async () => Number((await page.textContent("#search-status")).match(/共 (\d+) 条/)[1]);

  before(async () => {
    site = await h.startSite("shipped");
    browser = await h.launch();
    context = await browser.newContext();
    context.on("request", (r) => {
      const url = new URL(r.url());
      if (url.hostname !== "127.0.0.1" && url.protocol !== "data:") foreign.push(r.url());
    });
    page = await context.newPage();
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
  });

  test("a deep link shows the count, highlighted results and facets", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("四个意识")));
    await settled("四个意识");
    assert.equal(await page.inputValue("#search-input"), "四个意识");
    const total = await count();
    assert.ok(total > 1, `count ${total}`);
    const first = page.locator("#search-results li").first();
    // Results carry the query, so the page they open marks its hits.
    assert.equal(await first.locator("a.result-link").getAttribute("href"), "/kb/formulations/si-ge-yi-shi/?hl=" + encodeURIComponent("四个意识"));
    assert.equal(await first.locator(".badge.kind").textContent(), "提法");
    assert.ok(await page.locator("#search-results li").count() >= Math.min(total, 20));
    assert.ok(await page.locator("#search-results .snippet mark").count() > 0, "snippets highlight hits");
    assert.equal(await page.locator("#search-results .snippet mark").first().textContent(), "四个意识");
    assert.ok(await page.locator("#search-facets fieldset").count() >= 2, "facets shown");
    assert.ok(await page.locator(".facet-kind input[value=excerpt]").count() === 1);
    assert.ok(await page.locator("#search-empty").isHidden());
  });

  test("clicking a facet filters the results and updates the counts and the URL", async () => {
    const before = await count();
    const excerptCount = Number(await page.locator(".facet-kind input[value=excerpt] + .count, .facet-kind label:has(input[value=excerpt]) .count").first().textContent());
    const partCountsBefore = await page.locator(".facet-part .count").allTextContents();
    await page.locator(".facet-kind input[value=excerpt]").check();
    await page.waitForFunction(() => /kind=excerpt/.test(location.search));
    await settled("四个意识");
    await page.waitForFunction((n) => /共 (\d+) 条/.test(document.getElementById("search-status").textContent) &&
      Number(document.getElementById("search-status").textContent.match(/共 (\d+) 条/)[1]) === n, excerptCount);
    const after = await count();
    assert.equal(after, excerptCount);
    assert.ok(after < before, `${after} < ${before}`);
    const kinds = await page.locator("#search-results li").evaluateAll((lis) => lis.map((li) => li.className));
    assert.ok(kinds.length > 0 && kinds.every((c) => c.includes("kind-excerpt")), kinds.join(","));
    // Part counts are over excerpts only now; formulations have no part, so
    // they are unchanged, but a second facet narrows further.
    assert.deepEqual(await page.locator(".facet-part .count").allTextContents(), partCountsBefore);
    const partValue = await page.locator(".facet-part input").first().getAttribute("value");
    const part = page.locator(`.facet-part input[value=${partValue}]`);
    const partCount = Number(await page.locator(".facet-part .count").first().textContent());
    await part.check();
    await page.waitForFunction((n) => {
      const m = document.getElementById("search-status").textContent.match(/共 (\d+) 条/);
      return m && Number(m[1]) === n;
    }, partCount);
    assert.match(await page.evaluate(() => location.search), /part=/);
    // The deep link keeps the filters.
    const url = page.url();
    await page.goto(url);
    await settled("四个意识");
    assert.equal(await count(), partCount);
    assert.ok(await page.locator(".facet-kind input[value=excerpt]").isChecked());
    // Unchecking restores.
    assert.ok(await part.isChecked());
    await part.uncheck();
    await page.locator(".facet-kind input[value=excerpt]").uncheck();
    await page.waitForFunction(() => !/kind=|part=/.test(location.search));
    await page.waitForFunction((n) => {
      const m = document.getElementById("search-status").textContent.match(/共 (\d+) 条/);
      return m && Number(m[1]) === n;
    }, before);
  });

  test("typing updates the results and the URL (replaceState)", async () => {
    const historyLength = await page.evaluate(() => history.length);
    await page.fill("#search-input", "两个维护");
    await settled("两个维护");
    assert.equal(new URL(page.url()).searchParams.get("q"), "两个维护");
    assert.equal(await page.evaluate(() => history.length), historyLength, "no history entry per keystroke");
    assert.equal(await page.locator("#search-results li a.result-link").first().getAttribute("href"), "/kb/formulations/liang-ge-wei-hu/?hl=" + encodeURIComponent("两个维护"));
  });

  test("↓ moves through the results and Enter opens one", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("四个意识")));
    await settled("四个意识");
    await page.focus("#search-input");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
    assert.equal(focused, "/kb/formulations/si-ge-yi-shi/?hl=" + encodeURIComponent("四个意识"));
    await Promise.all([page.waitForURL(/\/kb\/formulations\/si-ge-yi-shi\/\?hl=/), page.keyboard.press("Enter")]);
  });

  test('"/" focuses the search box', async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("党")));
    await settled("党");
    await page.locator("#search-results a").first().focus();
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  });

  test("“显示更多” appends the next results, with snippets", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("党")));
    await settled("党");
    const total = await count();
    assert.ok(total > 40, `${total} results`);
    assert.equal(await page.locator("#search-results li").count(), 20);
    assert.match(await page.textContent("#search-more"), new RegExp(`还有 ${total - 20} 条`));
    await page.click("#search-more");
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 40);
    assert.equal(await page.locator("#search-results li:nth-child(40) .snippet mark").first().textContent(), "党");
    assert.equal(await page.evaluate(() => document.activeElement.closest("li") === document.querySelector("#search-results li:nth-child(21)")), true, "focus moves to the first new result");
  });

  test("no results: help in Chinese", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("识意个四")));
    await settled("识意个四");
    assert.equal(await count(), 0);
    assert.ok(await page.locator("#search-empty").isVisible());
    const help = await page.textContent("#search-empty");
    for (const hint of ["减少字数", "错别字", "拼音首字母", "筛选"]) assert.ok(help.includes(hint), hint);
  });

  test("no request went to any host but 127.0.0.1", () => {
    assert.deepEqual(foreign, []);
  });
});
