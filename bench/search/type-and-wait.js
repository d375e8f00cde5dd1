// Types a query into tifa's search box and waits for its results to be
// painted: { ms (typing to paint), total, inner (the search's own ms) }.
// Shared by bench/search/bench.js and bench/scale/search.js.
async function typeAndWait(page, q) {
  return page.evaluate((q) => new Promise((resolve) => {
    const input = document.getElementById("search-input");
    const done = (e) => {
      if (e.detail.query !== q) return;
      document.removeEventListener("tifa:results", done);
      // Measured when the browser is about to paint the new results.
      requestAnimationFrame(() => resolve({ ms: performance.now() - t0, total: e.detail.total, inner: e.detail.ms }));
    };
    document.addEventListener("tifa:results", done);
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }), q);
}

module.exports = { typeAndWait };
