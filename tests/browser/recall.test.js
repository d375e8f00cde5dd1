// Recall: for every query below, the set of pages `window.tifa.search`
// returns equals the set of pages found by scanning the built pages' text
// (the `[data-search-text]` elements, folded as docs/search-format.md says).
// Runs on the shipped knowledge base and on the fixture, both built under the
// sub-path /kb/ and served by a local static server.
//
// The queries are taken from the seed reports (reports/*.txt), which
// the shipped content was imported from: the test checks that each one occurs
// in the seeds (folded), except the pinyin and deliberately absent ones.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./lib/harness");

// kind: what the query exercises. scan: the Simplified text to scan for (for
// Traditional queries). pinyin: an all-letters query (also matches names).
// absent: nothing may match. must: URL endings that must be among the results.
const QUERIES = [
  // Phrases.
  { q: "四个意识", kind: "phrase" },
  { q: "两个维护", kind: "phrase" },
  { q: "全面从严治党", kind: "phrase" },
  { q: "党风廉政建设", kind: "phrase" },
  { q: "三会一课", kind: "phrase" },
  { q: "民主集中制", kind: "phrase" },
  { q: "意识形态工作", kind: "phrase" },
  { q: "批评和自我批评", kind: "phrase" },
  { q: "中央八项规定精神", kind: "phrase" },
  { q: "以习近平同志为核心的党中央", kind: "phrase" },
  { q: "对照检查材料", kind: "phrase" },
  { q: "刀刃向内、刮骨疗毒", kind: "phrase" },
  { q: "以习近平新时代中国特色社会主义思想", kind: "phrase" },
  // Substrings crossing word boundaries.
  { q: "站位不", kind: "cross" },
  { q: "治党主体", kind: "cross" },
  { q: "党主体责", kind: "cross" },
  { q: "严治党工作", kind: "cross" },
  { q: "性和主动", kind: "cross" },
  { q: "落实不到", kind: "cross" },
  { q: "的政治建设", kind: "cross" },
  { q: "建设摆在首位", kind: "cross" },
  { q: "两学一", kind: "cross" },
  { q: "四风问", kind: "cross" },
  { q: "堡垒作", kind: "cross" },
  // Single characters (a CJK character, punctuation).
  { q: "党", kind: "1 char" },
  { q: "廉", kind: "1 char" },
  { q: "腐", kind: "1 char" },
  { q: "弦", kind: "1 char" },
  { q: "舵", kind: "1 char" },
  { q: "、", kind: "1 char" },
  { q: "，", kind: "1 char (full-width comma, folds to ',')" },
  // 2, 3, 4 and 7 characters.
  { q: "巡视", kind: "2 chars" },
  { q: "初心", kind: "2 chars" },
  { q: "堡垒", kind: "2 chars" },
  { q: "扶贫", kind: "2 chars" },
  { q: "责任制", kind: "3 chars" },
  { q: "十九大", kind: "3 chars" },
  { q: "四个自信", kind: "4 chars" },
  { q: "蹄疾步稳", kind: "4 chars" },
  { q: "政治站位", kind: "4 chars" },
  { q: "政治建设摆在首", kind: "7 chars" },
  { q: "坚持把党的政治", kind: "7 chars" },
  // Full-width and half-width forms, Latin case, digits.
  { q: "ｘ县委", kind: "full-width letter (as in the seeds)" },
  { q: "x县委", kind: "half-width for full-width text" },
  { q: "Ｘ分局", kind: "full-width for half-width text" },
  { q: "１２３４５政府", kind: "full-width digits" },
  { q: "党员Ｅ家", kind: "full-width upper case for lower case" },
  { q: "2021年度", kind: "digits" },
  { q: "\"X+N+N\"", kind: "quoted, ASCII punctuation" },
  { q: "（一）", kind: "full-width parentheses" },
  // Several terms (AND), separated by a space or an ideographic space.
  { q: "四个意识 两个维护", kind: "multi-term" },
  { q: "巡视 整改 落实", kind: "multi-term" },
  { q: "党风廉政 责任制", kind: "multi-term" },
  { q: "站位 不够高", kind: "multi-term" },
  { q: "四个意识\u3000两个维护", kind: "multi-term (ideographic space)" },
  // Quoted text.
  { q: "\"初心 牢记\"", kind: "quoted with a space" },
  { q: "\"不忘初心 牢记使命\"", kind: "quoted with a space" },
  { q: "“四个意识”", kind: "curly quotes" },
  // Traditional characters find the Simplified text.
  { q: "黨風廉政", scan: "党风廉政", kind: "traditional" },
  { q: "兩個維護", scan: "两个维护", kind: "traditional" },
  { q: "意識形態", scan: "意识形态", kind: "traditional" },
  { q: "從嚴治黨", scan: "从严治党", kind: "traditional" },
  { q: "巡視整改", scan: "巡视整改", kind: "traditional" },
  // Pinyin: initials, full syllables, prefixes, any case or width.
  { q: "sgys", pinyin: true, kind: "pinyin initials", must: ["/formulations/si-ge-yi-shi/"] },
  { q: "lgwh", pinyin: true, kind: "pinyin initials", must: ["/formulations/liang-ge-wei-hu/"] },
  { q: "sigeyishi", pinyin: true, kind: "full pinyin", must: ["/formulations/si-ge-yi-shi/"] },
  { q: "shyk", pinyin: true, kind: "pinyin initials", must: ["/formulations/san-hui-yi-ke/"] },
  { q: "sige", pinyin: true, kind: "pinyin prefix", must: ["/formulations/si-ge-yi-shi/"] },
  { q: "liangge", pinyin: true, kind: "pinyin prefix", must: ["/formulations/liang-ge-wei-hu/"] },
  { q: "SGYS", pinyin: true, kind: "pinyin, upper case", must: ["/formulations/si-ge-yi-shi/"] },
  { q: "ｓｇｙｓ", pinyin: true, kind: "pinyin, full-width", must: ["/formulations/si-ge-yi-shi/"] },
  // Variant spellings.
  { q: "两个坚决维护", kind: "variant", must: ["/formulations/liang-ge-wei-hu/"] },
  { q: "一级抓一级，层层抓落实", kind: "variant with a full-width comma" },
  // Absent strings.
  { q: "识意个四", absent: true, kind: "absent" },
  { q: "四个意志", absent: true, kind: "absent" },
  { q: "全面从宽治党", absent: true, kind: "absent" },
  { q: "党风廉政腐败建设", absent: true, kind: "absent" },
];

