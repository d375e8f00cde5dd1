// The JavaScript API (`window.tifa.search`) on pages other than the search
// page: every match without `limit`, ranking, snippets, filters and facets.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./lib/harness");

describe("window.tifa.search on a formulation page (shipped site)", () => {
  let site, browser, page, texts;
  const search = (q, options) => page.evaluate(([q, options]) => window.tifa.search(q, options), [q, options || {}]);

  before(async () => {
    site = await h.startSite("shipped");
    browser = await h.launch();
    page = await browser.newPage();
    await page.goto(site.server.url());
    texts = await h.pageTexts(page, h.pageUrls(site.out, "/kb/"));
    await page.goto(site.server.url("formulations/si-ge-yi-shi/"));
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
  });

  test("is available on every page and fetches nothing before the first search", async () => {
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(site.server.url("excerpts/"));
    assert.equal(await page.evaluate(() => typeof window.tifa.search), "function");
    await page.waitForLoadState("networkidle");
    assert.deepEqual(requests.filter((u) => u.includes("/search/")), [], "no index request before a search");
    await page.goto(site.server.url("formulations/si-ge-yi-shi/"));
  });

  test("hashes n-grams with 32-bit FNV-1a over UTF-8, as the index does", async () => {
    const hashes = await page.evaluate(() => ["", "a", "foobar", "四个"].map((s) => window.tifa.fnv1a32(s)));
    assert.deepEqual(hashes.slice(0, 3), [2166136261, 0xe40c292c, 0xbf9cf968]);
    // The pair 四个 is in the shard its hash names.
    const found = await page.evaluate(async (h) => {
      const manifest = await fetch("/kb/search/manifest.json").then((r) => r.json());
      const bytes = new Uint8Array(await fetch(`/kb/search/2/${h % manifest.shards["2"]}.bin`).then((r) => r.arrayBuffer()));
      return new TextDecoder().decode(bytes).includes("四个");
    }, hashes[3]);
    assert.ok(found);
  });

  test("without a limit, returns every match, ranked; the exact formulation first", async () => {
    const r = await search("四个意识");
    const expected = h.scan(texts, ["四个意识"]);
    assert.equal(r.total, expected.size);
    assert.equal(r.results.length, expected.size, "every match, not a page of them");
    assert.ok(r.results[0].url.endsWith("/formulations/si-ge-yi-shi/"), `first: ${r.results[0].url}`);
    assert.equal(r.results[0].kind, "formulation");
    assert.equal(r.results[0].kind_label, "提法");
    // Title matches before body matches (after the exact formulation).
    const inTitle = r.results.map((x) => h.fold(x.title).includes("四个意识"));
    const lastTitle = inTitle.lastIndexOf(true), firstBody = inTitle.indexOf(false);
    assert.ok(firstBody < 0 || lastTitle < firstBody, "title matches come before body matches");
    // Snippets: the first 20 are loaded, the rest are not.
    assert.ok(r.results.slice(0, Math.min(20, r.results.length)).every((x) => typeof x.snippet === "string" && x.snippet.includes("<mark>四个意识</mark>")));
    assert.ok(r.results.slice(20).every((x) => x.snippet === null));
  });

  test("a variant finds its formulation first", async () => {
    const r = await search("两个坚决维护");
    assert.ok(r.results[0].url.endsWith("/formulations/liang-ge-wei-hu/"), `first: ${r.results[0].url}`);
    const byTitle = await search("两个维护");
    assert.ok(byTitle.results[0].url.endsWith("/formulations/liang-ge-wei-hu/"));
  });

  test("pinyin initials and full pinyin find the formulation first", async () => {
    for (const [q, end] of [["sgys", "/formulations/si-ge-yi-shi/"], ["lgwh", "/formulations/liang-ge-wei-hu/"], ["sigeyishi", "/formulations/si-ge-yi-shi/"]]) {
      const r = await search(q);
      assert.ok(r.results.length > 0 && r.results[0].url.endsWith(end), `${q}: first ${r.results[0] && r.results[0].url}`);
    }
  });

  test("limit and offset return a slice, with snippets, highlighted and escaped", async () => {
    const all = await search("党风廉政", { snippets: false });
    const r = await search("党风廉政", { limit: 5, offset: 2 });
    assert.equal(r.total, all.total);
    assert.deepEqual(r.results.map((x) => x.url), all.results.slice(2, 7).map((x) => x.url));
    for (const x of r.results) {
      assert.match(x.snippet, /<mark>党风廉政<\/mark>/);
      assert.doesNotMatch(x.snippet.replace(/<\/?mark>/g, ""), /[<>]/, "text is escaped");
      assert.ok(Array.from(x.snippet.replace(/<\/?mark>|…/g, "")).length <= 80, "about 60 characters");
    }
  });

  test("every hit in a snippet is highlighted; multi-term queries highlight each term", async () => {
    const r = await search("四个意识 两个维护", { limit: 10 });
    assert.ok(r.total > 0);
    for (const x of r.results) {
      const plain = x.snippet.replace(/<mark>[^<]*<\/mark>/g, "");
      assert.ok(!plain.includes("四个意识") && !plain.includes("两个维护"), `unmarked hit in ${x.snippet}`);
    }
  });

  test("filters narrow the results; facets count the other filters", async () => {
    const all = await search("政治站位", { snippets: false });
    const kinds = {};
    for (const x of all.results) kinds[x.kind] = (kinds[x.kind] || 0) + 1;
    assert.deepEqual(all.facets.kind, kinds, "kind facet = kinds of the results");
    const excerpts = await search("政治站位", { filters: { kind: ["excerpt"] }, snippets: false });
    assert.equal(excerpts.total, kinds.excerpt);
    assert.ok(excerpts.results.every((x) => x.kind === "excerpt"));
    assert.deepEqual(excerpts.facets.kind, kinds, "a facet's own filter does not change its counts");
    const parts = {};
    for (const x of excerpts.results) if (x.part) parts[x.part] = (parts[x.part] || 0) + 1;
    assert.deepEqual(excerpts.facets.part, parts, "other facets count the filtered results");
    const part = Object.keys(parts)[0];
    const both = await search("政治站位", { filters: { kind: ["excerpt"], part: [part] }, snippets: false });
    assert.equal(both.total, parts[part]);
    assert.ok(both.results.every((x) => x.part === part && x.part_label));
    assert.ok(both.results.every((x) => x.source_title), "excerpts name their source");
  });

  test("a query with no match returns an empty result and zero facets", async () => {
    const r = await search("识意个四");
    assert.equal(r.total, 0);
    assert.deepEqual(r.results, []);
    assert.deepEqual(r.facets.kind, {});
    const blank = await search("   ");
    assert.equal(blank.total, 0);
  });

  test("each query fetches only the shards it needs", async () => {
    // A new page: nothing of the earlier queries is held in memory.
    const fresh = await browser.newPage();
    await fresh.goto(site.server.url("formulations/si-ge-yi-shi/"));
    const urls = [];
    fresh.on("request", (r) => urls.push(new URL(r.url()).pathname));
    await fresh.evaluate(() => window.tifa.search("治党主体责任", { snippets: false }));
    await fresh.close();
    const shards = urls.filter((u) => /\/search\/\d\/\d+\.bin$/.test(u));
    // 治党 主体 责任: three pairs cover the six characters.
    assert.ok(shards.length >= 1 && shards.length <= 3, `6 characters = 3 pairs, fetched ${shards.join(" ")}`);
    assert.ok(shards.every((u) => u.includes("/kb/search/2/")));
  });
});

