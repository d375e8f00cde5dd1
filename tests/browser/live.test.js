// `tifa serve` in a real browser: saving a file changes the open page, a
// CSS-only change swaps the stylesheet without a reload, and a broken file
// shows the error overlay until it is fixed.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");
const os = require("node:os");
const { spawn } = require("node:child_process");
const { tifaBin, launch } = require("./lib/harness");

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(port, child) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tifa serve exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      if (response.ok) return;
    } catch (_) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tifa serve did not start within 60 s");
}

test("serve: edits reload the page, CSS swaps, errors show an overlay", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tifa-live-"));
  fs.cpSync(path.join(__dirname, "..", "fixtures", "basic"), root, { recursive: true });
  const port = await freePort();
  // No locale: tifa speaks Chinese, the overlay included.
  const env = { ...process.env };
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) delete env[name];
  const child = spawn(tifaBin(), ["serve", "--root", root, "--port", String(port)], { stdio: "ignore", env });
  const browser = await launch();
  try {
    await waitForServer(port, child);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/excerpts/x-report/001/`);
    await page.waitForFunction(() => window.tifaLive && window.tifaLive.source.readyState === 1);
    const file = path.join(root, "content", "excerpts", "x-report", "001.md");
    const original = fs.readFileSync(file, "utf8");

    // An edit: the page reloads with the new text.
    fs.writeFileSync(file, original.replace("弦绷得还不够紧", "弦始终绷得很紧"));
    await page.waitForFunction(() => document.body.textContent.includes("弦始终绷得很紧"), null, { timeout: 20000 });

    // A broken file: the overlay names the file and line; the page stays.
    await page.waitForFunction(() => window.tifaLive && window.tifaLive.source.readyState === 1);
    fs.writeFileSync(file, "---\ntitle: [坏\n---\n");
    const overlay = await page.waitForSelector("#tifa-overlay", { timeout: 20000 });
    const said = await overlay.textContent();
    assert.match(said, /content\/excerpts\/x-report\/001\.md:2:/);
    // In Chinese: the title above the diagnostics, and the diagnostics.
    assert.match(await page.textContent("#tifa-overlay .tifa-overlay-title"), /^构建失败/);
    assert.match(said, /错误\[[a-z-]+\]：/);
    assert.doesNotMatch(said, /\berror\b/);
    assert.ok((await page.textContent("main")).includes("弦始终绷得很紧"), "the last good page is still shown");

    // Fixed: the overlay goes away, and the page (whose text changed back)
    // reloads with the original text and listens again.
    fs.writeFileSync(file, original);
    await page.waitForSelector("#tifa-overlay", { state: "detached", timeout: 20000 });
    await page.waitForFunction(
      () => document.body.textContent.includes("弦绷得还不够紧") && window.tifaLive && window.tifaLive.source.readyState === 1,
      null,
      { timeout: 20000 },
    );

    // CSS only: the stylesheet link changes, the page does not reload.
    await page.evaluate(() => { window.notReloaded = true; });
    fs.appendFileSync(path.join(root, "static", "extra.css"), "\nbody { outline: 0; }\n");
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some((l) => l.href.includes("tifa-reload=")),
      null,
      { timeout: 20000 },
    );
    assert.strictEqual(await page.evaluate(() => window.notReloaded), true);
  } finally {
    await browser.close();
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