// Fixture-only queries: the cases the shipped content has no example of.
const FIXTURE_QUERIES = [
  { q: "work report", kind: "Latin, two terms" },
  { q: "\"work report\"", kind: "Latin phrase with a space" },
  { q: "WORK REPORT", kind: "Latin, upper case" },
  { q: "ＷＯＲＫ", kind: "Latin, full-width" },
  { q: "app", kind: "full-width text, ASCII query" },
  { q: "(app端)", kind: "full-width parentheses in the text" },
  { q: "12345", kind: "digits in full-width and half-width text" },
  { q: "𠀀字测试𠀁", kind: "characters outside the BMP" },
  { q: "𠀀", kind: "one character outside the BMP" },
  { q: "\"党风 廉政\"", kind: "quoted with a space" },
  { q: "党风 廉政", kind: "two terms" },
  { q: "abc", kind: "full-width table cell" },
  { q: "政治意识、大局意识", kind: "formulation full wording" },
  { q: "第一项：政治站位", kind: "list item, full-width colon" },
  { q: "sgzx", pinyin: true, kind: "pinyin initials", must: ["/formulations/si-ge-zi-xin/"] },
  { q: "s", pinyin: true, kind: "one pinyin letter" },
  { q: "ge", pinyin: true, kind: "one pinyin syllable" },
];

function expectedFor(query, texts, pinyinNames) {
  const terms = h.queryTerms(query.scan || query.q);
  let expected = null;
  for (const term of terms) {
    const pages = h.scan(texts, [term]);
    for (const { url, syllables } of pinyinNames) if (h.pinyinMatch(term, syllables)) pages.add(url);
    expected = expected ? new Set([...expected].filter((u) => pages.has(u))) : pages;
  }
  return expected || new Set();
}

