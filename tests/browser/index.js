// Entry point when this folder is run as a module. `node --test tests/browser/`
// searches the folder for *.test.js on Node 20, but on Node 21 and later the
// argument is a glob that matches the folder itself, which Node then runs as
// a module, i.e. this file (package.json "main"): it loads every test file,
// so the same command runs the same tests on every Node version. (On Node 20
// this file does not match the test-file patterns and is not run.)
"use strict";

const fs = require("node:fs");
const path = require("node:path");

for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.js")).sort()) {
  require(path.join(__dirname, file));
}
