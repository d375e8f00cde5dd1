// tifa default theme: small progressive enhancements, no framework, no
// inline script (the site works under a strict Content-Security-Policy).
//
// For the other scripts (search.js, basket.js) it defines
// `window.tifa.copy(text)` (copies, also on plain-http intranet sites
// where the Clipboard API is missing; returns a Promise) and
// `window.tifa.textOf(element)` (an element's text as a reader sees it:
// paragraphs on lines of their own); for every page, `window.tifa.check`
// and `window.tifa.quotes` (the 校稿 checker, loaded on first use).
(function () {
  "use strict";

  var api = window.tifa = window.tifa || {};
  var root = document.documentElement;
  root.classList.add("js");

  // Keyboard hints only where there is a keyboard (a fine pointer that
  // hovers): a phone's on-screen keyboard has no "/" shortcut.
  var keyboard = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  if (keyboard) root.classList.add("has-keyboard");
  var headerBox = document.getElementById("site-search");
  if (headerBox && keyboard) headerBox.placeholder += "（按 / 键）";

  /** The search box of this page: its own big one, else the header's. */
  function searchBox() {
    return document.getElementById("search-input") || document.getElementById("home-search") || headerBox;
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // "/" (when not typing) and Ctrl+K / ⌘K (anywhere) focus the search box.
  document.addEventListener("keydown", function (event) {
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
    var ctrlK = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    if (!slash && !ctrlK) return;
    var box = searchBox();
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // ------------------------------------------------------------ copying

  /** The text of an element as read: blocks on lines of their own. */
  function textOf(element) {
    var text = element.innerText !== undefined && element.getClientRects().length ? element.innerText : element.textContent;
    return text.replace(/\r/g, "").replace(/[ \t]*\n[ \t\n]*/g, "\n").trim();
  }
  api.textOf = textOf;

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(null, function () { fallbackCopy(text); });
    }
    fallbackCopy(text);
    return Promise.resolve();
  }
  api.copy = copy;

  /** Shows `label` on a button for a moment, then its own label again. */
  function flash(button, label) {
    // Keep the original label across quick repeated clicks, which would
    // otherwise capture the message as the label and never restore it.
    if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
    button.setAttribute("aria-live", "polite");
    button.textContent = label;
    clearTimeout(button.tifaTimer);
    button.tifaTimer = setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
  }
  api.flash = flash;

  // Copy buttons: data-copy-target names the element whose text is copied
  // (or data-copy-text holds the text itself);
  // data-copy-cite, if present, an element whose text follows on its own
  // line (the citation: document, issuer, date, article).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-target], button[data-copy-text]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source && !button.hasAttribute("data-copy-text")) return;
    var text = source ? textOf(source) : button.getAttribute("data-copy-text");
    var cite = button.hasAttribute("data-copy-cite") && document.getElementById(button.getAttribute("data-copy-cite"));
    if (cite && cite.textContent.trim()) text += "\n" + cite.textContent.trim();
    copy(text).then(function () { flash(button, "已复制"); });
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

  // ------------------------------------------------------ the menu (narrow)

  // On a narrow screen the menu folds behind a button; without script it
  // simply stays open.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        menu.classList.remove("open");
        toggle.focus();
      }
    });
  }

  // ------------------------------------------------------- heading anchors

  // Every heading with an id gets a link to itself, to copy or share.
  Array.prototype.forEach.call(document.querySelectorAll("main h2[id], main h3[id], main h4[id]"), function (heading) {
    if (heading.querySelector(".anchor")) return;
    var link = document.createElement("a");
    link.className = "anchor";
    link.href = "#" + encodeURIComponent(heading.id);
    link.setAttribute("aria-label", "本节链接：" + heading.textContent.trim());
    heading.appendChild(link);
  });

  // ------------------------------------------------------------- printing

  // A formulation prints its wording and authority on one or two sheets;
  // the usage list only when asked for.
  var printUsage = document.querySelector("[data-print-usage]");
  if (printUsage) {
    printUsage.closest(".print-usage").hidden = false;
    printUsage.addEventListener("change", function () {
      document.body.classList.toggle("print-with-usage", printUsage.checked);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.print-page"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // ------------------------------------------------------ preview card

  // Hovering or focusing a linked formulation (a.term) shows its exact
  // wording, whether it is current, and a copy button; the card stays
  // while the pointer is on it. A mention in a text carries only the
  // formulation's name and URL: the rest is in card.json beside the
  // formulation's page (README, "Output"), fetched once per formulation
  // and page view. Lists that carry the wording themselves (data-full, or
  // title: the no-JS tooltip) need no fetch.
  var card = null, cardLink = null, hideTimer = 0;
  var STATUS = { adjusted: "已调整", historical: "历史提法" };
  var WORDING = { gloss: "编者概括", pending: "待核实", unstated: "未核对" };
  var cards = {};

  function buildCard() {
    card = document.createElement("div");
    card.className = "term-card";
    card.id = "term-card";
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", function () { scheduleHide(); });
    document.body.appendChild(card);
  }

  // The card data of a link: from its attributes, or from card.json in
  // the folder of the page it links to (null if there is none).
  function cardData(link) {
    if (link.hasAttribute("data-full")) {
      return Promise.resolve({
        full: link.getAttribute("data-full"),
        status: link.getAttribute("data-status"),
        wording: link.getAttribute("data-wording")
      });
    }
    var url = new URL(link.getAttribute("href") || "", document.baseURI);
    if (url.origin !== location.origin || url.pathname.slice(-1) !== "/") return Promise.resolve(null);
    var key = url.pathname + "card.json";
    if (!cards[key]) {
      cards[key] = fetch(key).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).catch(function () {
        delete cards[key]; // try again on the next hover
        return null;
      });
    }
    return cards[key];
  }

  function showCard(link) {
    if (!card) buildCard();
    clearTimeout(hideTimer);
    // The native title tooltip would pop up on top of the card: keep its
    // text (the no-JS fallback) as data-full and drop the attribute.
    if (link.hasAttribute("title")) {
      if (!link.hasAttribute("data-full")) link.setAttribute("data-full", link.getAttribute("title"));
      link.removeAttribute("title");
    }
    if (cardLink && cardLink !== link) cardLink.removeAttribute("aria-describedby");
    if (cardLink !== link || card.hidden) {
      cardLink = link;
      fillCard(link, null);
      cardData(link).then(function (data) {
        if (cardLink === link) fillCard(link, data || { missing: true });
      });
    }
    var rect = link.getBoundingClientRect();
    card.style.left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 336)) + "px";
    card.style.top = (rect.bottom + window.scrollY + 4) + "px";
    card.hidden = false;
    link.setAttribute("aria-describedby", "term-card");
  }

  // The card's content: the name at once, the rest when `data` came
  // (null: still loading; `missing`: card.json could not be had).
  function fillCard(link, data) {
    var status = data && data.status;
    var wording = data && data.wording;
    card.textContent = "";
    card.setAttribute("aria-busy", data ? "false" : "true");
    var head = document.createElement("p");
    head.className = "term-card-head";
    var title = document.createElement("strong");
    title.textContent = link.getAttribute("data-term") || link.textContent;
    head.appendChild(title);
    if (STATUS[status]) head.appendChild(badge(STATUS[status], "status-" + status));
    if (WORDING[wording]) head.appendChild(badge(WORDING[wording], "wording-" + wording));
    card.appendChild(head);
    var full = document.createElement("p");
    full.className = "term-card-full";
    full.textContent = (data && data.full) || "";
    card.appendChild(full);
    if (STATUS[status] || (data && data.missing)) {
      var note = document.createElement("p");
      note.className = "term-card-note";
      note.textContent = STATUS[status]
        ? "此提法" + STATUS[status] + "，现行表述见词条页。"
        : "暂时取不到规范表述，请打开词条页查看。";
      card.appendChild(note);
    }
    if (full.textContent) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy small";
      button.textContent = WORDING[wording] ? "复制（" + WORDING[wording] + "）" : "复制表述";
      button.addEventListener("click", function () {
        copy(full.textContent).then(function () { flash(button, "已复制"); });
      });
      card.appendChild(button);
    }
  }

  function badge(text, kind) {
    var span = document.createElement("span");
    span.className = "badge " + kind;
    span.textContent = text;
    return span;
  }

  function hideCard() {
    clearTimeout(hideTimer);
    if (card) card.hidden = true;
    if (cardLink) cardLink.removeAttribute("aria-describedby");
    cardLink = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideCard, 250);
  }

  function termLink(event) {
    return event.target.closest && event.target.closest("a.term");
  }
  document.addEventListener("mouseover", function (e) { var l = termLink(e); if (l) showCard(l); });
  document.addEventListener("mouseout", function (e) { if (termLink(e)) scheduleHide(); });
  document.addEventListener("focusin", function (e) {
    var l = termLink(e);
    if (l) showCard(l);
    else if (!(card && card.contains(e.target))) hideCard();
  });
  // Esc closes the card. The card lives at the end of <body>, so Tab would
  // skip it: Tab on the link enters the card's copy button, Tab on the
  // button goes on to what follows the link (focusing the link lets the
  // browser take that step), Shift+Tab on the button goes back to the link.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") return hideCard();
    if (e.key !== "Tab" || !card || card.hidden || !cardLink) return;
    var button = card.querySelector("button");
    if (!button) return;
    if (document.activeElement === cardLink && !e.shiftKey) {
      e.preventDefault();
      button.focus();
    } else if (document.activeElement === button) {
      var link = cardLink;
      if (e.shiftKey) e.preventDefault();
      link.focus();
    }
  });

  // window.tifa.check / window.tifa.quotes on every page (README, "校稿"):
  // the checker (check.js) is loaded on first use, so pages that never
  // check a text never download it. check.js replaces these loaders.
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
