// tifa 校稿 page (templates/check.html): paste or open a draft, see the
// findings of window.tifa.check marked in place and listed with the fix and
// its authority, apply fixes, copy the corrected text, export the list;
// 引文核对 below. A .docx is read here in the browser (a zip of XML:
// DecompressionStream("deflate-raw") inflates word/document.xml); nothing
// is uploaded. After each render the page dispatches `tifa:checked` on
// `document` with `{ findings, ms }`, and `tifa:quotes` when 引文核对 is done.
(function () {
  "use strict";

  var page = document.querySelector("[data-check-page]");
  if (!page) return;
  var tifa = window.tifa;
  var input = document.getElementById("check-input");
  var dateInput = document.getElementById("check-date");
  var docType = document.getElementById("check-doc-type");
  var fileInput = document.getElementById("check-file");
  var form = document.getElementById("check-form");
  var drop = document.getElementById("check-drop");
  var status = document.getElementById("check-status");
  var results = document.getElementById("check-results");
  var marked = document.getElementById("check-marked");
  var list = document.getElementById("check-findings");
  var count = document.getElementById("check-count");
  var quoteBox = document.getElementById("check-quotes");
  var quoteList = document.getElementById("check-quote-list");
  var quoteCount = document.getElementById("check-quote-count");

  var RULE_LABELS = {
    "variant-spelling": "非规范写法",
    "stale-formulation": "过时表述",
    "misquoted-wording": "表述不全或有误",
    "misuse": "错误用法",
    "wrong-name": "名称有误",
    "forbidden-word": "禁用词",
    "caution-word": "慎用词",
    "house-style": "本单位规范",
    "unbalanced-punctuation": "标点不配对",
    "half-width-punctuation": "半角标点",
  };

  var state = { text: "", findings: [], rules: null, run: 0 };

  dateInput.value = tifa.checkInternals.today();

  tifa.checkRules().then(function (data) {
    state.rules = data;
    (data.doc_types || []).forEach(function (type) {
      var option = document.createElement("option");
      option.value = type;
      option.textContent = type;
      docType.appendChild(option);
    });
  }, function (error) {
    say("无法加载校对规则：" + error.message);
  });

  function say(text) {
    status.textContent = text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // ------------------------------------------------------------ checking

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  function run() {
    clearTimeout(timer);
    var text = input.value;
    var number = ++state.run;
    if (!text.trim()) {
      results.hidden = true;
      say("");
      return Promise.resolve();
    }
    if (!dateInput.value) {
      say("请填写成文日期。");
      return Promise.resolve();
    }
    var started = performance.now();
    page.setAttribute("aria-busy", "true");
    return tifa.check(text, { date: dateInput.value, doc_type: docType.value }).then(function (result) {
      if (number !== state.run) return;
      var ms = Math.round(performance.now() - started);
      state.text = text;
      state.findings = result.findings;
      render(text, result.findings);
      page.removeAttribute("aria-busy");
      say(result.findings.length ? "发现 " + result.findings.length + " 处问题。" : "未发现问题。");
      document.dispatchEvent(new CustomEvent("tifa:checked", { detail: { findings: result.findings, ms: ms } }));
      checkQuotes(text, number);
    }, function (error) {
      page.removeAttribute("aria-busy");
      say("校对失败：" + error.message);
    });
  }

  function render(text, findings) {
    results.hidden = false;
    count.textContent = findings.length ? findings.length + " 处" : "";
    renderMarked(text, findings);
    renderList(findings);
  }

  /** The draft, paragraph by paragraph, each finding's text in a <mark>. */
  function renderMarked(text, findings) {
    marked.textContent = "";
    var lineStart = 0;
    text.split("\n").forEach(function (line) {
      var p = el("p");
      var end = lineStart + line.length;
      var inLine = findings.map(function (f, i) { return [f, i]; }).filter(function (x) {
        return x[0].start >= lineStart && x[0].start < end || (x[0].start === x[0].end && x[0].start === end);
      });
      // Cut the line where a finding starts or ends; each piece is marked
      // with the findings covering it.
      var cuts = [lineStart, end];
      inLine.forEach(function (x) { cuts.push(x[0].start, Math.min(x[0].end, end)); });
      cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
      var firstMark = {};
      for (var k = 0; k + 1 < cuts.length; k++) {
        var a = cuts[k], b = cuts[k + 1];
        var covering = inLine.filter(function (x) { return x[0].start <= a && x[0].end >= b; });
        var piece = text.slice(a, b);
        if (!covering.length) {
          p.appendChild(document.createTextNode(piece));
          continue;
        }
        var mark = el("mark", "finding rule-" + covering[0][0].rule, piece);
        var ids = covering.map(function (x) { return x[1]; });
        mark.setAttribute("data-findings", ids.join(" "));
        mark.title = covering.map(function (x) { return RULE_LABELS[x[0].rule] + "：" + x[0].message; }).join("\n");
        ids.forEach(function (id) {
          if (firstMark[id]) return;
          firstMark[id] = true;
          if (!mark.id) mark.id = "mark-" + id;
          else {
            var anchor = el("span", "anchor");
            anchor.id = "mark-" + id;
            p.appendChild(anchor);
          }
        });
        p.appendChild(mark);
      }
      if (!line) p.appendChild(el("br"));
      marked.appendChild(p);
      lineStart = end + 1;
    });
  }

  /** "第 3 段第 5 字" for a UTF-16 offset of the draft. */
  function place(text, offset) {
    var before = text.slice(0, offset).split("\n");
    return "第 " + before.length + " 段第 " + (Array.from(before[before.length - 1]).length + 1) + " 字";
  }

  function renderList(findings) {
    list.textContent = "";
    var byUrl = new Map();
    if (state.rules) state.rules.formulations.forEach(function (f) { byUrl.set(f.url, f); });
    findings.forEach(function (f, i) {
      var item = el("li", "check-finding rule-" + f.rule);
      item.id = "finding-" + i;
      item.setAttribute("data-finding", String(i));
      var head = el("p", "finding-head");
      head.appendChild(el("span", "badge rule", RULE_LABELS[f.rule] || f.rule));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("del", "finding-wrong", f.text));
      if (f.suggestion !== null) {
        head.appendChild(el("span", "arrow", " → "));
        head.appendChild(el("ins", "finding-right", f.suggestion));
      }
      item.appendChild(head);
      item.appendChild(el("p", "finding-message", f.message));
      var entry = f.url && byUrl.get(f.url);
      if (entry && entry.why && (f.rule === "variant-spelling" || f.rule === "stale-formulation" || f.rule === "misquoted-wording" || f.rule === "misuse")) {
        item.appendChild(why(entry.why));
      }
      var actions = el("p", "finding-actions");
      if (f.suggestion !== null) {
        var apply = el("button", "apply", "改为“" + f.suggestion + "”");
        apply.type = "button";
        apply.setAttribute("data-apply", String(i));
        actions.appendChild(apply);
      }
      var locate = el("a", "locate", place(state.text, f.start));
      locate.href = "#mark-" + i;
      actions.appendChild(locate);
      if (f.url) {
        var link = el("a", "source", f.rule === "wrong-name" || /-word$|house-style/.test(f.rule) ? "查看规则" : "查看词条");
        link.href = f.url;
        actions.appendChild(link);
      }
      item.appendChild(actions);
      list.appendChild(item);
    });
  }

  /** The authoritative sentence and where it stands. */
  function why(w) {
    var box = el("blockquote", "finding-why");
    box.appendChild(el("p", "why-text", w.text));
    var source = "——《" + w.document + "》" + (w.article || "");
    var details = [w.issuer, w.date ? chinese(w.date) : ""].filter(Boolean).join("，");
    if (details) source += "（" + details + "）";
    if (w.pending) source += " 待核实";
    box.appendChild(el("p", "why-source", source));
    return box;
  }

  function chinese(date) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
    if (!m) return date;
    return m[1] + "年" + (m[2] ? +m[2] + "月" : "") + (m[3] ? +m[3] + "日" : "");
  }

  // ------------------------------------------------------------- fixing

  function applyFinding(index) {
    var f = state.findings[index];
    if (!f || f.suggestion === null) return;
    var text = input.value;
    if (text !== state.text || text.slice(f.start, f.end) !== f.text) {
      say("文稿已改动，请重新校对后再采纳。");
      return run();
    }
    input.value = text.slice(0, f.start) + f.suggestion + text.slice(f.end);
    say("已将“" + f.text + "”改为“" + f.suggestion + "”。");
    return run();
  }

  /** Every fix that does not overlap an earlier one, applied from the end. */
  function applyAll() {
    var text = input.value;
    if (text !== state.text) return run();
    var chosen = [], reach = -1;
    state.findings.forEach(function (f) {
      if (f.suggestion === null || f.start < reach) return;
      chosen.push(f);
      reach = f.end;
    });
    for (var i = chosen.length - 1; i >= 0; i--) {
      text = text.slice(0, chosen[i].start) + chosen[i].suggestion + text.slice(chosen[i].end);
    }
    input.value = text;
    say("已采纳 " + chosen.length + " 条修改意见。");
    return run();
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-apply]");
    if (button) applyFinding(+button.getAttribute("data-apply"));
  });

  marked.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-findings]");
    if (!mark) return;
    var item = document.getElementById("finding-" + mark.getAttribute("data-findings").split(" ")[0]);
    if (item) {
      item.scrollIntoView({ block: "nearest" });
      var button = item.querySelector("button, a");
      if (button) button.focus({ preventScroll: true });
    }
  });

  // -------------------------------------------------- copy and export

  // tifa.js's copy: the Clipboard API, or a hidden textarea on plain-http
  // intranet sites.
  function copy(text, button) {
    tifa.copy(text).then(function () {
      if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
      button.textContent = "已复制";
      clearTimeout(button.tifaTimer);
      button.tifaTimer = setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
      say("已复制修改后的全文（" + Array.from(text).length + " 字）。");
    });
  }

  /** The findings as plain text a writer can send on. */
  function report() {
    var lines = ["校对意见", "成文日期：" + dateInput.value + (docType.value ? "　文种：" + docType.value : ""),
      "共 " + state.findings.length + " 处", ""];
    state.findings.forEach(function (f, i) {
      var head = (i + 1) + ". " + place(state.text, f.start) + "　【" + (RULE_LABELS[f.rule] || f.rule) + "】“" + f.text + "”";
      if (f.suggestion !== null) head += " → “" + f.suggestion + "”";
      lines.push(head);
      lines.push("   " + f.message);
      if (f.url) lines.push("   依据：" + new URL(f.url, location.href).href);
    });
    return lines.join("\n") + "\n";
  }

  document.getElementById("check-copy").addEventListener("click", function (event) {
    copy(input.value, event.currentTarget);
  });
  document.getElementById("check-apply-all").addEventListener("click", applyAll);
  document.getElementById("check-export").addEventListener("click", function () {
    var blob = new Blob([report()], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "校对意见-" + dateInput.value + ".txt";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say("已导出校对意见。");
  });

  // ------------------------------------------------------------ 引文核对

  function checkQuotes(text, number) {
    tifa.quotes(text).then(function (result) {
      if (number !== state.run) return;
      quoteList.textContent = "";
      quoteBox.hidden = !result.quotes.length;
      quoteCount.textContent = result.quotes.length ? result.quotes.length + " 句" : "";
      result.quotes.forEach(function (q) {
        var item = el("li", "check-quote");
        var diff = el("p", "quote-diff");
        q.diff.forEach(function (op) {
          diff.appendChild(op[0] === "=" ? document.createTextNode(op[1]) : el(op[0] === "-" ? "del" : "ins", null, op[1]));
        });
        item.appendChild(diff);
        var source = el("p", "meta quote-source");
        source.appendChild(document.createTextNode("出处："));
        var link = el("a", null, q.title);
        link.href = q.url;
        source.appendChild(link);
        source.appendChild(document.createTextNode("　原文：" + q.source));
        item.appendChild(source);
        quoteList.appendChild(item);
      });
      document.dispatchEvent(new CustomEvent("tifa:quotes", { detail: result }));
    }, function () {
      quoteBox.hidden = true;
    });
  }

  // -------------------------------------------------------------- input

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", schedule);
  dateInput.addEventListener("change", schedule);
  docType.addEventListener("change", schedule);

  function openFile(file) {
    if (!file) return;
    say("正在读取 " + file.name + " …");
    var reading = /\.docx$/i.test(file.name) ? readDocx(file) : file.text();
    reading.then(function (text) {
      input.value = text;
      say("已读取 " + file.name + "。");
      run();
    }, function (error) {
      say("无法读取 " + file.name + "：" + error.message);
    });
  }

  fileInput.addEventListener("change", function () {
    openFile(fileInput.files && fileInput.files[0]);
    fileInput.value = "";
  });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("dragging"); });
  });
  drop.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) {
      event.preventDefault();
      openFile(files[0]);
    }
  });

  // ------------------------------------------------------------- .docx

  /** The paragraphs of a .docx as text, one per line. */
  function readDocx(file) {
    return file.arrayBuffer().then(function (buffer) {
      return unzipEntry(new Uint8Array(buffer), "word/document.xml");
    }).then(function (bytes) {
      var xml = new TextDecoder("utf-8").decode(bytes);
      return docxText(xml);
    });
  }

  /** One file of a zip archive, inflated (stored and deflated entries). */
  function unzipEntry(bytes, name) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The end of central directory record: signature 0x06054b50, searched
    // from the end (a comment may follow it).
    var eocd = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) return Promise.reject(new Error("不是有效的 .docx 文件"));
    var entries = view.getUint16(eocd + 10, true);
    var at = view.getUint32(eocd + 16, true);
    for (var n = 0; n < entries; n++) {
      if (view.getUint32(at, true) !== 0x02014b50) break;
      var method = view.getUint16(at + 10, true);
      var size = view.getUint32(at + 20, true);
      var nameLength = view.getUint16(at + 28, true);
      var extraLength = view.getUint16(at + 30, true);
      var commentLength = view.getUint16(at + 32, true);
      var local = view.getUint32(at + 42, true);
      var entryName = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (entryName === name) {
        var dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        var data = bytes.subarray(dataStart, dataStart + size);
        if (method === 0) return Promise.resolve(data);
        if (method !== 8) return Promise.reject(new Error("不支持的压缩方式"));
        if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("本浏览器不能读取 .docx，请复制粘贴正文"));
        var stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
        return new Response(stream).arrayBuffer().then(function (out) { return new Uint8Array(out); });
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
    return Promise.reject(new Error("文件中没有正文（word/document.xml）"));
  }

  /** WordprocessingML's namespace (matched by its path: the site names no other host). */
  function isWord(node) {
    return /\/wordprocessingml\/2006\/main$/.test(node.namespaceURI || "");
  }

  /** Text of document.xml: paragraphs (w:p) as lines, w:tab as a tab, w:br as a line break. */
  function docxText(xml) {
    var doc = new DOMParser().parseFromString(xml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("正文不是有效的 XML");
    var lines = [];
    var paragraphs = Array.prototype.filter.call(doc.getElementsByTagNameNS("*", "p"), isWord);
    for (var i = 0; i < paragraphs.length; i++) {
      var text = "";
      var walker = doc.createTreeWalker(paragraphs[i], NodeFilter.SHOW_ELEMENT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!isWord(node)) continue;
        if (node.localName === "t") text += node.textContent;
        else if (node.localName === "tab") text += "\t";
        else if (node.localName === "br" || node.localName === "cr") text += "\n";
      }
      lines.push(text);
    }
    return lines.join("\n");
  }

  tifa.checkPage = { run: run, applyFinding: applyFinding, readDocx: readDocx, docxText: docxText };
})();
