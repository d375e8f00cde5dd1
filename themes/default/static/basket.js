// tifa 素材篮 (material basket): passages a writer collects while reading,
// kept in this browser's localStorage (nothing leaves the machine), shown
// and exported on the basket page (`basket/`): reordered, copied with
// their citations, printed, or downloaded as a Word document (.docx,
// written here as a minimal Office Open XML package) or as plain text.
//
// Any button with `data-basket-text` (the id of the element whose text to
// collect) adds a passage; `data-basket-cite` names the element holding
// its citation line, `data-basket-url` and `data-basket-title` say where
// it came from. Elements with `data-basket-count` show how many passages
// the basket holds. The API, for tests and themes:
//
//   window.tifa.basket.items()        → [{ key, title, url, text, cite, added }]
//   window.tifa.basket.add(item)      → false when it was there already
//   window.tifa.basket.save(items)    replaces the whole basket
//   window.tifa.basket.toText(items)  → the plain text (what 全部复制 copies)
//   window.tifa.basket.toDocx(items)  → a Blob (application/vnd…document)
(function () {
  "use strict";

  var api = window.tifa = window.tifa || {};
  var BASE = document.documentElement.getAttribute("data-base") || "/";
  // One basket per site: two knowledge bases on one intranet host do not share.
  var KEY = "tifa.basket:" + BASE;
  var DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  // ------------------------------------------------------------- storage

  var memory = null; // when localStorage is unavailable (private modes)

  function items() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter(valid) : [];
    } catch (e) {
      return memory ? memory.slice() : [];
    }
  }

  function valid(item) {
    return item && typeof item.text === "string" && typeof item.key === "string";
  }

  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) {
      memory = list.slice();
    }
    changed();
  }

  function keyOf(url, text) {
    return url + "\u0000" + text;
  }

  function add(item) {
    var list = items();
    var key = keyOf(item.url || "", item.text);
    if (list.some(function (x) { return x.key === key; })) return false;
    list.push({
      key: key,
      title: String(item.title || ""),
      url: String(item.url || ""),
      text: String(item.text),
      cite: String(item.cite || ""),
      added: new Date().toISOString(),
    });
    save(list);
    return true;
  }

  function changed() {
    var count = items().length;
    Array.prototype.forEach.call(document.querySelectorAll("[data-basket-count]"), function (el) {
      el.textContent = count ? "（" + count + "）" : "";
    });
    if (pageList) renderPage();
  }

  // Another tab changed the basket.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) changed();
  });

  // --------------------------------------------------------------- export

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /** Each passage followed by its citation line, a blank line between. */
  function toText(list) {
    return list.map(function (item) {
      return item.cite ? item.text + "\n" + item.cite : item.text;
    }).join("\n\n");
  }

  function xml(text) {
    // Characters XML 1.0 does not allow are dropped; the rest escaped.
    return String(text)
      .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function paragraph(text, style) {
    var props = style ? '<w:pPr><w:pStyle w:val="' + style + '"/></w:pPr>' : "";
    return "<w:p>" + props + '<w:r><w:t xml:space="preserve">' + xml(text) + "</w:t></w:r></w:p>";
  }

  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  var PKG = "http://schemas.openxmlformats.org/package/2006/relationships";
  var REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  function documentXml(list) {
    var body = [paragraph("素材篮", "Title"), paragraph("整理于 " + today() + "，共 " + list.length + " 段", "Subtitle")];
    list.forEach(function (item) {
      if (item.title) body.push(paragraph(item.title, "Heading2"));
      item.text.split("\n").forEach(function (line) {
        if (line.trim()) body.push(paragraph(line.trim()));
      });
      if (item.cite) body.push(paragraph(item.cite, "Citation"));
    });
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<w:document xmlns:w="' + W + '"><w:body>' + body.join("") +
      '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>' +
      '<w:pgMar w:top="1440" w:right="1588" w:bottom="1440" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>' +
      "</w:body></w:document>";
  }

  function style(id, name, props, run, extra) {
    return '<w:style w:type="paragraph" w:styleId="' + id + '">' + '<w:name w:val="' + name + '"/>' +
      (id === "Normal" ? "" : '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>') + (extra || "") +
      "<w:pPr>" + props + "</w:pPr><w:rPr>" + run + "</w:rPr></w:style>";
  }

  function fonts(latin, eastAsia) {
    return '<w:rFonts w:ascii="' + latin + '" w:hAnsi="' + latin + '" w:eastAsia="' + eastAsia + '" w:cs="' + latin + '"/>';
  }

  // Word and WPS both read these; the fonts are the ones government
  // offices have (宋体, 黑体, 楷体), and any other falls back to them.
  function stylesXml() {
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<w:styles xmlns:w="' + W + '">' +
      '<w:docDefaults><w:rPrDefault><w:rPr>' + fonts("Times New Roman", "宋体") +
      '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>' +
      '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
      style("Normal", "Normal", '<w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/>', "", '<w:qFormat/>') +
      style("Title", "Title", '<w:ind w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:after="120"/>', fonts("Arial", "黑体") + '<w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>', '<w:qFormat/>') +
      style("Subtitle", "Subtitle", '<w:ind w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:after="360"/>', '<w:color w:val="595959"/><w:sz w:val="21"/><w:szCs w:val="21"/>', '<w:qFormat/>') +
      style("Heading2", "heading 2", '<w:keepNext/><w:ind w:firstLine="0"/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>', fonts("Arial", "黑体") + '<w:sz w:val="28"/><w:szCs w:val="28"/>', '<w:qFormat/>') +
      style("Citation", "Citation", '<w:ind w:firstLine="0"/><w:jc w:val="right"/><w:spacing w:after="240"/>', fonts("Times New Roman", "楷体") + '<w:color w:val="404040"/><w:sz w:val="21"/><w:szCs w:val="21"/>', '<w:qFormat/>') +
      "</w:styles>";
  }

  function packageFiles(list) {
    return [
      ["[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        "</Types>"],
      ["_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="' + PKG + '">' +
        '<Relationship Id="rId1" Type="' + REL + '/officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        "</Relationships>"],
      ["docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        "<dc:title>素材篮</dc:title>" +
        '<dcterms:created xsi:type="dcterms:W3CDTF">' + new Date().toISOString().replace(/\.\d+Z$/, "Z") + "</dcterms:created>" +
        "</cp:coreProperties>"],
      ["word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="' + PKG + '">' +
        '<Relationship Id="rId1" Type="' + REL + '/styles" Target="styles.xml"/>' +
        "</Relationships>"],
      ["word/document.xml", documentXml(list)],
      ["word/styles.xml", stylesXml()],
    ];
  }

  // A ZIP archive with every file stored (no compression): what the
  // OOXML package format needs, in a few dozen lines.
  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function zip(files) {
    var encoder = new TextEncoder();
    var now = new Date();
    var time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    var date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
    var parts = [], central = [], offset = 0;
    files.forEach(function (file) {
      var name = encoder.encode(file[0]);
      var data = encoder.encode(file[1]);
      var crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true); // version needed: 2.0
      local.setUint16(6, 0x0800, true); // names are UTF-8
      local.setUint16(8, 0, true); // stored
      local.setUint16(10, time, true);
      local.setUint16(12, date, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      local.setUint16(28, 0, true);
      var entry = new DataView(new ArrayBuffer(46));
      entry.setUint32(0, 0x02014b50, true);
      entry.setUint16(4, 20, true);
      entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0800, true);
      entry.setUint16(10, 0, true);
      entry.setUint16(12, time, true);
      entry.setUint16(14, date, true);
      entry.setUint32(16, crc, true);
      entry.setUint32(20, data.length, true);
      entry.setUint32(24, data.length, true);
      entry.setUint16(28, name.length, true);
      entry.setUint32(42, offset, true);
      parts.push(new Uint8Array(local.buffer), name, data);
      central.push(new Uint8Array(entry.buffer), name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (n, part) { return n + part.length; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    return parts.concat(central, [new Uint8Array(end.buffer)]);
  }

  function toDocx(list) {
    return new Blob(zip(packageFiles(list)), { type: DOCX_TYPE });
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  api.basket = { items: items, add: add, save: save, toText: toText, toDocx: toDocx };

  // ----------------------------------------------------------- add buttons

  function textOf(element) {
    return api.textOf ? api.textOf(element) : element.textContent.trim();
  }

  function itemOf(button) {
    var source = document.getElementById(button.getAttribute("data-basket-text"));
    if (!source) return null;
    var cite = document.getElementById(button.getAttribute("data-basket-cite") || "");
    return {
      text: textOf(source),
      cite: cite ? cite.textContent.trim() : "",
      url: button.getAttribute("data-basket-url") || location.pathname,
      title: button.getAttribute("data-basket-title") || document.title,
    };
  }

  function say(button, message) {
    if (api.flash) api.flash(button, message);
    else button.textContent = message;
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-basket-text]"), function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-basket-text]");
    if (!button) return;
    var item = itemOf(button);
    if (!item || !item.text) return;
    say(button, add(item) ? "已加入素材篮" : "已在素材篮中");
  });
  // A whole-document page: every passage on it at once.
  Array.prototype.forEach.call(document.querySelectorAll("button.basket-add-all"), function (all) {
    all.hidden = false;
    all.addEventListener("click", function () {
      var added = 0;
      Array.prototype.forEach.call(document.querySelectorAll("main button[data-basket-text]"), function (button) {
        var item = itemOf(button);
        if (item && item.text && add(item)) added++;
      });
      say(all, added ? "已加入 " + added + " 段" : "本页摘录都已在素材篮中");
    });
  });

  // ------------------------------------------------------ the basket page

  var page = document.querySelector("[data-basket-page]");
  var pageList = page && document.getElementById("basket-items");

  function button(label, action, index, disabled) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "small quiet";
    b.textContent = label;
    b.setAttribute("data-basket-action", action);
    b.setAttribute("data-index", String(index));
    b.disabled = !!disabled;
    return b;
  }

  function renderPage(focus) {
    var list = items();
    pageList.textContent = "";
    list.forEach(function (item, i) {
      var li = document.createElement("li");
      li.className = "basket-item";
      var head = document.createElement("p");
      head.className = "basket-title";
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title || item.url;
      head.appendChild(link);
      li.appendChild(head);
      var text = document.createElement("div");
      text.className = "basket-text";
      item.text.split("\n").forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        text.appendChild(p);
      });
      li.appendChild(text);
      if (item.cite) {
        var cite = document.createElement("p");
        cite.className = "citation";
        cite.textContent = item.cite;
        li.appendChild(cite);
      }
      var tools = document.createElement("p");
      tools.className = "basket-tools";
      tools.appendChild(button("上移", "up", i, i === 0));
      tools.appendChild(button("下移", "down", i, i === list.length - 1));
      tools.appendChild(button("移除", "remove", i));
      li.appendChild(tools);
      pageList.appendChild(li);
    });
    document.getElementById("basket-empty").hidden = list.length > 0;
    page.querySelector(".basket-toolbar").hidden = list.length === 0;
    if (focus) {
      var target = pageList.querySelector('[data-basket-action="' + focus[0] + '"][data-index="' + focus[1] + '"]');
      if (!target || target.disabled) target = pageList.querySelector('[data-index="' + focus[1] + '"]:not(:disabled)');
      if (target) target.focus();
      else page.querySelector("h1").focus();
    }
  }

  function status(message) {
    document.getElementById("basket-status").textContent = message;
  }

  if (page) {
    page.querySelector("h1").setAttribute("tabindex", "-1");
    page.addEventListener("click", function (event) {
      var b = event.target.closest && event.target.closest("button[data-basket-action]");
      if (!b) return;
      var list = items();
      var i = Number(b.getAttribute("data-index"));
      switch (b.getAttribute("data-basket-action")) {
        case "up":
        case "down": {
          var j = b.getAttribute("data-basket-action") === "up" ? i - 1 : i + 1;
          if (j < 0 || j >= list.length) return;
          var moved = list.splice(i, 1)[0];
          list.splice(j, 0, moved);
          pageList = null; // render once, with focus, below
          save(list);
          pageList = document.getElementById("basket-items");
          renderPage([b.getAttribute("data-basket-action"), j]);
          status("已移到第 " + (j + 1) + " 段");
          return;
        }
        case "remove":
          list.splice(i, 1);
          pageList = null;
          save(list);
          pageList = document.getElementById("basket-items");
          renderPage(["remove", Math.min(i, list.length - 1)]);
          status("已移除，还有 " + list.length + " 段");
          return;
        case "copy":
          if (api.copy) api.copy(toText(list)).then(function () { status("已复制 " + list.length + " 段（含出处）"); });
          return;
        case "docx":
          download(toDocx(list), "素材篮-" + today() + ".docx");
          status("已生成 Word 文档");
          return;
        case "txt":
          download(new Blob([toText(list) + "\n"], { type: "text/plain;charset=utf-8" }), "素材篮-" + today() + ".txt");
          status("已生成文本文件");
          return;
        case "print":
          window.print();
          return;
        case "clear":
          if (!window.confirm("清空素材篮中的 " + list.length + " 段？")) return;
          save([]);
          status("素材篮已清空");
          return;
      }
    });
  }

  changed();
})();
