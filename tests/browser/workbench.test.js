// The writer's workbench in the shipped site (under /kb/): formulations'
// wording and copy buttons in search results and the header's instant
// results, Ctrl+K, topic × part browsing, highlight on arrival, copy with
// source (the clipboard read back), the 素材篮 across page loads with its
// .docx and .txt downloads, print layout (formulations printed to PDF),
// and the narrow screen. Screenshots of the workflows go to
// $TIFA_SCREENSHOTS (the writer's guide keeps them in content/guide/) or
// a temporary folder; the downloaded .docx to $TIFA_DOCX_OUT when set
// (tests/browser.rs opens it with a zip and XML reader).
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const h = require("./lib/harness");

const shots = process.env.TIFA_SCREENSHOTS
  ? path.resolve(h.repoRoot, process.env.TIFA_SCREENSHOTS)
  : fs.mkdtempSync(path.join(os.tmpdir(), "tifa-shots-"));

/** A PDF's page count, from its page tree (`/Type /Pages … /Count n`). */
function pdfPages(bytes) {
  const text = bytes.toString("latin1");
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)]
    .map((m) => Number(m[1] || m[2]));
  if (!counts.length) throw new Error("no page tree in the PDF");
  return Math.max(...counts);
}

describe("the writer's workbench (shipped site under /kb/)", () => {
  let site, browser, context, page, formulations, excerpts;
  const problems = [];
  const url = (p) => site.server.url(p);
  /** The address of an exported record's page (the export's URLs are permalinks). */
  const at = (permalink) => site.server.origin + new URL(permalink).pathname;
  const pathOf = (permalink) => new URL(permalink).pathname;
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const shot = (name, target) => (target || page).screenshot({ path: path.join(shots, name) });

  before(async () => {
    site = await h.startSite("shipped");
    formulations = JSON.parse(fs.readFileSync(path.join(site.out, "data", "formulations.json"), "utf8"));
    excerpts = JSON.parse(fs.readFileSync(path.join(site.out, "data", "excerpts.json"), "utf8"));
    browser = await h.launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.server.origin });
    page = await context.newPage();
    problems.push(...h.watch(page));
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
  });

  const settled = (q) => page.waitForFunction(
    (q) => document.getElementById("search-results").getAttribute("data-query") === q &&
      !document.querySelector("[data-search-page]").hasAttribute("aria-busy"), q);

  test("search results show a formulation's exact wording, its status and a copy button", async () => {
    const f = formulations.find((x) => x.title === "四个意识") || formulations[0];
    await page.goto(url("search/?q=" + encodeURIComponent(f.title)));
    await settled(f.title);
    const first = page.locator("#search-results li").first();
    assert.equal(await first.locator(".result-wording .full").textContent(), f.full);
    assert.equal(await first.locator(".result-wording .badge").textContent(), "现行");
    await first.locator(".result-wording button.copy").click();
    assert.equal(await clipboard(), f.full);
    await shot("search-results.png");
    // The API carries the same: full, status, and for an outdated
    // formulation the one that replaced it.
    const api = await page.evaluate((t) => window.tifa.search(t, { limit: 1 }), f.title);
    assert.equal(api.results[0].full, f.full);
    assert.equal(api.results[0].status, "current");
    assert.equal(api.results[0].status_label, "现行");
    const old = formulations.find((x) => x.status !== "current" && x.superseded_by);
    assert.ok(old, "the shipped content has an outdated formulation with a successor");
    const r = await page.evaluate((t) => window.tifa.search(t, { limit: 1 }), old.title);
    assert.equal(r.results[0].title, old.title);
    assert.equal(r.results[0].status, old.status);
    assert.ok(["已调整", "历史提法"].includes(r.results[0].status_label), r.results[0].status_label);
    assert.equal(r.results[0].successor.title, old.superseded_by);
    await page.fill("#search-input", old.title);
    await settled(old.title);
    const line = page.locator("#search-results li").first().locator(".result-status");
    assert.equal(await line.locator(".badge").textContent(), r.results[0].status_label);
    assert.equal(await line.locator("a").textContent(), old.superseded_by);
    // Excerpts are not given formulation fields.
    const e = await page.evaluate(() => window.tifa.search("党", { filters: { kind: ["excerpt"] }, limit: 1 }));
    assert.equal(e.results[0].full, null);
    assert.equal(e.results[0].status, null);
  });

  test("Ctrl+K and / focus the header box; instant results show wording and copy; ↑ ↓ Enter Esc work", async () => {
    const e = excerpts[0];
    await page.goto(at(e.url));
    await page.keyboard.press("Control+k");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
    const before = page.url();
    await page.keyboard.type("四个意识");
    const panel = page.locator(".site-header .instant-results");
    await panel.waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelectorAll(".site-header .instant-item").length > 1);
    assert.equal(page.url(), before, "no page load while typing");
    const first = panel.locator(".instant-item").first();
    assert.equal(await first.locator(".result-title").textContent(), "四个意识");
    const full = formulations.find((x) => x.title === "四个意识").full;
    assert.equal(await first.locator(".full").textContent(), full);
    assert.equal(await first.locator(".result-status .badge").textContent(), "现行");
    assert.match(await panel.locator(".instant-status").textContent(), /共 \d+ 条结果/);
    await shot("instant-results.png");
    await first.locator("button.copy").click();
    assert.equal(await clipboard(), full);
    // Keyboard: ↓ into the list, ↓ ↑ through it, ↑ back to the box, Esc closes.
    await page.focus("#site-search");
    await page.keyboard.press("ArrowDown");
    const focused = () => page.evaluate(() => document.activeElement.getAttribute("href") || document.activeElement.id);
    assert.match(await focused(), /\/kb\/formulations\/si-ge-yi-shi\/\?hl=/);
    await page.keyboard.press("ArrowDown");
    const second = await focused();
    assert.notEqual(second, await first.locator("a.result-link").getAttribute("href"));
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    assert.equal(await focused(), "site-search");
    await page.keyboard.press("Escape");
    assert.ok(await panel.isHidden(), "Esc closes the list");
    assert.equal(await focused(), "site-search");
    // Enter on a result opens it, with the query to mark.
    await page.keyboard.type(" ");
    await page.keyboard.press("Backspace");
    await panel.waitFor({ state: "visible" });
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/\/kb\/formulations\/si-ge-yi-shi\/\?hl=/), page.keyboard.press("Enter")]);
    // Enter in the box opens the full results page.
    await page.goto(at(e.url));
    await page.fill("#site-search", "两个维护");
    await Promise.all([page.waitForURL(/\/kb\/search\/\?q=/), page.press("#site-search", "Enter")]);
    await settled("两个维护");
  });

  test("topic × part: two clicks from the home page to a static, paginated, linkable list", async () => {
    await page.goto(url(""));
    const topic = page.locator("section[aria-labelledby=h-topics] .chips a").first();
    const topicName = (await topic.textContent()).replace(/\s*\d+\s*$/, "");
    await Promise.all([page.waitForURL(/\/kb\/topics\/[^/]+\/$/), topic.click()]);
    assert.equal(await page.locator("h1").textContent(), topicName);
    const problem = page.locator(".filter-links a", { hasText: "问题" });
    const count = Number((await problem.locator(".count").textContent()).trim());
    await Promise.all([page.waitForURL(/\/kb\/topics\/[^/]+\/problem\/$/), problem.click()]);
    const listUrl = page.url();
    assert.equal(await page.locator("h1").textContent(), `${topicName} · 问题`);
    assert.match(await page.locator("main > .meta").textContent(), new RegExp(`共 ${count} 段摘录`));
    const items = page.locator(".page-list .page-item");
    const onPage = await items.count();
    assert.ok(onPage > 0 && onPage <= count);
    const parts = await items.locator(".badge.part").allTextContents();
    assert.ok(parts.every((p) => p === "问题"), parts.join(","));
    await shot("topic-part.png");
    // Every item really has the topic: the excerpt export says so.
    for (const href of await items.locator("a.page-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
      const x = excerpts.find((y) => pathOf(y.url) === href);
      assert.ok(x && x.topics.includes(topicName) && x.part === "problem", href);
    }
    // The same list from the topics page's table and from the part's page.
    await page.goto(url("topics/"));
    const cell = page.locator(`.matrix a[href="${new URL(listUrl).pathname}"]`);
    assert.equal(Number(await cell.textContent()), count);
    await page.goto(url("part/problem/"));
    assert.equal(await page.locator(`.filter-links a[href="${new URL(listUrl).pathname}"]`).count(), 1);
    // Search facets browse the same passages with an empty query.
    await page.goto(url(`search/?kind=excerpt&part=problem&topic=${encodeURIComponent(topicName)}`));
    await page.waitForFunction(() => /按所选条件共 \d+ 条/.test(document.getElementById("search-status").textContent));
    assert.match(await page.textContent("#search-status"), new RegExp(`共 ${count} 条`));
    assert.equal(await page.locator(".facet legend").first().textContent(), "类型");
    assert.deepEqual(await page.locator(".facet legend").allTextContents(), ["类型", "报告部分", "专题", "文种", "年份"]);
  });

  test("a paginated topic × part list links its pages, and its whole-document view prints", async () => {
    // The largest list of the shipped site.
    await page.goto(url("topics/"));
    const cells = await page.locator(".matrix td a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), Number(a.textContent)]));
    const [href, count] = cells.sort((a, b) => b[1] - a[1])[0];
    await page.goto(site.server.origin + href);
    const perPage = await page.locator(".page-list .page-item").count();
    if (count > perPage) {
      assert.equal(await page.locator(".pager a[rel=next]").getAttribute("href"), href + "page/2/");
      await page.goto(site.server.origin + href + "page/2/");
      assert.ok(await page.locator(".page-list .page-item").count() > 0);
    }
    await page.goto(site.server.origin + href + "full/");
    const passages = await page.locator(".passage").count();
    assert.equal(passages, Math.min(count, 40));
    assert.equal(await page.locator(".passage .citation").count(), passages);
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".site-header").isHidden(), "no navigation in print");
    assert.ok(await page.locator(".passage-actions").first().isHidden(), "no buttons in print");
    await page.emulateMedia({ media: "screen" });
  });

  test("opening a search result marks its hits (Traditional, full-width, case folded) and the marks clear", async () => {
    // 黨風 is Traditional for 党风; ｘ is a full-width x, the text has X.
    const query = "黨風廉政";
    await page.goto(url("search/?q=" + encodeURIComponent(query)));
    await settled(query);
    const link = page.locator("#search-results a.result-link").nth(1);
    await Promise.all([page.waitForURL(/\?hl=/), link.click()]);
    await page.waitForSelector(".hl-bar");
    const marks = await page.locator("mark.hl").allTextContents();
    assert.ok(marks.length > 0, "hits marked");
    assert.ok(marks.every((m) => m === "党风廉政"), marks.join(","));
    assert.match(await page.textContent(".hl-bar"), new RegExp(`${marks.length} 处`));
    const visible = await page.locator("mark.hl.current").evaluate((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.ok(visible, "scrolled to a hit");
    await shot("highlight.png");
    await page.click(".hl-clear");
    assert.equal(await page.locator("mark.hl").count(), 0);
    assert.equal(await page.locator(".hl-bar").count(), 0);
    assert.ok(!page.url().includes("hl="), "the query leaves the URL");
    // Full-width and upper-case letters find their ASCII lower-case forms.
    const latin = excerpts.find((x) => /[A-Z]/.test(x.title));
    if (latin) {
      const word = latin.title.match(/[A-Z][^\s，。、]{0,3}/)[0];
      const wide = [...word].map((c) => /[!-~]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c).join("").toLowerCase();
      await page.goto(at(latin.url) + "?hl=" + encodeURIComponent(wide));
      await page.waitForSelector(".hl-bar");
      assert.ok((await page.locator("mark.hl").allTextContents()).includes(word), `${wide} marks ${word}`);
    }
  });

  test("复制（含出处） copies an excerpt and a usage sentence with their citation lines", async () => {
    const e = excerpts.find((x) => x.source && x.part === "problem") || excerpts[0];
    await page.goto(at(e.url));
    const cite = (await page.textContent("#excerpt-citation")).trim();
    assert.match(cite, /^《[^》]+》/);
    const sourceTitle = await page.locator(".breadcrumb li a").first().textContent();
    assert.ok(cite.startsWith(`《${sourceTitle}》`), cite);
    await page.click(".excerpt-actions button.copy");
    const copied = await clipboard();
    const body = await page.evaluate(() => window.tifa.textOf(document.getElementById("excerpt-text")));
    assert.equal(copied, body + "\n" + cite);
    assert.ok(body.length > 10 && !body.includes("\n\n"));
    // Source facts stand next to the breadcrumb.
    assert.ok(await page.locator(".place .source-facts").count() === 1);
    await shot("excerpt.png");
    // A usage sentence on a formulation page.
    await page.goto(url("formulations/si-ge-yi-shi/"));
    const item = page.locator(".mentions li").first();
    const sentence = await item.locator("blockquote").textContent();
    const line = await item.locator(".citation").textContent();
    await item.locator("button.copy").click();
    assert.equal(await clipboard(), sentence.trim() + "\n" + line.trim());
    assert.match(line, /^《/);
  });

  test("hover cards and the home page's box show the exact wording, status and a copy button", async () => {
    const e = excerpts.find((x) => x.uses && x.uses.length) || excerpts[0];
    await page.goto(at(e.url));
    const link = page.locator(".excerpt-text a.term").first();
    const name = await link.getAttribute("data-term");
    const f = formulations.find((x) => x.title === name);
    // A mention copies nothing of its entry (no title tooltip, no
    // wording): without script it is a link to the formulation's page; the
    // card fetches the wording from card.json beside that page, once.
    assert.equal(await link.getAttribute("title"), null);
    assert.equal(await link.getAttribute("data-full"), null);
    assert.equal(pathOf(await link.evaluate((a) => a.href)), pathOf(f.url));
    const cardRequests = [];
    page.on("request", (r) => { if (r.url().endsWith("/card.json")) cardRequests.push(pathOf(r.url())); });
    await link.hover();
    const card = page.locator("#term-card");
    await card.waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelector("#term-card .term-card-full").textContent !== "");
    assert.equal(await card.locator(".term-card-full").textContent(), f.full);
    assert.deepEqual(cardRequests, [pathOf(f.url) + "card.json"]);
    // The card stays while the pointer moves onto it, and copies.
    await card.locator("button.copy").click();
    assert.equal(await clipboard(), f.full);
    await page.keyboard.press("Escape");
    assert.ok(await card.isHidden());
    // From the keyboard: Tab from the link enters the card's copy button,
    // Enter copies, Shift+Tab returns to the link, and Tab from the button
    // goes on to what follows the link.
    await page.mouse.move(0, 0);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? (a.id || "") + "|" + a.className + "|" + (a.getAttribute("href") || "") + "|" + a.textContent : "";
    });
    await link.focus();
    await card.waitFor({ state: "visible" });
    await card.locator("button.copy").waitFor({ state: "visible" });
    assert.equal(cardRequests.length, 1, "card.json is fetched once per formulation");
    const onLink = await focused();
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.keyboard.press("Tab");
    assert.ok(await card.locator("button.copy").evaluate((b) => b === document.activeElement), "Tab enters the card");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#term-card button.copy").textContent === "已复制");
    assert.equal(await clipboard(), f.full);
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focused(), onLink, "Shift+Tab returns to the link");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const after = await page.evaluate(() => {
      const a = document.activeElement;
      return !!a && a !== document.body && !document.getElementById("term-card").contains(a);
    });
    assert.ok(after, "Tab from the card goes on into the page");
    assert.notEqual(await focused(), onLink);
    const follows = await page.evaluate((term) => {
      const link = document.querySelector(`.excerpt-text a.term[data-term="${term}"]`);
      return !!(link.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING);
    }, name);
    assert.ok(follows, "focus lands after the link, not back at the top");
    // An outdated formulation's card says so, from card.json for a
    // mention (a link as a text renders it) …
    const old = formulations.find((x) => x.status !== "current");
    await page.evaluate(([href, title]) => {
      const a = document.createElement("a");
      a.className = "term";
      a.id = "old-mention";
      a.href = href;
      a.setAttribute("data-term", title);
      a.textContent = title;
      document.querySelector("main").prepend(a);
    }, [pathOf(old.url), old.title]);
    await page.locator("#old-mention").hover();
    await page.waitForFunction(() => /已调整|历史提法/.test(document.getElementById("term-card").textContent));
    assert.equal(await card.locator("strong").textContent(), old.title);
    await page.keyboard.press("Escape");
    // … and from the attributes of the home page's list.
    await page.goto(url(""));
    await page.locator(`.home-grid a.term[data-term="${old.title}"]`).hover();
    await card.waitFor({ state: "visible" });
    assert.match(await card.textContent(), /已调整|历史提法/);
    // The home page's own box shows instant results too.
    await page.fill("#home-search", "sgys");
    await page.locator("main .instant-results").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.querySelector("main .instant-item .result-title"));
    assert.equal(await page.locator("main .instant-item .result-title").first().textContent(), "四个意识");
  });

  test("collocation chips search their collocation", async () => {
    await page.goto(url("formulations/si-ge-yi-shi/"));
    const chip = page.locator(".facts .colloc a").first();
    const text = await chip.textContent();
    await Promise.all([page.waitForURL(/\/kb\/search\/\?q=/), chip.click()]);
    assert.equal(await page.inputValue("#search-input"), text);
  });

  let docxPath;

  test("the 素材篮 keeps passages across page loads, reorders, copies, and exports .docx and .txt", async () => {
    await page.goto(url("basket/"));
    await page.evaluate(() => localStorage.clear());
    const e1 = excerpts.find((x) => x.source) || excerpts[0];
    const e2 = excerpts.find((x) => x.source && x.url !== e1.url);
    const added = [];
    for (const e of [e1, e2]) {
      await page.goto(at(e.url));
      await page.click(".excerpt-actions button.basket-add");
      assert.equal(await page.textContent(".excerpt-actions button.basket-add"), "已加入素材篮");
      added.push({
        title: e.title,
        text: await page.evaluate(() => window.tifa.textOf(document.getElementById("excerpt-text"))),
        cite: (await page.textContent("#excerpt-citation")).trim(),
      });
    }
    // Adding twice keeps one.
    await page.click(".excerpt-actions button.basket-add");
    await page.waitForFunction(() => document.querySelector(".excerpt-actions button.basket-add").textContent === "已在素材篮中");
    assert.equal(await page.textContent("[data-basket-count]"), "（2）");
    // A formulation's authority sentence, with its citation.
    const cited = formulations.find((x) => x.authority && x.authority.text);
    if (cited) {
      await page.goto(at(cited.url));
      await page.click(".authority button.basket-add");
      added.push({ title: `${cited.title}（权威表述）`, text: cited.authority.text, cite: (await page.textContent("#authority-citation")).trim() });
    }
    await page.goto(url("basket/"));
    await page.waitForSelector(".basket-item");
    const titles = () => page.locator(".basket-item .basket-title").allTextContents();
    assert.deepEqual(await titles(), added.map((a) => a.title));
    await shot("basket.png");
    // Reorder: the second moves up, and stays there after a reload.
    await page.locator(".basket-item").nth(1).locator("[data-basket-action=up]").click();
    const order = [added[1], added[0], ...added.slice(2)];
    assert.deepEqual(await titles(), order.map((a) => a.title));
    assert.equal(await page.evaluate(() => document.activeElement.closest(".basket-item") === document.querySelector(".basket-item")), true, "focus stays with the moved passage");
    await page.reload();
    await page.waitForSelector(".basket-item");
    assert.deepEqual(await titles(), order.map((a) => a.title));
    // Copy all: every text followed by its citation.
    await page.click("[data-basket-action=copy]");
    await page.waitForFunction(() => /已复制/.test(document.getElementById("basket-status").textContent));
    const expected = order.map((a) => a.text + "\n" + a.cite).join("\n\n");
    assert.equal(await clipboard(), expected);
    // .txt download.
    const [txt] = await Promise.all([page.waitForEvent("download"), page.click("[data-basket-action=txt]")]);
    assert.match(txt.suggestedFilename(), /^素材篮-\d{4}-\d\d-\d\d\.txt$/);
    assert.equal(fs.readFileSync(await txt.path(), "utf8"), expected + "\n");
    // .docx download: a ZIP package with the OOXML parts.
    const [docx] = await Promise.all([page.waitForEvent("download"), page.click("[data-basket-action=docx]")]);
    assert.match(docx.suggestedFilename(), /^素材篮-\d{4}-\d\d-\d\d\.docx$/);
    const dir = process.env.TIFA_DOCX_OUT || fs.mkdtempSync(path.join(os.tmpdir(), "tifa-docx-"));
    fs.mkdirSync(dir, { recursive: true });
    docxPath = path.join(dir, "basket.docx");
    await docx.saveAs(docxPath);
    const bytes = fs.readFileSync(docxPath);
    assert.equal(bytes.subarray(0, 4).toString("latin1"), "PK\u0003\u0004");
    for (const part of ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"]) {
      assert.ok(bytes.includes(Buffer.from(part)), part);
    }
    // What tests/browser.rs checks in the document: the passages, in order.
    fs.writeFileSync(path.join(dir, "expected.json"), JSON.stringify(order));
    // Print: only the passages.
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".basket-toolbar").isHidden());
    assert.ok(await page.locator(".basket-tools").first().isHidden());
    await page.emulateMedia({ media: "screen" });
    // The basket is this browser's alone: a new context starts empty.
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(url("basket/"));
    assert.ok(await fresh.locator("#basket-empty").isVisible());
    await other.close();
  });

  test("formulations print on at most two A4 pages, without navigation or link URLs", async () => {
    const printer = await browser.newPage();
    // The longest pages are the ones that could run over.
    const size = (f) => fs.statSync(path.join(site.out, decodeURIComponent(pathOf(f.url)).replace(/^\/kb\//, ""), "index.html")).size;
    const longest = formulations.slice().sort((a, b) => size(b) - size(a)).slice(0, 12);
    for (const f of longest) {
      await printer.goto(at(f.url));
      const pdf = await printer.pdf({ preferCSSPageSize: true, printBackground: false });
      const pages = pdfPages(pdf);
      assert.ok(pages >= 1 && pages <= 2, `${f.title}: ${pages} pages`);
    }
    await printer.emulateMedia({ media: "print" });
    for (const selector of [".site-header", ".site-nav", ".on-page", ".usage", "button.copy"]) {
      assert.ok(await printer.locator(selector).first().isHidden(), `${selector} is not printed`);
    }
    const after = await printer.evaluate(() => Array.from(document.querySelectorAll("main a")).map((a) => getComputedStyle(a, "::after").content).filter((c) => c && c !== "none" && c !== "normal"));
    assert.deepEqual(after, [], "no URL printed after links");
    // Asking for the usage list prints it.
    await printer.emulateMedia({ media: "screen" });
    await printer.check("[data-print-usage]");
    await printer.emulateMedia({ media: "print" });
    assert.ok(await printer.locator(".usage").isVisible());
    await printer.close();
  });

  test("on a 390 px touch screen: one search box, no keyboard hints, a usable menu, no sideways scroll", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const mobile = await phone.newPage();
    for (const p of ["", "search/?q=" + encodeURIComponent("四个意识"), "formulations/si-ge-yi-shi/", "topics/", "basket/"]) {
      await mobile.goto(url(p));
      const boxes = await mobile.locator("input[type=search]").evaluateAll((inputs) => inputs.filter((i) => i.getClientRects().length).length);
      assert.equal(boxes, 1, `${p || "home"}: one search box`);
      const placeholder = await mobile.locator("input[type=search]").first().getAttribute("placeholder");
      assert.ok(!/按 \//.test(placeholder), `${p}: no keyboard hint in "${placeholder}"`);
      assert.equal(await mobile.locator(".key-hint").evaluateAll((els) => els.filter((e) => e.getClientRects().length).length), 0);
      assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= 390), `${p}: no sideways scroll`);
    }
    await mobile.goto(url("formulations/si-ge-yi-shi/"));
    const toggle = mobile.locator(".menu-toggle");
    assert.ok(await toggle.isVisible());
    assert.ok(await mobile.locator("#site-menu").isHidden());
    await toggle.tap();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const links = mobile.locator("#site-menu a");
    const n = await links.count();
    for (let i = 0; i < n; i++) {
      const box = await links.nth(i).boundingBox();
      assert.ok(box && box.height >= 40 && box.x >= 0 && box.x + box.width <= 390, `menu link ${i} is a tap target on screen`);
    }
    await shot("mobile-menu.png", mobile);
    await Promise.all([mobile.waitForURL(/\/kb\/topics\/$/), mobile.locator("#site-menu a", { hasText: "专题" }).tap()]);
    // Justified text would spread Latin words over a narrow line.
    await mobile.goto(url("formulations/si-ge-yi-shi/"));
    assert.equal(await mobile.locator(".prose").first().evaluate((e) => getComputedStyle(e).textAlign), "start");
    await phone.close();
  });

  test("no script error and no request to another host", () => {
    assert.deepEqual(problems, []);
  });
});