for (const which of ["shipped", "fixture"]) {
  describe(`recall on the ${which} site`, () => {
    let site, browser, page, texts, docs, terms, pinyinNames;

    before(async () => {
      site = await h.startSite(which);
      browser = await h.launch();
      page = await browser.newPage();
      await page.goto(site.server.url());
      texts = await h.pageTexts(page, h.pageUrls(site.out, "/kb/"));
      docs = await page.evaluate(() => fetch("/kb/search/docs.json").then((r) => r.json()));
      terms = await page.evaluate(() => fetch("/kb/search/terms.json").then((r) => r.json()));
      pinyinNames = terms.flatMap((t) => t.pinyin.map((syllables) => ({ url: docs[t.doc][0], syllables })));
    });

    after(async () => {
      if (browser) await browser.close();
      if (site) await site.close();
    });

    test("the index covers exactly the pages with searchable text, with their text", async () => {
      const indexed = docs.map((d) => d[0]).sort();
      assert.deepEqual(indexed, Object.keys(texts).sort(), "docs.json URLs = pages with [data-search-text]");
      const mismatches = [];
      const stored = h.indexTexts(site.out);
      assert.equal(stored.length, docs.length, "a text for every document");
      docs.forEach((d, id) => {
        const fromPage = texts[d[0]] ? texts[d[0]].join("\n") : "";
        // The spec stores the folded text; folding again changes nothing (and
        // would also accept the text as the reader sees it, unfolded).
        if (h.fold(stored[id]) !== fromPage) mismatches.push(`${d[0]}:\n  index: ${JSON.stringify(stored[id].slice(0, 300))}\n  page:  ${JSON.stringify(fromPage.slice(0, 300))}`);
        if (Array.from(stored[id]).length !== d[8]) mismatches.push(`${d[0]}: text_len ${d[8]} ≠ ${Array.from(stored[id]).length} characters`);
      });
      assert.equal(mismatches.length, 0, `the stored text differs from the page text:\n${mismatches.slice(0, 8).join("\n")}`);
    });

    const queries = which === "shipped" ? QUERIES : QUERIES.concat(FIXTURE_QUERIES);

    if (which === "shipped") {
      test("the queries are taken from the seed reports", () => {
        assert.ok(QUERIES.length >= 50, `${QUERIES.length} queries`);
        const seeds = h.fold(h.readSeeds());
        const missing = QUERIES.filter((q) => !q.pinyin && !q.absent)
          .filter((q) => !h.queryTerms(q.scan || q.q).every((t) => seeds.includes(t)))
          .map((q) => q.q);
        assert.deepEqual(missing, [], "queries not found in the seeds");
      });
    }

    test(`API result set = scan of the pages, for ${queries.length} queries`, async () => {
      const failures = [];
      for (const query of queries) {
        const expected = expectedFor(query, texts, pinyinNames);
        const answer = await page.evaluate(async (q) => {
          const r = await window.tifa.search(q, { snippets: false });
          return { total: r.total, urls: r.results.map((x) => x.url) };
        }, query.q);
        const got = new Set(answer.urls);
        const missed = [...expected].filter((u) => !got.has(u));
        const extra = [...got].filter((u) => !expected.has(u));
        const problems = [];
        if (missed.length || extra.length) problems.push(`missed ${missed.length} ${missed.slice(0, 3).join(" ")}; extra ${extra.length} ${extra.slice(0, 3).join(" ")}`);
        if (answer.total !== answer.urls.length) problems.push(`total ${answer.total} ≠ ${answer.urls.length} results`);
        if (got.size !== answer.urls.length) problems.push("duplicate results");
        if (query.absent && expected.size) problems.push(`the absent query occurs on ${expected.size} pages`);
        for (const end of query.must || []) if (!answer.urls.some((u) => u.endsWith(end))) problems.push(`${end} not found`);
        if (!query.absent && !query.pinyin && which === "shipped" && expected.size === 0) problems.push("no page contains it (a useless query)");
        if (problems.length) failures.push(`${JSON.stringify(query.q)} [${query.kind}]: ${problems.join("; ")}`);
      }
      assert.equal(failures.length, 0, `${failures.length} of ${queries.length} queries differ from the scan:\n${failures.join("\n")}`);
    });
  });
}