for (const ranges of [true, false]) {
  describe(`snippets read the stored texts (a server ${ranges ? "with" : "without"} range requests)`, () => {
    let site, browser, page, stored, docs;

    before(async () => {
      site = await h.startSite("fixture", { ranges });
      stored = h.indexTexts(site.out);
      docs = JSON.parse(require("node:fs").readFileSync(`${site.out}/search/docs.json`, "utf8"));
      browser = await h.launch();
      page = await browser.newPage();
      await page.goto(site.server.url());
    });

    after(async () => {
      if (browser) await browser.close();
      if (site) await site.close();
    });

    test("each snippet is text of its own document; texts are fetched economically", async () => {
      const responses = [];
      page.on("response", (r) => {
        if (r.url().includes("/search/text/")) responses.push({ status: r.status(), range: r.request().headers().range });
      });
      const r = await page.evaluate(() => window.tifa.search("党", { limit: 40 }));
      assert.ok(r.results.length >= 5, `${r.results.length} results`);
      const byUrl = new Map(docs.map((d, id) => [d[0], id]));
      const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      for (const x of r.results) {
        const text = stored[byUrl.get(x.url)].replace(/\n/g, " · ");
        assert.match(x.snippet, /<mark>党<\/mark>/, x.url);
        for (const piece of unescape(x.snippet.replace(/<\/?mark>/g, "")).split("…").filter(Boolean)) {
          assert.ok(text.includes(piece), `${x.url}: ${JSON.stringify(piece)} is not in its stored text`);
        }
      }
      assert.ok(responses.length > 0);
      if (ranges) {
        assert.ok(responses.every((x) => x.status === 206 && /^bytes=\d+-\d+$/.test(x.range)), JSON.stringify(responses));
        assert.equal(responses.length, r.results.length, "one range request per result");
      } else {
        const manifest = JSON.parse(require("node:fs").readFileSync(`${site.out}/search/manifest.json`, "utf8"));
        assert.ok(responses.every((x) => x.status === 200));
        assert.ok(responses.length <= manifest.text_chunks.length, `${responses.length} requests for ${manifest.text_chunks.length} chunks: each chunk is fetched once`);
      }
    });
  });
}
