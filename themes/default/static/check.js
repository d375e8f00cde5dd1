// tifa 校稿: the browser's checker, the same rules as `tifa check --draft`
// (src/check/), over the rule data the build writes (check/rules.json),
// plus 引文核对 over the sentence index (check/quotes/, src/check/quotes.rs).
//
// No framework, no inline script, no eval, no WebAssembly: a strict
// `Content-Security-Policy: default-src 'self'` works. Nothing is fetched
// until the first check; then rules.json once; 引文核对 fetches only the
// index shards and sentence chunks the draft's sentences point to.
//
// API (also on every other page, through a small loader in tifa.js):
//
//   const { findings } = await window.tifa.check(text, { date: "2024-06-01", doc_type: "对照检查材料" });
//   // findings[i] = { rule, start, end, text, suggestion, message, url }
//   //   start/end: UTF-16 code units of `text` (JavaScript string indices);
//   //   suggestion: the text to put in place of text.slice(start, end), or null;
//   //   url: the formulation entry or rule pack that says so, or null.
//   const { quotes } = await window.tifa.quotes(text);
//   // quotes[i] = { start, end, text, source, url, title, distance, diff }
//
// Every rule mirrors a Rust module of the same name; the conformance suite
// (tests/conformance/) holds both to the same findings.
(function () {
  "use strict";

  var RULES_VERSION = 1; // src/check/data.rs FORMAT_VERSION
  var QUOTES_VERSION = 1; // src/check/quotes.rs FORMAT_VERSION

  function basePath() {
    var base = document.documentElement.getAttribute("data-base");
    if (!base) {
      var script = document.currentScript;
      base = script && script.src ? new URL(".", script.src).pathname : "/";
    }
    return base.charAt(base.length - 1) === "/" ? base : base + "/";
  }
  var BASE = basePath();

  function get(url, as) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("tifa check: " + url + " → HTTP " + response.status);
      return as === "json" ? response.json() : response.arrayBuffer();
    });
  }

  // ------------------------------------------------------------ characters

  /** Code points of `text` from unit `a` to unit `b` (what the rules count). */
  function cpCount(text, a, b) {
    var n = 0;
    for (var i = a; i < b; i++) {
      var c = text.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff || i === a) n++;
    }
    return n;
  }

  /** `[[unitOffset, codePoint], …]` of `text`. */
  function codePoints(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.codePointAt(i);
      out.push([i, c]);
      if (c > 0xffff) i++;
    }
    return out;
  }

  function cpLength(text) {
    return cpCount(text, 0, text.length);
  }

  function isCjk(c) {
    return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x3ffff) || c === 0x3007;
  }

  /** Chinese characters and full-width punctuation (src/check/prose.rs is_chinese). */
  function isChinese(c) {
    return isCjk(c) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2014 && c <= 0x201d) || c === 0x2026;
  }

  function isAsciiAlnum(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  }

  // ----------------------------------------------------------------- dates

  /** "2020-10" → { y, m, d } (m, d null when not known); null if not a date. */
  function parseDate(text) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text || "").trim());
    if (!m) return null;
    return { y: +m[1], m: m[2] ? +m[2] : null, d: m[3] ? +m[3] : null };
  }

  function dayNumber(y, m, d) {
    return y * 10000 + m * 100 + d;
  }

  function firstDay(date) {
    return dayNumber(date.y, date.m || 1, date.d || 1);
  }

  /** The first day after the period (src/parse/dates.rs day_after). */
  function dayAfter(date) {
    if (date.d) {
      var next = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
      return dayNumber(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    }
    if (date.m) return date.m === 12 ? dayNumber(date.y + 1, 1, 1) : dayNumber(date.y, date.m + 1, 1);
    return dayNumber(date.y + 1, 1, 1);
  }

  /** Whether a text of `text` is certainly after the period `change`. */
  function certainlyBefore(change, text) {
    return firstDay(text) >= dayAfter(change);
  }

  function chineseDate(date) {
    if (date.m && date.d) return date.y + "年" + date.m + "月" + date.d + "日";
    if (date.m) return date.y + "年" + date.m + "月";
    return date.y + "年";
  }

  // --------------------------------------------------------------- matching

  /**
   * Leftmost-longest literal matching (src/check/matcher.rs Literals):
   * `items` are [pattern, owner]; equal patterns share one entry.
   */
  function Literals(items) {
    var entries = new Map();
    var byFirst = new Map();
    items.forEach(function (item) {
      var pattern = item[0], owner = item[1];
      if (!pattern) return;
      var entry = entries.get(pattern);
      if (entry) {
        if (entry.owners.indexOf(owner) < 0) entry.owners.push(owner);
        return;
      }
      entry = { pattern: pattern, owners: [owner] };
      entries.set(pattern, entry);
      var key = pattern.charAt(0);
      if (!byFirst.has(key)) byFirst.set(key, []);
      byFirst.get(key).push(entry);
    });
    byFirst.forEach(function (list) {
      list.sort(function (a, b) { return b.pattern.length - a.pattern.length; });
    });
    this.byFirst = byFirst;
  }

  /** Non-overlapping leftmost-longest matches: [{ start, end, owners }]. */
  Literals.prototype.find = function (text) {
    var found = [];
    var byFirst = this.byFirst;
    if (!byFirst.size) return found;
    var i = 0;
    while (i < text.length) {
      var list = byFirst.get(text.charAt(i));
      var best = null;
      if (list) {
        for (var k = 0; k < list.length; k++) {
          if (text.startsWith(list[k].pattern, i)) { best = list[k]; break; }
        }
      }
      if (best) {
        found.push({ start: i, end: i + best.pattern.length, owners: best.owners });
        i += best.pattern.length;
      } else {
        i++;
      }
    }
    return found;
  };

  var QUOTES = "“”‘’\"'「」『』";

  function isQuote(ch) {
    return QUOTES.indexOf(ch) >= 0;
  }

  function stripQuotes(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) if (!isQuote(text.charAt(i))) out += text.charAt(i);
    return out;
  }

  /** The text without quote marks, each unit knowing where it stood. */
  function skeleton(text) {
    var out = "", starts = [], ends = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (isQuote(ch)) continue;
      out += ch;
      starts.push(i);
      ends.push(i + 1);
    }
    return { text: out, starts: starts, ends: ends, length: text.length };
  }

  function leadQuotes(text) {
    var n = 0;
    while (n < text.length && isQuote(text.charAt(n))) n++;
    return n;
  }

  function trailQuotes(text) {
    var n = 0;
    while (n < text.length && isQuote(text.charAt(text.length - 1 - n))) n++;
    return n;
  }

  /** Wrong wordings found quote-blind (src/check/matcher.rs Phrases). */
  function Phrases(list) {
    // list: [{ wrong, rights: [..] }]
    this.phrases = list.map(function (p) {
      return {
        lead: leadQuotes(p.wrong),
        trail: trailQuotes(p.wrong),
        pattern: stripQuotes(p.wrong),
        rights: p.rights.map(stripQuotes).filter(function (r) { return r; }),
      };
    });
    this.literals = new Literals(this.phrases.map(function (p, i) { return [p.pattern, i]; }));
  }

  function insideRight(skel, start, phrase) {
    return phrase.rights.some(function (right) {
      var p = phrase.pattern;
      for (var at = right.indexOf(p); at >= 0; at = right.indexOf(p, at + p.length)) {
        var s = start - at;
        if (s >= 0 && skel.substr(s, right.length) === right) return true;
      }
      return false;
    });
  }

  /** [{ start, end, phrases }] (phrases: indices, first lister first). */
  Phrases.prototype.find = function (text) {
    var self = this;
    if (!this.phrases.length) return [];
    var skel = skeleton(text);
    var found = [];
    this.literals.find(skel.text).forEach(function (m) {
      var wrongHere = m.owners.filter(function (p) { return !insideRight(skel.text, m.start, self.phrases[p]); });
      if (!wrongHere.length) return;
      var phrase = self.phrases[wrongHere[0]];
      var start = skel.starts[m.start];
      var end = skel.ends[m.end - 1];
      for (var k = 0; k < phrase.lead && start > 0 && isQuote(text.charAt(start - 1)); k++) start--;
      for (var j = 0; j < phrase.trail && end < text.length && isQuote(text.charAt(end)); j++) end++;
      found.push({ start: start, end: end, phrases: wrongHere });
    });
    return found;
  };

  /** Optimal string alignment distance over code point arrays. */
  function editDistance(a, b) {
    var n = a.length, m = b.length, d = [], i, j;
    for (i = 0; i <= n; i++) { d.push(new Array(m + 1)); d[i][0] = i; }
    for (j = 0; j <= m; j++) d[0][j] = j;
    for (i = 1; i <= n; i++) {
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
        d[i][j] = best;
      }
    }
    return d[n][m];
  }

  function cpArray(text) {
    return codePoints(text).map(function (p) { return p[1]; });
  }

  // ------------------------------------------------------------ compiling

  function compile(data) {
    if (data.version !== RULES_VERSION) {
      throw new Error("tifa check: check/rules.json is format " + data.version + ", this script reads " + RULES_VERSION +
        " (check.js and check/ come from different builds; reload the page)");
    }
    // rules.json leaves out empty lists, absent values and a current status.
    data.formulations.forEach(function (f) {
      f.status = f.status || "current";
      f.successor = f.successor || null;
      f.changed = f.changed || null;
      ["accepted", "parts", "history", "misuses"].forEach(function (key) { f[key] = f[key] || []; });
      f.why = f.why || null;
      f.past_mentions = Boolean(f.past_mentions);
    });
    data.rules.forEach(function (r) { r.titles_only = Boolean(r.titles_only); });
    var c = { data: data };
    c.terms = new Literals(data.terms);
    // Parts of numbered formulations.
    var patterns = [], owners = [], counts = [];
    data.formulations.forEach(function (f, fi) {
      counts.push(f.parts.length >= 2 ? f.parts.length : 0);
      if (f.parts.length < 2) return;
      f.parts.forEach(function (part, index) {
        var at = patterns.indexOf(part);
        if (at >= 0) owners[at].push([fi, index]);
        else { patterns.push(part); owners.push([[fi, index]]); }
      });
    });
    c.parts = { literals: new Literals(patterns.map(function (p, i) { return [p, i]; })), owners: owners, counts: counts };
    // Wording histories.
    var steps = [], historyPatterns = [];
    data.formulations.forEach(function (f, fi) {
      f.history.forEach(function (step, i) {
        var owner = steps.length;
        steps.push([fi, i]);
        [step.wording].concat(step.also).forEach(function (w) { historyPatterns.push([w, owner]); });
      });
    });
    c.history = { literals: new Literals(historyPatterns), steps: steps };
    // Misuses.
    var misusePhrases = [], misuseOwners = [];
    data.formulations.forEach(function (f, fi) {
      f.misuses.forEach(function (m, mi) {
        misusePhrases.push({ wrong: m.wrong, rights: [m.right] });
        misuseOwners.push([fi, mi]);
      });
    });
    c.misuses = { phrases: new Phrases(misusePhrases), owners: misuseOwners };
    // Rule packs.
    c.packs = { wrong: {}, names: [], known: new Set() };
    KINDS.forEach(function (kind) {
      var list = [], ownersOfKind = [];
      data.rules.forEach(function (rule, index) {
        if (rule.kind !== kind) return;
        var rights = [rule.right].concat(rule.also);
        rule.wrong.forEach(function (w) { list.push({ wrong: w, rights: rights }); ownersOfKind.push(index); });
      });
      c.packs.wrong[kind] = { phrases: new Phrases(list), owners: ownersOfKind };
    });
    data.rules.forEach(function (rule, index) {
      if (rule.kind !== "name" || !rule.right) return;
      var names = correctNames(rule);
      c.packs.names.push([index, names]);
      names.forEach(function (n) { c.packs.known.add(n); });
    });
    c.dates = { formulations: data.formulations.map(function (f) {
      return {
        changed: f.changed ? parseDate(f.changed) : null,
        history: f.history.map(function (s) { return s.date ? parseDate(s.date) : null; }),
      };
    }), rules: data.rules.map(function (r) {
      return { from: r.from ? parseDate(r.from) : null, until: r.until ? parseDate(r.until) : null };
    }) };
    c.byUrl = new Map();
    data.formulations.forEach(function (f) { c.byUrl.set(f.url, f); });
    return c;
  }

  // ------------------------------------------------------------------ rules

  function finding(rule, start, end, message, suggestion, url) {
    return { rule: rule, start: start, end: end, message: message, suggestion: suggestion === undefined ? null : suggestion, url: url || null };
  }

  // variant-spelling (src/check/rules/variant_spelling.rs)
  function variantSpelling(c, subject, text) {
    var out = [];
    c.terms.find(text).forEach(function (m) {
      var f = m.owners[0], entry = c.data.formulations[f];
      var used = text.slice(m.start, m.end);
      if (used === entry.title || subject.own === f || entry.status !== "current" || entry.accepted.indexOf(used) >= 0) return;
      var title = entry.title;
      out.push(finding("variant-spelling", m.start, m.end,
        "“" + used + "”是“" + title + "”的非规范写法，规范写法为“" + title + "”。", title, entry.url));
    });
    return out;
  }

  // stale-formulation (src/check/rules/stale_formulation.rs)
  function staleFormulation(c, subject, text) {
    var date = subject.date;
    if (!date) return [];
    var found = historyFindings(c, subject, text, date);
    var byHistory = found.map(function (f) { return [f.start, f.end]; });
    c.terms.find(text).forEach(function (m) {
      var f = m.owners[0];
      var overlaps = byHistory.some(function (r) { return r[0] < m.end && m.start < r[1]; });
      if (overlaps || subject.own === f) return;
      var entry = c.data.formulations[f];
      var changed = c.dates.formulations[f].changed;
      // No change date: no text can be told to be after the change.
      if (!changed) return;
      var inForceAt = function (d) { return !certainlyBefore(changed, d); };
      if (entry.status === "current" || inForceAt(date) || namedDates(text, m.start, m.end).some(inForceAt)) return;
      found.push(statusFinding(entry, changed, m.start, m.end, text.slice(m.start, m.end), date));
    });
    found.sort(function (a, b) { return a.start - b.start; });
    return found;
  }

  function historyFindings(c, subject, text, date) {
    var out = [];
    c.history.literals.find(text).forEach(function (m) {
      var latest = [];
      m.owners.forEach(function (owner) {
        var step = c.history.steps[owner], f = step[0], i = step[1];
        var entry = null;
        for (var k = 0; k < latest.length; k++) if (latest[k][0] === f) entry = latest[k];
        if (entry) entry[1] = Math.max(entry[1], i);
        else latest.push([f, i]);
      });
      latest = latest.filter(function (l) { return subject.own !== l[0]; });
      var inForce = latest.map(function (l) { return stepInForce(c, l[0], l[1], date); });
      if (!latest.length || inForce.some(function (k) { return k === null; })) return;
      var namedInForce = namedDates(text, m.start, m.end).some(function (d) {
        return latest.some(function (l) { return stepInForce(c, l[0], l[1], d) === null; });
      });
      if (namedInForce) return;
      var entry = c.data.formulations[latest[0][0]];
      var k = inForce[0];
      var step = entry.history[k];
      var stepDate = c.dates.formulations[latest[0][0]].history[k];
      var used = text.slice(m.start, m.end);
      var since = stepDate ? chineseDate(stepDate) : "";
      var event = step.event ? "（" + step.event + "）" : "";
      var head = (used === entry.title ? "“" + used + "”是调整前的表述。" : "“" + used + "”是“" + entry.title + "”调整前的表述。") + since + event;
      if (entry.past_mentions) {
        out.push(finding("stale-formulation", m.start, m.end,
          head + "起，作为当前的目标或任务表述为“" + step.wording + "”，本文日期为" + chineseDate(date) + "。" + PAST_MENTION,
          null, entry.url));
        return;
      }
      out.push(finding("stale-formulation", m.start, m.end,
        head + "起表述为“" + step.wording + "”，本文日期为" + chineseDate(date) + "。", step.wording, entry.url));
    });
    return out;
  }

  var PAST_MENTION = "回顾以往时提及不必修改。";

  function digitAt(text, i) {
    var c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
    return null;
  }

  /** Dates the sentence around start..end names (src/check/rules/stale_formulation.rs named_dates). */
  function namedDates(text, start, end) {
    var s = start;
    while (s > 0 && !isSentenceEnd(text.charAt(s - 1))) s--;
    var e = end;
    while (e < text.length && !isSentenceEnd(text.charAt(e))) e++;
    var t = text.slice(s, e), dates = [];
    var digit = function (i) { return i >= 0 && i < t.length ? digitAt(t, i) : null; };
    for (var i = 0; i < t.length; i++) {
      if (i > 0 && digit(i - 1) !== null) continue;
      var year = 0, ok = true;
      for (var k = i; k < i + 4; k++) {
        var d = digit(k);
        if (d === null) { ok = false; break; }
        year = year * 10 + d;
      }
      if (!ok || t.charAt(i + 4) !== "年" || year < 1900 || year > 2099) continue;
      var a = digit(i + 5), b = digit(i + 6), month = null;
      if (a !== null && b === null && t.charAt(i + 6) === "月") month = a;
      else if (a !== null && b !== null && t.charAt(i + 7) === "月") month = a * 10 + b;
      if (month !== null && (month < 1 || month > 12)) month = null;
      dates.push({ y: year, m: month, d: null });
    }
    return dates;
  }

  function stepInForce(c, f, step, date) {
    var dates = c.dates.formulations[f].history;
    for (var j = dates.length - 1; j > step; j--) {
      if (dates[j] && certainlyBefore(dates[j], date)) return j;
    }
    return null;
  }

  function statusFinding(entry, changed, start, end, used, date) {
    var label = entry.status === "historical" ? "历史提法" : "已调整的提法";
    if (entry.past_mentions) {
      return finding("stale-formulation", start, end,
        "“" + used + "”是" + label + "，" + chineseDate(changed) + "起不再作为当前的目标或任务使用，本文日期为" + chineseDate(date) + "。" +
        PAST_MENTION + (entry.successor ? "写当前的目标或任务用“" + entry.successor + "”。" : "当前的写法见词条。"),
        null, entry.url);
    }
    var message = "“" + used + "”是" + label + "，" + chineseDate(changed) + "起不再使用，本文日期为" + chineseDate(date) + "。";
    message += entry.successor ? "现用“" + entry.successor + "”。" : "现行表述见词条。";
    return finding("stale-formulation", start, end, message, entry.successor, entry.url);
  }

  // misquoted-wording (src/check/rules/misquoted_wording.rs)
  var TITLE_DISTANCE = 4, SHORT_PART = 2, SLACK = 2, FUZZY_PART = 4;
  var MARKS = " \t“”‘’\"'「」\u3000";
  var CONNECTORS = ["以及", "和", "及", "与", "或"];
  var RUN_END = "，,。；;：:！!？?（）()《》\n\ufffc";

  function isSentenceEnd(ch) {
    return "。！？；!?;\n".indexOf(ch) >= 0;
  }

  function trimMarks(text, start, end) {
    while (start < end && MARKS.indexOf(text.charAt(start)) >= 0) start++;
    while (end > start && MARKS.indexOf(text.charAt(end - 1)) >= 0) end--;
    return [start, end];
  }

  function isConnector(gap) {
    var t = trimMarks(gap, 0, gap.length);
    var g = gap.slice(t[0], t[1]);
    return g === "" || CONNECTORS.indexOf(g) >= 0;
  }

  function runs(text, occurrences) {
    var done = [], current = [];
    function endRun() {
      var run = current;
      current = [];
      if (run.filter(function (i) { return i.part; }).length >= 2) done.push(run);
    }
    function stretch(start, end) {
      var t = trimMarks(text, start, end);
      start = t[0]; end = t[1];
      if (start >= end) return;
      var inside = occurrences.filter(function (o) { return o.start >= start && o.end <= end; });
      if (inside.length < 2) {
        current.push({ start: start, end: end, part: inside[0] || null });
        return;
      }
      var last = inside.length - 1;
      inside.forEach(function (o, i) {
        current.push({ start: i === 0 ? start : o.start, end: i === last ? end : o.end, part: o });
        var next = inside[i + 1];
        if (next && !isConnector(text.slice(o.end, next.start))) endRun();
      });
    }
    var itemStart = 0, next = 0;
    for (var i = 0; i < text.length; i++) {
      if (next < occurrences.length && occurrences[next].start === i) {
        i = occurrences[next].end - 1;
        next++;
        continue;
      }
      var ch = text.charAt(i);
      var sideBySide = ch === "“" && i > 0 && text.charAt(i - 1) === "”";
      var runEnd = RUN_END.indexOf(ch) >= 0;
      if (ch === "、" || sideBySide || runEnd) {
        stretch(itemStart, i);
        itemStart = sideBySide ? i : i + 1;
      }
      if (runEnd) endRun();
    }
    stretch(itemStart, text.length);
    endRun();
    return done;
  }

  function misquotedWording(c, subject, text) {
    var occurrences = c.parts.literals.find(text).map(function (m) { return { start: m.start, end: m.end, pattern: m.owners[0] }; });
    if (occurrences.length < 2) return [];
    var out = [];
    runs(text, occurrences).forEach(function (run) {
      var formulations = [];
      run.forEach(function (item) {
        if (!item.part) return;
        c.parts.owners[item.part.pattern].forEach(function (o) { if (formulations.indexOf(o[0]) < 0) formulations.push(o[0]); });
      });
      formulations.sort(function (a, b) { return a - b; });
      formulations.forEach(function (f) {
        var problem = misquote(c, text, occurrences, run, f);
        if (problem && !olderWordingCovers(c, text, problem)) out.push(misquoteFinding(c, text, problem));
      });
    });
    return out;
  }

  /** Whether a history wording (or `also` spelling) of the formulation, quote-blind, covers the problem. */
  function olderWordingCovers(c, text, problem) {
    var entry = c.data.formulations[problem.formulation];
    var skel = skeleton(text);
    return entry.history.some(function (step) {
      return [step.wording].concat(step.also).some(function (wording) {
        var p = stripQuotes(wording);
        if (!p) return false;
        for (var at = skel.text.indexOf(p); at >= 0; at = skel.text.indexOf(p, at + p.length)) {
          if (skel.starts[at] <= problem.start && problem.end <= skel.ends[at + p.length - 1]) return true;
        }
        return false;
      });
    });
  }

  function partIndex(c, text, runLen, position, item, f) {
    var o = item.part;
    if (!o) return null;
    var owner = null;
    c.parts.owners[o.pattern].forEach(function (x) { if (owner === null && x[0] === f) owner = x; });
    if (!owner) return null;
    var leadIn = position === 0 ? 0 : cpCount(text, item.start, o.start);
    var tail = position + 1 === runLen ? 0 : cpCount(text, o.end, item.end);
    var slack = cpCount(text, o.start, o.end) <= SHORT_PART ? 0 : SLACK;
    return leadIn + tail <= slack ? owner[1] : null;
  }

  function mistypedPart(c, text, runLen, position, item, f, claimed) {
    var parts = c.data.formulations[f].parts;
    var chars = codePoints(text.slice(item.start, item.end)).map(function (p) { return [item.start + p[0], p[1]]; });
    var byteAt = function (i) { return i < chars.length ? chars[i][0] : item.end; };
    for (var index = 0; index < parts.length; index++) {
      var partChars = cpArray(parts[index]);
      var len = partChars.length;
      if (len < FUZZY_PART || claimed.indexOf(index) >= 0) continue;
      for (var start = 0; start < chars.length; start++) {
        var widths = [len, len - 1, len + 1];
        for (var w = 0; w < widths.length; w++) {
          var end = start + widths[w];
          if (end > chars.length) continue;
          var leadIn = position === 0 ? 0 : start;
          var tail = position + 1 === runLen ? 0 : chars.length - end;
          if (leadIn + tail > SLACK) continue;
          var stretchChars = chars.slice(start, end).map(function (p) { return p[1]; });
          if (editDistance(stretchChars, partChars) === 1) return { start: byteAt(start), end: byteAt(end), index: index };
        }
      }
    }
    return null;
  }

  function misquote(c, text, occurrences, run, f) {
    var count = c.parts.counts[f];
    var exact = run.map(function (item, position) { return partIndex(c, text, run.length, position, item, f); });
    var claimed = exact.filter(function (x) { return x !== null; });
    var mistyped = [];
    run.forEach(function (item, position) {
      if (exact[position] !== null) return;
      var m = mistypedPart(c, text, run.length, position, item, f, claimed);
      if (m) { claimed.push(m.index); mistyped.push({ position: position, start: m.start, end: m.end, index: m.index }); }
    });
    var typoAt = function (position) {
      for (var k = 0; k < mistyped.length; k++) if (mistyped[k].position === position) return mistyped[k];
      return null;
    };
    var indices = run.map(function (item, position) {
      if (exact[position] !== null) return exact[position];
      var t = typoAt(position);
      return t ? t.index : null;
    });
    var rangeAt = function (position) {
      var item = run[position];
      if (item.part && exact[position] !== null) return [item.part.start, item.part.end];
      var t = typoAt(position);
      return t ? [t.start, t.end] : null;
    };
    var first = -1, last = -1;
    indices.forEach(function (x, i) { if (x !== null) { if (first < 0) first = i; last = i; } });
    if (first < 0) return null;
    var start = rangeAt(first)[0], end = rangeAt(last)[1];
    var listed = indices.filter(function (x) { return x !== null; });
    var seen = [], repeated = [];
    listed.forEach(function (index) { if (seen.indexOf(index) >= 0) repeated.push(index); else seen.push(index); });
    var exactSeen = [];
    exact.forEach(function (x) { if (x !== null && exactSeen.indexOf(x) < 0) exactSeen.push(x); });
    var named = titleNear(c, text, start, end, f);
    if (exactSeen.length < 2 || !(named || exactSeen.length * 2 > count)) return null;
    var extra = [];
    for (var i = first; i <= last; i++) if (indices[i] === null) extra.push([run[i].start, run[i].end]);
    var outOfOrder = false;
    for (var k = 1; k < seen.length; k++) if (seen[k - 1] > seen[k]) outOfOrder = true;
    var problem = {
      formulation: f, start: start, end: end,
      missing: missingParts(c, text, occurrences, start, end, seen, count, f),
      repeated: repeated, extra: extra,
      mistyped: mistyped.map(function (t) { return [t.start, t.end, t.index]; }),
      outOfOrder: outOfOrder,
    };
    var fine = !problem.missing.length && !repeated.length && !extra.length && !problem.mistyped.length && !outOfOrder;
    return fine ? null : problem;
  }

  function missingParts(c, text, occurrences, start, end, listed, count, f) {
    var s = start;
    while (s > 0 && !isSentenceEnd(text.charAt(s - 1))) s--;
    var e = end;
    while (e < text.length && !isSentenceEnd(text.charAt(e))) e++;
    var inSentence = [];
    occurrences.forEach(function (o) {
      if (o.start >= s && o.end <= e) {
        c.parts.owners[o.pattern].forEach(function (x) { if (x[0] === f) inSentence.push(x[1]); });
      }
    });
    var missing = [];
    for (var i = 0; i < count; i++) if (listed.indexOf(i) < 0 && inSentence.indexOf(i) < 0) missing.push(i);
    return missing;
  }

  function charsBetween(text, from, to) {
    return to < from ? Infinity : cpCount(text, from, to);
  }

  function titleNear(c, text, start, end, f) {
    return c.terms.find(text).some(function (m) {
      return m.owners[0] === f && (charsBetween(text, m.end, start) <= TITLE_DISTANCE || charsBetween(text, end, m.start) <= TITLE_DISTANCE);
    });
  }

  function misquoteFinding(c, text, problem) {
    var entry = c.data.formulations[problem.formulation];
    var parts = entry.parts;
    var name = function (indices) { return indices.map(function (i) { return "“" + parts[i] + "”"; }).join("、"); };
    var zh = [];
    if (problem.missing.length) zh.push("缺少" + name(problem.missing));
    if (problem.extra.length) zh.push(problem.extra.map(function (r) { return "“" + text.slice(r[0], r[1]) + "”"; }).join("、") + "不在其中");
    if (problem.mistyped.length) {
      zh.push("错字：" + problem.mistyped.map(function (t) { return "“" + text.slice(t[0], t[1]) + "”应为“" + parts[t[2]] + "”"; }).join("、"));
    }
    if (problem.repeated.length) zh.push(name(problem.repeated) + "重复");
    if (problem.outOfOrder) zh.push("顺序不对");
    return finding("misquoted-wording", problem.start, problem.end,
      "“" + entry.title + "”的表述有误：" + zh.join("；") + "。规范表述为“" + entry.full + "”。", entry.full, entry.url);
  }

  // misuse (src/check/rules/misuse.rs)
  function noteSentence(note) {
    note = (note || "").trim().replace(/。+$/, "");
    return note ? note + "。" : "";
  }

  function misuse(c, subject, text) {
    if (subject.reference) return [];
    return c.misuses.phrases.find(text).map(function (m) {
      var owner = c.misuses.owners[m.phrases[0]];
      var entry = c.data.formulations[owner[0]];
      var item = entry.misuses[owner[1]];
      var used = text.slice(m.start, m.end);
      var note = item.note ? noteSentence(item.note) : "";
      var message = item.right
        ? "“" + entry.title + "”的错误用法：" + used + "，应为：" + item.right + "。" + note
        : "“" + entry.title + "”的错误用法：" + used + "。" + note;
      return finding("misuse", m.start, m.end, message, item.right || null, entry.url);
    });
  }

  // Rule packs (src/check/rules/packs.rs)
  var KINDS = ["name", "forbidden", "caution", "house"];
  var NEAR_NAME = 6, SHORT_TITLE_PREFIXES = ["中国共产党", "中共中央"], SHORT_TITLE_MIN = 4;

  function correctNames(rule) {
    var names = [rule.right].concat(rule.also);
    SHORT_TITLE_PREFIXES.forEach(function (prefix) {
      if (rule.right.startsWith(prefix)) {
        var short = rule.right.slice(prefix.length);
        if (cpLength(short) >= SHORT_TITLE_MIN && names.indexOf(short) < 0) names.push(short);
      }
    });
    return names;
  }

  function applies(c, index, subject) {
    var rule = c.data.rules[index], dates = c.dates.rules[index];
    if (dates.from && !(subject.date && firstDay(subject.date) >= firstDay(dates.from))) return false;
    if (dates.until && !(subject.date && dayAfter(subject.date) <= dayAfter(dates.until))) return false;
    var type = subject.doc_type || null;
    if (rule.only_in.length && !(type && rule.only_in.indexOf(type) >= 0)) return false;
    return !(type && rule.not_in.indexOf(type) >= 0);
  }

  function findWrong(c, subject, text, kind) {
    if (subject.reference) return [];
    var table = c.packs.wrong[kind];
    var out = [];
    table.phrases.find(text).forEach(function (m) {
      var index = null;
      var title = text.charAt(m.start - 1) === "《" && text.charAt(m.end) === "》";
      for (var k = 0; k < m.phrases.length && index === null; k++) {
        var candidate = table.owners[m.phrases[k]];
        if (applies(c, candidate, subject) && (title || !c.data.rules[candidate].titles_only)) index = candidate;
      }
      if (index === null) return;
      out.push(wrongFinding(c.data.rules[index], m.start, m.end, text.slice(m.start, m.end)));
    });
    return out;
  }

  function wrongFinding(rule, start, end, used) {
    var right = rule.right, note = rule.note ? noteSentence(rule.note) : "", name, message;
    if (rule.kind === "name") { name = "wrong-name"; message = "名称有误：“" + used + "”应为“" + right + "”。" + note; }
    else if (rule.kind === "forbidden") { name = "forbidden-word"; message = right ? "禁用词“" + used + "”，宜用“" + right + "”。" + note : "禁用词“" + used + "”。" + note; }
    else if (rule.kind === "caution") { name = "caution-word"; message = right ? "慎用词“" + used + "”，可改为“" + right + "”。" + note : "慎用词“" + used + "”。" + note; }
    else { name = "house-style"; message = "按本单位规范，“" + used + "”应写作“" + right + "”。" + note; }
    return finding(name, start, end, message, right || null, rule.url);
  }

  function titles(text) {
    var found = [], open = null;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === "《") open = i + 1;
      else if (ch === "》") { if (open !== null) found.push([open, i]); open = null; }
      else if (ch === "\n") open = null;
    }
    return found;
  }

  function wrongName(c, subject, text) {
    var found = findWrong(c, subject, text, "name");
    if (subject.reference) return found;
    var explicit = found.map(function (f) { return [f.start, f.end]; });
    titles(text).forEach(function (t) {
      var title = text.slice(t[0], t[1]);
      var overlaps = explicit.some(function (r) { return r[0] < t[1] && t[0] < r[1]; });
      if (!title || overlaps || c.packs.known.has(title)) return;
      var f = nearName(c, subject, title, t[0], t[1]);
      if (f) found.push(f);
    });
    found.sort(function (a, b) { return a.start - b.start; });
    return found;
  }

  function nearName(c, subject, title, start, end) {
    var chars = cpArray(title);
    for (var k = 0; k < c.packs.names.length; k++) {
      var index = c.packs.names[k][0], names = c.packs.names[k][1];
      if (!applies(c, index, subject)) continue;
      for (var n = 0; n < names.length; n++) {
        var nameChars = cpArray(names[n]);
        if (nameChars.length < NEAR_NAME || Math.abs(nameChars.length - chars.length) > 1) continue;
        if (editDistance(chars, nameChars) === 1) return nameFinding(c.data.rules[index], start, end, title, names[n]);
      }
    }
    return null;
  }

  function nameFinding(rule, start, end, used, name) {
    var date = rule.date ? chineseDate(parseDate(rule.date)) : null;
    var issued = rule.issuer && date ? "（" + rule.issuer + date + "）" : rule.issuer ? "（" + rule.issuer + "）" : date ? "（" + date + "）" : "";
    var note = rule.note ? noteSentence(rule.note) : "";
    var also = name === rule.right ? "" : "，全称《" + rule.right + "》";
    return finding("wrong-name", start, end, "名称有误：“" + used + "”应为《" + name + "》" + issued + also + "。" + note, name, rule.url);
  }

  // unbalanced-punctuation, half-width-punctuation (src/check/rules/punctuation.rs)
  var PAIRS = [["“", "”"], ["‘", "’"], ["（", "）"], ["《", "》"]];

  function unbalancedPunctuation(c, subject, text) {
    var chars = codePoints(text);
    var open = [], found = [];
    chars.forEach(function (p, i) {
      var ch = String.fromCodePoint(p[1]);
      if ((ch === "‘" || ch === "’") && i > 0 && i + 1 < chars.length && isAsciiAlnum(chars[i - 1][1]) && isAsciiAlnum(chars[i + 1][1])) return;
      var opener = null, closer = null;
      PAIRS.forEach(function (pair) { if (pair[0] === ch) opener = pair; if (pair[1] === ch) closer = pair; });
      if (opener) open.push([p[0], ch]);
      else if (closer) {
        var at = -1;
        for (var k = open.length - 1; k >= 0; k--) if (open[k][1] === closer[0]) { at = k; break; }
        if (at >= 0) {
          open.splice(at + 1).forEach(function (o) { found.push(["open", o[0], o[1]]); });
          open.pop();
        } else {
          found.push(["close", p[0], ch]);
        }
      }
    });
    open.forEach(function (o) { found.push(["open", o[0], o[1]]); });
    found.sort(function (a, b) { return a[1] - b[1]; });
    return found.map(function (u) {
      var ch = u[2], partner = ch;
      PAIRS.forEach(function (pair) { if (pair[0] === ch) partner = pair[1]; else if (pair[1] === ch) partner = pair[0]; });
      return finding("unbalanced-punctuation", u[1], u[1] + 1, "“" + ch + "”在本段中没有对应的“" + partner + "”。", null, null);
    });
  }

  var FULL_WIDTH = { ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）" };

  function neighbour(chars, i, step) {
    for (var j = i + step; j >= 0 && j < chars.length; j += step) {
      var c = chars[j][1];
      if (c !== 32 && c !== 9) return c;
    }
    return null;
  }

  function matchingParen(chars, open) {
    var depth = 0;
    for (var j = open; j < chars.length; j++) {
      var c = chars[j][1];
      if (c === 40) depth++;
      else if (c === 41) { depth--; if (depth === 0) return j; }
      else if (c === 10) return null;
    }
    return null;
  }

  function inUrl(chars, i) {
    var urlChar = function (c) { return c >= 0x21 && c <= 0x7e; };
    var start = i;
    while (start > 0 && urlChar(chars[start - 1][1])) start--;
    var end = i;
    while (end < chars.length && urlChar(chars[end][1])) end++;
    var token = chars.slice(start, end).map(function (p) { return String.fromCodePoint(p[1]); }).join("");
    return token.indexOf("://") >= 0 || token.indexOf("www.") === 0;
  }

  function halfWidthPunctuation(c, subject, text) {
    var chars = codePoints(text);
    var found = [], paired = [];
    var chinese = function (n) { return n !== null && isChinese(n); };
    var atEnd = function (n) { return n === null || n === 10; };
    chars.forEach(function (p, i) {
      var ch = String.fromCodePoint(p[1]);
      if (!FULL_WIDTH[ch] || paired.indexOf(i) >= 0 || inUrl(chars, i)) return;
      var before = neighbour(chars, i, -1), after = neighbour(chars, i, 1);
      if (ch === "(") {
        var close = matchingParen(chars, i);
        if (close !== null) {
          paired.push(close);
          var inside = chars.slice(i + 1, close).some(function (q) { return isChinese(q[1]); });
          if (inside || chinese(before) || chinese(neighbour(chars, close, 1))) {
            var inner = text.slice(p[0] + 1, chars[close][0]);
            found.push(finding("half-width-punctuation", p[0], chars[close][0] + 1,
              "中文句子中用了半角括号“()”，应为全角“（）”。", "（" + inner + "）", null));
          }
        } else if (chinese(before) || chinese(after)) {
          found.push(halfWidthOne(p[0], ch));
        }
      } else if (ch === ")") {
        if (chinese(before) || chinese(after)) found.push(halfWidthOne(p[0], ch));
      } else if (chinese(before) && (chinese(after) || atEnd(after))) {
        found.push(halfWidthOne(p[0], ch));
      }
    });
    return found;
  }

  function halfWidthOne(at, ch) {
    var wide = FULL_WIDTH[ch];
    return finding("half-width-punctuation", at, at + 1, "中文句子中用了半角“" + ch + "”，应为全角“" + wide + "”。", wide, null);
  }

  var TEXT_RULES = [
    ["variant-spelling", variantSpelling],
    ["stale-formulation", staleFormulation],
    ["misquoted-wording", misquotedWording],
    ["misuse", misuse],
    ["wrong-name", wrongName],
    ["forbidden-word", function (c, s, t) { return findWrong(c, s, t, "forbidden"); }],
    ["caution-word", function (c, s, t) { return findWrong(c, s, t, "caution"); }],
    ["house-style", function (c, s, t) { return findWrong(c, s, t, "house"); }],
    ["unbalanced-punctuation", unbalancedPunctuation],
    ["half-width-punctuation", halfWidthPunctuation],
  ];

  // ------------------------------------------------------------ checking

  var compiled = null; // Promise of the compiled rules

  function loadRules() {
    if (compiled) return compiled;
    compiled = get(BASE + "check/rules.json", "json").then(compile);
    compiled.catch(function () { compiled = null; });
    return compiled;
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /** The findings of a draft with compiled rules `c` (synchronous). */
  function checkWith(c, text, options) {
    options = options || {};
    var date = parseDate(options.date || today());
    if (!date) throw new Error("tifa check: date must be YYYY, YYYY-MM or YYYY-MM-DD, got " + options.date);
    var subject = { date: date, doc_type: options.doc_type || null, own: null, reference: false };
    var allow = c.data.allow || [];
    var rules = TEXT_RULES.filter(function (r) { return allow.indexOf(r[0]) < 0; });
    var findings = [];
    var lineStart = 0;
    text.split("\n").forEach(function (raw) {
      var line = raw.charAt(raw.length - 1) === "\r" ? raw.slice(0, -1) : raw;
      var found = [];
      rules.forEach(function (rule) { found = found.concat(rule[1](c, subject, line)); });
      found.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
      found.forEach(function (f) {
        findings.push({
          rule: f.rule,
          start: lineStart + f.start,
          end: lineStart + f.end,
          text: line.slice(f.start, f.end),
          suggestion: f.suggestion,
          message: f.message,
          url: f.url,
        });
      });
      lineStart += raw.length + 1;
    });
    return findings;
  }

  function check(text, options) {
    return loadRules().then(function (c) {
      return { findings: checkWith(c, String(text), options) };
    });
  }

  // ----------------------------------------------------------- 引文核对

  var MAX_CANDIDATES = 3; // sentences compared with each sentence of the draft
  var quoteIndex = null; // Promise of meta
  var quoteShards = new Map();
  var quoteChunks = new Map();

  function loadQuotes() {
    if (quoteIndex) return quoteIndex;
    quoteIndex = get(BASE + "check/quotes/meta.json", "json").then(function (meta) {
      if (meta.version !== QUOTES_VERSION) throw new Error("tifa check: check/quotes is format " + meta.version);
      meta.stopSet = new Set(meta.stop || []);
      return meta;
    });
    quoteIndex.catch(function () { quoteIndex = null; });
    return quoteIndex;
  }

  function fnv1a32(codes) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < codes.length; i++) {
      var c = codes[i], bytes;
      if (c < 0x80) bytes = [c];
      else if (c < 0x800) bytes = [0xc0 | (c >> 6), 0x80 | (c & 63)];
      else if (c < 0x10000) bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      else bytes = [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      for (var k = 0; k < bytes.length; k++) {
        hash ^= bytes[k];
        hash = Math.imul(hash, 16777619);
      }
    }
    return hash >>> 0;
  }

  function foldCode(c) {
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c >= 65 && c <= 90) c += 32;
    return c;
  }

  /** Code points kept for sketching (src/check/quotes.rs kept_chars). */
  function keptCodes(text) {
    var out = [];
    codePoints(text).forEach(function (p) {
      var c = foldCode(p[1]);
      if (isCjk(c) || isAsciiAlnum(c)) out.push(c);
    });
    return out;
  }

  /** The smallest distinct triple hashes not on the stop list (src/check/quotes.rs sketch). */
  function sketch(text, meta) {
    var codes = keptCodes(text);
    if (codes.length < meta.min_chars) return [];
    var hashes = [];
    for (var i = 0; i + meta.gram <= codes.length; i++) hashes.push(fnv1a32(codes.slice(i, i + meta.gram)));
    hashes.sort(function (a, b) { return a - b; });
    var out = [];
    hashes.forEach(function (h) {
      if (out[out.length - 1] !== h && !meta.stopSet.has(h) && out.length < meta.sketch) out.push(h);
    });
    return out;
  }

  /** Sentences of the draft with their offsets (src/check/quotes.rs sentences). */
  function draftSentences(text) {
    var found = [], start = 0;
    var push = function (a, b) {
      while (a < b && /\s/.test(text.charAt(a))) a++;
      while (b > a && /\s/.test(text.charAt(b - 1))) b--;
      if (a < b) found.push({ start: a, end: b, text: text.slice(a, b) });
    };
    for (var i = 0; i < text.length; i++) {
      if ("。！？；!?;\n".indexOf(text.charAt(i)) >= 0) { push(start, i + 1); start = i + 1; }
    }
    push(start, text.length);
    return found;
  }

  function shard(meta, n) {
    if (!quoteShards.has(n)) {
      var p = get(BASE + "check/quotes/f/" + n + ".bin").then(parsePostings);
      p.catch(function () { quoteShards.delete(n); });
      quoteShards.set(n, p);
    }
    return quoteShards.get(n);
  }

  function parsePostings(buffer) {
    var bytes = new Uint8Array(buffer), at = 0, map = new Map(), hash = 0;
    var varint = function () {
      var value = 0, shift = 0, byte;
      do {
        if (at >= bytes.length) throw new Error("tifa check: truncated quote shard");
        byte = bytes[at++];
        value += (byte & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (byte & 0x80);
      return value;
    };
    while (at < bytes.length) {
      hash += varint();
      var count = varint(), ids = [], id = 0;
      for (var i = 0; i < count; i++) { id += varint(); ids.push(id); }
      map.set(hash, ids);
    }
    return map;
  }

  function chunk(meta, n) {
    if (!quoteChunks.has(n)) {
      var p = get(BASE + "check/quotes/s/" + n + ".json", "json");
      p.catch(function () { quoteChunks.delete(n); });
      quoteChunks.set(n, p);
    }
    return quoteChunks.get(n);
  }

  function sentenceRecord(meta, id) {
    return chunk(meta, Math.floor(id / meta.chunk)).then(function (data) {
      var row = data.s[id % meta.chunk];
      var page = data.pages[row[0]];
      return { id: id, text: row[1], url: page[0], title: page[1] };
    });
  }

  /** Characters compared in a quotation: all but whitespace. */
  function visible(text) {
    var out = [];
    codePoints(text).forEach(function (p) { if (!/\s/.test(String.fromCodePoint(p[1]))) out.push(String.fromCodePoint(p[1])); });
    return out;
  }

  /**
   * Aligns the shorter of `a` (draft) and `b` (source) with the best-matching
   * stretch of the longer, by edit distance; returns { distance, ops } with
   * ops [type, text] for the stretch ("=" same, "-" only in the source,
   * "+" only in the draft).
   */
  function align(a, b) {
    var draftShorter = a.length <= b.length;
    var s = draftShorter ? a : b, l = draftShorter ? b : a;
    var n = s.length, m = l.length, d = [], i, j;
    for (i = 0; i <= n; i++) { d.push(new Int32Array(m + 1)); d[i][0] = i; }
    // Free start in the longer text.
    for (j = 0; j <= m; j++) d[0][j] = 0;
    for (i = 1; i <= n; i++) {
      for (j = 1; j <= m; j++) {
        var cost = s[i - 1] === l[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      }
    }
    // Free end: the best column of the last row.
    var endJ = 0;
    for (j = 0; j <= m; j++) if (d[n][j] < d[n][endJ]) endJ = j;
    var ops = [];
    i = n; j = endJ;
    while (i > 0 && j > 0) {
      if (d[i][j] === d[i - 1][j - 1] + (s[i - 1] === l[j - 1] ? 0 : 1)) {
        if (s[i - 1] === l[j - 1]) ops.push(["=", s[i - 1]]);
        else { ops.push([draftShorter ? "-" : "+", l[j - 1]]); ops.push([draftShorter ? "+" : "-", s[i - 1]]); }
        i--; j--;
      } else if (d[i][j] === d[i - 1][j] + 1) {
        ops.push([draftShorter ? "+" : "-", s[i - 1]]); i--;
      } else {
        ops.push([draftShorter ? "-" : "+", l[j - 1]]); j--;
      }
    }
    while (i > 0) { ops.push([draftShorter ? "+" : "-", s[i - 1]]); i--; }
    ops.reverse();
    // Merge runs of the same type.
    var merged = [];
    ops.forEach(function (op) {
      var last = merged[merged.length - 1];
      if (last && last[0] === op[0]) last[1] += op[1];
      else merged.push([op[0], op[1]]);
    });
    return { distance: d[n][endJ], ops: merged, length: n };
  }

  /** How far a quotation may drift and still be a quotation of it. */
  function nearEnough(distance, length) {
    return distance >= 1 && distance <= Math.max(2, Math.floor(length / 5));
  }

  /**
   * 引文核对: the sentences of `text` that nearly repeat a sentence of an
   * excerpt or an authoritative sentence. Resolves to { quotes: [{ start,
   * end, text, source, url, title, distance, diff }] }, in draft order.
   */
  function quotes(text) {
    text = String(text);
    return loadQuotes().then(function (meta) {
      var sentences = draftSentences(text).map(function (s) {
        s.sketch = sketch(s.text, meta);
        return s;
      }).filter(function (s) { return s.sketch.length; });
      var needed = new Set();
      sentences.forEach(function (s) { s.sketch.forEach(function (h) { needed.add(h % meta.shards); }); });
      var shardList = Array.from(needed);
      return Promise.all(shardList.map(function (n) { return shard(meta, n); })).then(function (maps) {
        var byShard = new Map();
        shardList.forEach(function (n, i) { byShard.set(n, maps[i]); });
        var wanted = new Set();
        sentences.forEach(function (s) {
          // Sentences sharing two sketch hashes or more (all of them, for
          // a sketch of one), most shared first, at most MAX_CANDIDATES.
          var shared = new Map();
          s.sketch.forEach(function (h) {
            (byShard.get(h % meta.shards).get(h) || []).forEach(function (id) {
              shared.set(id, (shared.get(id) || 0) + 1);
            });
          });
          var needed = Math.min(2, s.sketch.length);
          s.candidates = Array.from(shared.keys())
            .filter(function (id) { return shared.get(id) >= needed; })
            .sort(function (a, b) { return shared.get(b) - shared.get(a) || a - b; })
            .slice(0, MAX_CANDIDATES);
          s.candidates.forEach(function (id) { wanted.add(id); });
        });
        var ids = Array.from(wanted);
        return Promise.all(ids.map(function (id) { return sentenceRecord(meta, id); })).then(function (records) {
          var byId = new Map();
          records.forEach(function (r) { byId.set(r.id, r); });
          var found = [];
          sentences.forEach(function (s) {
            var draft = visible(s.text), best = null;
            s.candidates.forEach(function (id) {
              var record = byId.get(id);
              var result = align(draft, visible(record.text));
              if (!nearEnough(result.distance, result.length)) return;
              if (!best || result.distance < best.result.distance) best = { record: record, result: result };
            });
            if (best) {
              found.push({
                start: s.start, end: s.end, text: s.text,
                source: best.record.text, url: best.record.url, title: best.record.title,
                distance: best.result.distance, diff: best.result.ops,
              });
            }
          });
          return { quotes: found };
        });
      });
    });
  }

  var api = window.tifa = window.tifa || {};
  api.check = check;
  api.check.loaded = true;
  api.quotes = quotes;
  api.checkRules = function () { return loadRules().then(function (c) { return c.data; }); };

  // The 校稿 page's UI lives in check-page.js.
  api.checkInternals = { checkWith: checkWith, loadRules: loadRules, today: today, compiled: function () { return compiled; } };
})();
