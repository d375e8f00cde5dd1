// tifa default theme: small progressive enhancements, no framework, no
// inline script (the site works under a strict Content-Security-Policy).
(function () {
  "use strict";

  // "/" focuses the search box, as on most documentation sites.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) return;
    var box = document.getElementById("site-search");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Copy buttons: data-copy-target names the element whose text is copied
  // (or data-copy-text holds the text itself);
  // data-copy-cite, if present, an element whose text follows on its own
  // line (the citation: document, issuer, date, article).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-target], button[data-copy-text]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source && !button.hasAttribute("data-copy-text")) return;
    var text = source ? source.textContent.trim() : button.getAttribute("data-copy-text");
    var cite = button.hasAttribute("data-copy-cite") && document.getElementById(button.getAttribute("data-copy-cite"));
    if (cite && cite.textContent.trim()) text += "\n" + cite.textContent.trim();
    var done = function () {
      // Keep the original label across quick repeated clicks, which would
      // otherwise capture "已复制" as the label and never restore it.
      if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
      button.setAttribute("aria-live", "polite");
      button.textContent = "已复制";
      clearTimeout(button.tifaTimer);
      button.tifaTimer = setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  });

  // Intranet sites are often plain http, where the Clipboard API is missing.
  function fallbackCopy(text) {
    // select() moves focus (and may scroll) to the textarea; put both back
    // so keyboard users stay on the copy button.
    var focused = document.activeElement, x = window.scrollX, y = window.scrollY;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
    if (focused && focused.focus) focused.focus({ preventScroll: true });
    window.scrollTo(x, y);
  }

  // Hover/focus preview card for linked formulations (a.term).
  var card = null;
  function showCard(link) {
    if (!card) {
      card = document.createElement("div");
      card.className = "term-card";
      card.setAttribute("role", "tooltip");
      card.id = "term-card";
      document.body.appendChild(card);
    }
    // The native title tooltip would pop up on top of the card: keep its
    // text (the no-JS fallback) as data-full and drop the attribute.
    if (link.hasAttribute("title")) {
      if (!link.hasAttribute("data-full")) link.setAttribute("data-full", link.getAttribute("title"));
      link.removeAttribute("title");
    }
    card.textContent = "";
    var title = document.createElement("strong");
    title.textContent = link.getAttribute("data-term") || link.textContent;
    var full = document.createElement("p");
    full.textContent = link.getAttribute("data-full") || link.getAttribute("title") || "";
    card.appendChild(title);
    card.appendChild(full);
    var rect = link.getBoundingClientRect();
    card.style.left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 328)) + "px";
    card.style.top = (rect.bottom + window.scrollY + 6) + "px";
    card.hidden = false;
    link.setAttribute("aria-describedby", "term-card");
  }
  function hideCard(link) {
    if (card) card.hidden = true;
    if (link) link.removeAttribute("aria-describedby");
  }
  function termLink(event) {
    return event.target.closest && event.target.closest("a.term");
  }
  document.addEventListener("mouseover", function (e) { var l = termLink(e); if (l) showCard(l); });
  document.addEventListener("mouseout", function (e) { var l = termLink(e); if (l) hideCard(l); });
  document.addEventListener("focusin", function (e) { var l = termLink(e); if (l) showCard(l); });
  document.addEventListener("focusout", function (e) { var l = termLink(e); if (l) hideCard(l); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hideCard(null); });

  // window.tifa.check / window.tifa.quotes on every page (README, "校稿"):
  // the checker (check.js) is loaded on first use, so pages that never
  // check a text never download it. check.js replaces these loaders.
  var api = window.tifa = window.tifa || {};
  var checker = null;
  function loadChecker() {
    if (checker) return checker;
    checker = new Promise(function (resolve, reject) {
      var base = document.documentElement.getAttribute("data-base") || "/";
      var script = document.createElement("script");
      script.src = base + (base.charAt(base.length - 1) === "/" ? "" : "/") + "check.js";
      script.onload = function () {
        if (window.tifa.check.loaded) resolve(window.tifa);
        else reject(new Error("tifa: check.js did not load the checker"));
      };
      script.onerror = function () {
        checker = null;
        reject(new Error("tifa: cannot load check.js"));
      };
      document.head.appendChild(script);
    });
    return checker;
  }
  if (!api.check) {
    api.check = function (text, options) {
      return loadChecker().then(function (tifa) { return tifa.check(text, options); });
    };
    api.quotes = function (text) {
      return loadChecker().then(function (tifa) { return tifa.quotes(text); });
    };
  }
})();
