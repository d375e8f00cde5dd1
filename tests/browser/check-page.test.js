// The 校稿 page (check/) in headless Chromium, under a strict CSP and a
// sub-path, on the conformance suite's knowledge base: a pasted draft is
// marked in place and listed, one fix is applied, the corrected text is
// copied to the clipboard, the list is exported; a real .docx (written here
// by a small zip writer) is dropped on the page and read in the browser;
// 引文核对 shows where a quotation drifted. Screenshots of the page (light
// and dark) are taken; TIFA_SCREENSHOTS=DIR keeps them there to look at.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const h = require("./lib/harness");

const suite = path.join(h.repoRoot, "tests", "conformance", "kb");

const DRAFT = [
  "要坚定“两个维护”，做到两个坚决维护。",
  "牢固树立政治意识、大局意识、核心意识、看其意识,认真学习《中共共产党廉洁自律准则》。",
  "对照党章党规找差距，在政治建设方面，理想信念的总开关拧得还不太紧，理论学习的自觉性和系统性还不够强。",
].join("\n");

// ------------------------------------------------------------- .docx

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of `files` ({ name: string contents }), deflated. */
function zip(files) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, "utf8");
    const packed = zlib.deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A minimal Word document: one w:p per paragraph, runs split mid-word as Word does. */
function docx(paragraphs) {
  const body = paragraphs.map((p) => {
    const half = Math.floor(p.length / 2);
    return `<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t>${escapeXml(p.slice(0, half))}</w:t></w:r>` +
      `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escapeXml(p.slice(half))}</w:t></w:r></w:p>`;
  }).join("");
  return zip({
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      body + "<w:sectPr/></w:body></w:document>",
  });
}

// -------------------------------------------------------------- tests

describe("the 校稿 page (suite knowledge base, strict CSP, sub-path)", () => {
  let site, browser, context, page, problems;

  before(async () => {
    site = await h.startSite(suite, { csp: "default-src 'self'" });
    browser = await h.launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.server.url()).origin });
    page = await context.newPage();
    problems = h.watch(page);
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) await site.close();
  });

  /** Waits for the next `tifa:checked` event after `action`. */
  async function checked(action) {
    const done = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener("tifa:checked", (e) => resolve(e.detail.findings.length), { once: true });
    }));
    await action();
    return done;
  }

  test("the main navigation links the page", async () => {
    await page.goto(site.server.url(""));
    const link = page.locator(".site-nav a", { hasText: "校稿" });
    assert.equal(await link.getAttribute("href"), "/kb/check/");
    await link.click();
    await page.waitForURL(/\/kb\/check\/$/);
    assert.equal(await page.inputValue("#check-date"), await page.evaluate(() => window.tifa.checkInternals.today()));
  });

  test("a pasted draft is marked in place and listed with fixes", async () => {
    await page.fill("#check-date", "2024-06-01");
    const count = await checked(() => page.fill("#check-input", DRAFT));
    const marks = await page.locator("#check-marked mark").allTextContents();
    assert.deepEqual(marks, [
      "坚定“两个维护”", "两个坚决维护",
      "政治意识、大局意识、核心意识、看其意识", ",", "中共共产党廉洁自律准则",
    ]);
    assert.equal(count, 5);
    const items = page.locator("#check-findings > li");
    assert.equal(await items.count(), 5);
    const first = await items.nth(0).textContent();
    assert.match(first, /错误用法/);
    assert.match(first, /做到“两个维护”/);
    // The misquote's finding shows the formulation's authoritative sentence.
    const misquote = items.nth(2);
    assert.match(await misquote.locator(".finding-why").textContent(), /测试文件甲》第一条/);
    assert.equal(await misquote.locator("a.source").getAttribute("href"), "/kb/formulations/si-ge-yi-shi/");
    assert.match(await page.textContent("#check-status"), /发现 5 处问题/);
  });

  test("one click applies a fix, and the corrected text is copied", async () => {
    const button = page.locator("#check-findings > li").nth(1).locator("button.apply");
    assert.equal(await button.textContent(), "改为“两个维护”");
    const count = await checked(() => button.click());
    assert.equal(count, 4);
    const expected = DRAFT.replace("两个坚决维护", "两个维护");
    assert.equal(await page.inputValue("#check-input"), expected);
    await page.click("#check-copy");
    await page.waitForFunction(() => /已复制/.test(document.getElementById("check-status").textContent));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
  });

  test("the findings are exported as text", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#check-export")]);
    assert.equal(download.suggestedFilename(), "校对意见-2024-06-01.txt");
    const text = fs.readFileSync(await download.path(), "utf8");
    assert.match(text, /共 4 处/);
    assert.match(text, /第 2 段第 5 字　【表述不全或有误】“政治意识、大局意识、核心意识、看其意识” → “政治意识、大局意识、核心意识、看齐意识”/);
  });

  test("引文核对 shows a drifted quotation with a character diff and its source", async () => {
    await page.waitForFunction(() => !document.getElementById("check-quotes").hidden);
    const item = page.locator("#check-quote-list > li").first();
    assert.deepEqual(await item.locator("del").allTextContents(), ["够"]);
    assert.deepEqual(await item.locator("ins").allTextContents(), ["太"]);
    assert.equal(await item.locator("a").getAttribute("href"), "/kb/excerpts/r/001/");
  });

  test("a dropped .docx is read in the browser and checked", async () => {
    const paragraphs = ["学习《中共共产党廉洁自律准则》。", "做到“两个坚决维护”。"];
    const bytes = [...docx(paragraphs)];
    const count = await checked(() => page.evaluate((data) => {
      const file = new File([new Uint8Array(data)], "草稿.docx", {
        type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.getElementById("check-drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes));
    assert.equal(await page.inputValue("#check-input"), paragraphs.join("\n"));
    assert.equal(count, 2);
    assert.deepEqual(await page.locator("#check-marked mark").allTextContents(), ["中共共产党廉洁自律准则", "两个坚决维护"]);
  });

  test("a .docx chosen with the file button is read too", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tifa-docx-")), "稿件.docx");
    fs.writeFileSync(file, docx(["学习系列重要讲话精神。"]));
    const count = await checked(() => page.setInputFiles("#check-file", file));
    assert.equal(count, 1);
    assert.equal(await page.inputValue("#check-input"), "学习系列重要讲话精神。");
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test("a screenshot of a checked draft (light and dark)", async () => {
    await page.fill("#check-date", "2024-06-01");
    await checked(() => page.fill("#check-input", DRAFT));
    await page.waitForFunction(() => !document.getElementById("check-quotes").hidden);
    const keep = Boolean(process.env.TIFA_SCREENSHOTS);
    const dir = keep ? process.env.TIFA_SCREENSHOTS : fs.mkdtempSync(path.join(os.tmpdir(), "tifa-screenshots-"));
    const light = path.join(dir, "tifa-check-page.png");
    await page.screenshot({ path: light, fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = path.join(dir, "tifa-check-page-dark.png");
    await page.screenshot({ path: dark, fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    assert.ok(fs.statSync(light).size > 10000 && fs.statSync(dark).size > 10000);
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("no console errors, no script errors, no CSP violations", async () => {
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(problems, []);
  });
});
