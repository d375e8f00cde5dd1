// Under `Content-Security-Policy: default-src 'self'`, browsing and searching
// (on the fixture site) raises no CSP violation, no console error and no
// script error.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./lib/harness");

describe("strict CSP (fixture site)", () => {
  let site, browser, page, problems;

  before(async () => {
    site = await h.startSite("fixture", { csp: "default-src 'self'" });
    browser = await h.launch();
    page = await browser.newPage();
    problems = h.watch(page);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
  });

  async function violations() {
    return page.evaluate(() => window.__violations);
  }

  test("the CSP header is sent", async () => {
    const response = await page.goto(site.server.url());
    assert.equal(response.headers()["content-security-policy"], "default-src 'self'");
  });

  for (const [name, path] of [["home", ""], ["a formulation", "formulations/si-ge-yi-shi/"], ["an excerpt", "excerpts/a-report/001/"], ["a list", "excerpts/"]]) {
    test(`${name}: the API searches with no violation`, async () => {
      await page.goto(site.server.url(path));
      const r = await page.evaluate(() => window.tifa.search("四个意识", { limit: 3 }));
      assert.ok(r.total > 0);
      assert.deepEqual(await violations(), []);
    });
  }

  test("the search page: typing, facets, show more, no results", async () => {
    await page.goto(site.server.url("search/?q=" + encodeURIComponent("党")));
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "党");
    await page.locator(".facet-kind input").first().check();
    await page.waitForFunction(() => /kind=/.test(location.search));
    await page.fill("#search-input", "政治");
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "政治");
    await page.fill("#search-input", "识意个四");
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("data-query") === "识意个四");
    assert.ok(await page.locator("#search-empty").isVisible());
    await page.click("#search-clear-filters");
    await page.waitForFunction(() => !/kind=/.test(location.search));
    assert.deepEqual(await violations(), []);
  });

  test("no console errors, no script errors", () => {
    assert.deepEqual(problems, []);
  });
});
