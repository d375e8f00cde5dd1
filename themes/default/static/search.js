// tifa full-text search: the browser side of docs/search-format.md.
//
// Loaded on every page (deferred, no dependencies, no inline script, so a
// strict `Content-Security-Policy: default-src 'self'` works). Nothing is
// fetched until the first search; then the manifest (with the layout that
// gives every document's kind, part, year and doc type), each document's
// length bucket (`lengths.bin`, a byte each), the formulation names and the
// Traditional→Simplified table are fetched once, and each excerpt's topics
// (`topics.bin`) with them when small, else when a topic is filtered by or
// the topic facet asked for. Each query fetches only the n-gram shards it
// needs, in parallel; a term longer than two characters has candidates
// (the documents holding its pairs), whose texts are read to verify them, in
// result order, as far as the results shown; then the row files and texts
// of the results it shows. Every file is kept in memory for the life of the
// page (and in the HTTP cache).
//
// API (for themes and tests), available on every page:
//
//   const { total, exact, total_max, results, facets, facets_exact,
//           pending_facets, facet_labels } =
//     await window.tifa.search(query, { filters, limit, offset, snippets, exact, topics });
//
// - `query`: what the reader typed. Terms separated by whitespace must all
//   match; "quoted text" (ASCII or “ ” quotes) is one term and may contain
//   spaces. Every term matches the pages whose text contains it (after
//   folding full-width forms, case, and Traditional→Simplified); a term of
//   ASCII letters also matches formulations by pinyin (sgys, sigeyishi).
// - `filters`: `{ kind: ["excerpt"], part: ["problem"], topic: ["政治建设"],
//   doc_type: ["对照检查材料"], year: [2019] }`; values within one facet are
//   alternatives (OR), facets combine with AND.
// - `limit` / `offset`: the slice of the ranked results to return; without
//   `limit`, every match is returned.
// - `snippets`: false to skip loading snippets. Otherwise snippets are loaded
//   for the returned results when `limit` is given, else for the first 20.
//
// - `exact`: true to verify every candidate (exact `total` and facets) even
//   when there are many; `topics`: true to count the topic facet when the
//   topic sheet is not loaded at once (`pending_facets` lists it then).
//
// `total` counts every match (after filters) when `exact` is true in the
// answer: always without `limit`, or when there are few candidates to
// verify. Otherwise `total` is the matches known so far (the returned slice
// is verified), `total_max` how many may match at most, and the facet
// counts are upper bounds (`facets_exact` false). An empty query with filters
// lists every page the filters let through (browsing a facet combination).
// Each result is
// `{ id, url, title, kind, kind_label, part, part_label, topics, doc_type,
//    source_title, source_url, year, date, snippet,
//    full, status, status_label, wording, quotable, successor }` where
// `snippet` is HTML (escaped text, hits wrapped in <mark>) or null when not
// loaded; for a formulation `full` is its exact wording, `status` current /
// adjusted / historical (`status_label` 现行 / 已调整 / 历史提法),
// `wording` verbatim / gloss / pending / unstated (`quotable`: only a
// verbatim wording is offered as the document's words) and `successor`
// `{ title, url }` of the formulation that replaced it, or null (all null
// for other pages).
// `facets` is `{ kind, part, topic, doc_type, year }`, each an object from
// filter value to count, counted over the pages matching the query and the
// other facets' filters; `facet_labels` maps kind and part values to their
// Chinese labels; `terms` are the query's terms after folding (what the
// snippets highlight). `window.tifa.snippets(results, query)` loads the
// snippets of further results (e.g. for "show more").
//
// On the results page (an element with `data-search-page`, see
// templates/search.html) the script also runs the UI, and after each render
// dispatches `tifa:results` on `document` with `{ query, total, ms }`.
// On every page, a search box marked `data-instant` shows the top results
// as the reader types (the "instant results" section), and a page opened
// from a result (`?hl=query`) marks the query's hits ("highlight on
// arrival").
(function () {
  "use strict";

  var FORMAT_VERSION = 4; // of search/manifest.json (docs/search-format.md)
  var SNIPPET_CHARS = 60;
  var DEFAULT_SNIPPETS = 20;
  var PAGE_SIZE = 20;
  var FACETS = ["kind", "part", "topic", "doc_type", "year"];
  // A postings count carries the document's length bucket in its low bits.
  var LENGTH_BUCKETS = 32;
  // `topics.bin` up to this size comes with the first search; a larger one
  // only when a topic filter or the topic facet is asked for.
  var TOPICS_EAGER_BYTES = 16 * 1024;
  // Candidates (of a query longer than a pair) verified against their texts
  // all at once when there are at most this many; beyond, a search with a
  // `limit` verifies them in result order as far as the slice it returns.
  var VERIFY_ALL_MAX = 60;
  // Texts read at most by one search verifying in result order: past them
  // it returns what it has verified (the count says "at least"); paging on
  // reads more.
  var VERIFY_READS = 60;

  // ------------------------------------------------------------------ base

  function basePath() {
    var base = document.documentElement.getAttribute("data-base");
    if (!base) {
      // Fall back on where this script was loaded from (<base>search.js).
      var script = document.currentScript;
      base = script && script.src ? new URL(".", script.src).pathname : "/";
    }
    return base.charAt(base.length - 1) === "/" ? base : base + "/";
  }
  var BASE = basePath();
  var SEARCH = BASE + "search/";

  // ------------------------------------------------------------- fetching

  function get(url, as, headers) {
    return fetch(url, { credentials: "same-origin", headers: headers || {} }).then(function (response) {
      if (!response.ok) throw new Error("tifa search: " + url + " → HTTP " + response.status);
      if (as === "response") return response;
      return as === "json" ? response.json() : as === "text" ? response.text() : response.arrayBuffer();
    });
  }

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  /** 32-bit FNV-1a over the UTF-8 bytes. */
  function fnv1a32(text) {
    var bytes = encoder.encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 16777619);
    }
    return hash >>> 0;
  }

  /** A reader of unsigned LEB128 varints over a Uint8Array. */
  function Reader(bytes, start, end) {
    this.bytes = bytes;
    this.at = start || 0;
    this.end = end === undefined ? bytes.length : end;
  }
  Reader.prototype.more = function () { return this.at < this.end; };
  Reader.prototype.varint = function () {
    var bytes = this.bytes, value = 0, shift = 0, byte;
    do {
      if (this.at >= this.end) throw new Error("tifa search: truncated varint");
      byte = bytes[this.at++];
      value += shift < 28 ? (byte & 0x7f) << shift : (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return value;
  };

  /** Shard bytes → Map of n-gram → [start, end) of its postings. */
  function parseShard(buffer) {
    var bytes = new Uint8Array(buffer);
    var reader = new Reader(bytes);
    var records = new Map();
    while (reader.more()) {
      var keyLength = reader.varint();
      var key = decoder.decode(bytes.subarray(reader.at, reader.at + keyLength));
      reader.at += keyLength;
      var length = reader.varint();
      records.set(key, { bytes: bytes, start: reader.at, end: reader.at + length, decoded: null });
      reader.at += length;
    }
    if (reader.at !== bytes.length) throw new Error("tifa search: shard overruns its end");
    return records;
  }

  /**
   * Decodes one n-gram's postings. n = 1: `{ docs, tf, tfTitle }`;
   * n = 2: `{ docs, counts, titles }` (counts: occurrences, at most 4;
   * titles: per document, the pair's positions in the title). Each
   * document's length bucket goes to `lengths`.
   */
  function decodePostings(record, n, lengths) {
    if (record.decoded) return record.decoded;
    var reader = new Reader(record.bytes, record.start, record.end);
    var docs = [], doc = 0, out, counted;
    if (n === 1) {
      var tf = [], tfTitle = [];
      while (reader.more()) {
        doc += reader.varint();
        docs.push(doc);
        counted = reader.varint();
        lengths[doc] = counted % LENGTH_BUCKETS;
        tf.push(Math.floor(counted / LENGTH_BUCKETS));
        tfTitle.push(reader.varint());
      }
      out = { docs: docs, tf: tf, tfTitle: tfTitle };
    } else {
      out = decodePairs(record.bytes, reader);
    }
    record.decoded = out;
    return out;
  }

  /**
   * A pair's postings, in the sparse form (per document `varint delta · 8 +
   * (count − 1) · 2 + in_title`, then its title positions) or the dense one
   * (a bitmap of the documents, their counts two bits each, then the
   * documents with title positions).
   */
  function decodePairs(bytes, reader) {
    var docs = [], counts = [], titles = [], none = [], doc = 0, i;
    var form = reader.varint();
    if (form === 0) {
      while (reader.more()) {
        var value = reader.varint();
        doc += Math.floor(value / 8);
        docs.push(doc);
        counts.push(((value >> 1) & 3) + 1);
        titles.push(value & 1 ? titlePositions(reader) : none);
      }
    } else if (form === 1) {
      var size = reader.varint(), start = reader.at;
      if (start + size > reader.end) throw new Error("tifa search: truncated bitmap");
      for (i = 0; i < size; i++) {
        var byte = bytes[start + i];
        for (var bit = 0; byte && bit < 8; bit++) if (byte & (1 << bit)) docs.push(i * 8 + bit);
      }
      reader.at = start + size;
      var countsAt = reader.at;
      reader.at += Math.ceil(docs.length / 4);
      if (reader.at > reader.end) throw new Error("tifa search: truncated counts");
      for (i = 0; i < docs.length; i++) {
        counts.push(((bytes[countsAt + (i >> 2)] >> (2 * (i & 3))) & 3) + 1);
        titles.push(none);
      }
      var k = 0;
      doc = 0;
      while (reader.more()) {
        doc += reader.varint();
        while (k < docs.length && docs[k] !== doc) k++;
        if (k === docs.length) throw new Error("tifa search: a title entry for a document not listed");
        titles[k] = titlePositions(reader);
      }
    } else {
      throw new Error("tifa search: unknown pair postings form " + form);
    }
    return { docs: docs, counts: counts, titles: titles };
  }

  function titlePositions(reader) {
    var n = reader.varint(), list = new Array(n), v = 0;
    for (var i = 0; i < n; i++) {
      v = i === 0 ? reader.varint() : v + reader.varint();
      list[i] = v;
    }
    return list;
  }

  // ----------------------------------------------------------- the index

  var index = null; // Promise of the loaded index
  var shards = new Map(); // "n/i" → Promise<Map>
  var rowFiles = new Map(); // k → Promise<rows of documents k·rows_per_file…>
  var texts = new Map(); // doc id → Promise<string>
  var chunks = new Map(); // text chunk → Promise<ArrayBuffer> (servers without ranges)
  var placeFiles = new Map(); // text chunk → Promise<byte offsets of its texts>

  function loadIndex() {
    if (index) return index;
    var manifest = get(SEARCH + "manifest.json", "json");
    index = Promise.all([
      manifest,
      get(SEARCH + "terms.json", "json"),
      loadT2s(),
      get(SEARCH + "lengths.bin"),
      // A small topic sheet comes at once; a large one when asked for.
      manifest.then(function (m) {
        return m.version === FORMAT_VERSION && (m.topics_bytes || 0) <= TOPICS_EAGER_BYTES ? get(SEARCH + "topics.bin") : null;
      }),
    ]).then(function (parts) {
      var idx = buildIndex(parts[0], parts[1], parts[2], parts[3]);
      if (parts[4]) setTopics(idx, parts[4]);
      return idx;
    });
    index.catch(function () { index = null; }); // let a later search retry
    return index;
  }

  /** Fetches `topics.bin` (once) and gives each excerpt its topic set. */
  function loadTopics(idx) {
    if (idx.excerpts.topicsLoaded) return Promise.resolve(idx);
    if (!idx.topicsPromise) {
      idx.topicsPromise = get(SEARCH + "topics.bin").then(function (buffer) {
        setTopics(idx, buffer);
        return idx;
      });
      idx.topicsPromise.catch(function () { idx.topicsPromise = null; });
    }
    return idx.topicsPromise;
  }

  function setTopics(idx, buffer) {
    var excerpts = idx.excerpts, reader = new Reader(new Uint8Array(buffer));
    for (var i = 0; i < excerpts.count && reader.more(); i++) excerpts.topics[i] = reader.varint();
    if (i !== excerpts.count) throw new Error("tifa search: topics.bin does not cover the excerpts");
    excerpts.topicsLoaded = true;
    idx.facetCache = new Array(idx.count);
  }

  function buildIndex(manifest, terms, t2s, lengthSheet) {
    if (manifest.version !== FORMAT_VERSION) {
      throw new Error("tifa search: the index is format " + manifest.version + ", this script reads " +
        FORMAT_VERSION + " (search.js and search/ come from different builds; reload the page)");
    }
    var kinds = manifest.kinds || [], parts = manifest.parts || [];
    // Names of formulations, folded, for "the query is a formulation's name".
    var byName = new Map();
    (terms || []).forEach(function (term) {
      (term.names || []).forEach(function (name) {
        var key = fold(name, null).replace(/\s+/g, " ").trim();
        if (!byName.has(key)) byName.set(key, []);
        byName.get(key).push(term.doc);
      });
    });
    var count = manifest.docs || 0;
    return {
      manifest: manifest,
      count: count,
      terms: terms || [],
      t2s: t2s || {},
      excerpts: excerptLayout(manifest),
      facetCache: new Array(count),
      lengths: lengthsOf(lengthSheet, count), // each document's length bucket
      byName: byName,
      kindLabels: zip(kinds, manifest.kind_labels || kinds),
      partLabels: zip(parts, manifest.part_labels || parts),
      statusLabels: zip(manifest.statuses || [], manifest.status_labels || manifest.statuses || []),
      avgLen: manifest.avg_len || 1,
    };
  }

  /**
   * Each excerpt's source (an index into layout.sources, -1 for none) and
   * part, in id order, unpacked from the layout's blocks; its topic set
   * comes from `topics.bin` (setTopics).
   */
  function excerptLayout(manifest) {
    var layout = manifest.layout || {};
    var starts = layout.kind_starts || [0, 0];
    var kind = (manifest.kinds || []).indexOf("excerpt");
    var first = kind >= 0 ? starts[kind] : 0;
    var count = kind >= 0 ? starts[kind + 1] - first : 0;
    var source = new Int32Array(count), part = new Int8Array(count), topics = new Uint32Array(count);
    var e = 0;
    (layout.excerpt_blocks || []).forEach(function (block) {
      for (var p = 0; p + 1 < block.length; p++) {
        for (var k = 0; k < block[p + 1] && e < count; k++, e++) {
          source[e] = block[0];
          part[e] = p;
        }
      }
    });
    if (e !== count) throw new Error("tifa search: the layout does not cover the excerpts");
    return { first: first, count: count, source: source, part: part, topics: topics, topicsLoaded: false };
  }

  function lengthsOf(buffer, count) {
    var lengths = new Uint8Array(buffer);
    if (lengths.length !== count) throw new Error("tifa search: lengths.bin does not cover the documents");
    return lengths;
  }

  function zip(keys, values) {
    var out = {};
    keys.forEach(function (key, i) { out[key] = values[i] === undefined ? key : values[i]; });
    return out;
  }

  function shard(idx, n, gram) {
    var count = idx.manifest.shards[String(n)] || 1;
    var i = fnv1a32(gram) % count;
    var key = n + "/" + i;
    if (!shards.has(key)) {
      var promise = get(SEARCH + n + "/" + i + ".bin").then(parseShard);
      promise.catch(function () { shards.delete(key); });
      shards.set(key, promise);
    }
    return shards.get(key);
  }

  /** The decoded postings of a character or a pair of characters, or null. */
  function postings(idx, gram) {
    var n = Array.from(gram).length;
    return shard(idx, n, gram).then(function (records) {
      var record = records.get(gram);
      return record ? decodePostings(record, n, idx.lengths) : null;
    });
  }

  /**
   * The stored text of a document: its bytes of a chunk file, fetched with
   * an HTTP range request. A server that ignores ranges answers the first
   * request with the whole chunk (status 200); from then on whole chunks
   * are fetched, each once, and sliced here.
   */
  function text(idx, id, wholeChunk) {
    if (!texts.has(id)) {
      var promise = place(idx, id).then(function (at) {
        return at[2] === 0 ? "" : wholeChunk ? whole(at) : fetchText(at);
      });
      promise.catch(function () { texts.delete(id); });
      texts.set(id, promise);
    }
    return texts.get(id);
  }

  /** The text chunk a document's text is in (manifest.text_chunks). */
  function chunkOf(idx, id) {
    var starts = idx.manifest.text_chunks || [0], lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Where a document's text is: [chunk, offset, bytes], from its chunk's
   * `places/<chunk>.bin` (the byte length of each of its texts).
   */
  function place(idx, id) {
    var chunk = chunkOf(idx, id);
    if (!placeFiles.has(chunk)) {
      var promise = get(SEARCH + "places/" + chunk + ".bin").then(function (buffer) {
        var reader = new Reader(new Uint8Array(buffer)), offsets = [0];
        while (reader.more()) offsets.push(offsets[offsets.length - 1] + reader.varint());
        return offsets;
      });
      promise.catch(function () { placeFiles.delete(chunk); });
      placeFiles.set(chunk, promise);
    }
    return placeFiles.get(chunk).then(function (offsets) {
      var k = id - idx.manifest.text_chunks[chunk];
      if (k < 0 || k + 1 >= offsets.length) throw new Error("tifa search: no place for document " + id);
      return [chunk, offsets[k], offsets[k + 1] - offsets[k]];
    });
  }

  /**
   * What a result shows of a document, from its row file: [url, title,
   * date, topics, source_title, source_url, chunk, offset, bytes].
   */
  function row(idx, id) {
    var per = idx.manifest.rows_per_file || 16;
    var file = Math.floor(id / per);
    if (!rowFiles.has(file)) {
      var promise = get(SEARCH + "rows/" + file + ".json", "json");
      promise.catch(function () { rowFiles.delete(file); });
      rowFiles.set(file, promise);
    }
    return rowFiles.get(file).then(function (rows) {
      var r = rows[id - file * per];
      if (!r) throw new Error("tifa search: no row for document " + id);
      return r;
    });
  }

  var rangesWork = null; // Promise<boolean>, settled by the first text request

  function fetchText(place) {
    if (rangesWork) {
      return rangesWork.then(function (yes) { return yes ? ranged(place) : whole(place); });
    }
    var first = get(chunkUrl(place), "response", rangeOf(place));
    rangesWork = first.then(function (response) {
      if (response.status === 206) return true;
      keepChunk(place[0], response.arrayBuffer());
      return false;
    });
    rangesWork.catch(function () { rangesWork = null; }); // let a later request try again
    return rangesWork.then(function (yes) {
      return yes ? first.then(function (response) { return response.text(); }) : whole(place);
    });
  }

  function ranged(place) {
    return get(chunkUrl(place), "response", rangeOf(place)).then(function (response) {
      if (response.status === 206) return response.text();
      return keepChunk(place[0], response.arrayBuffer()).then(function (buffer) { return slice(buffer, place); });
    });
  }

  function whole(place) {
    if (!chunks.has(place[0])) keepChunk(place[0], get(chunkUrl(place)));
    return chunks.get(place[0]).then(function (buffer) { return slice(buffer, place); });
  }

  function keepChunk(chunk, promise) {
    chunks.set(chunk, promise);
    promise.catch(function () { chunks.delete(chunk); });
    return promise;
  }

  function chunkUrl(place) {
    return SEARCH + "text/" + place[0] + ".txt";
  }

  function rangeOf(place) {
    return { Range: "bytes=" + place[1] + "-" + (place[1] + place[2] - 1) };
  }

  function slice(buffer, place) {
    return decoder.decode(new Uint8Array(buffer, place[1], place[2]));
  }

  // ---------------------------------------------------------- the query

  /** Folds one character: full-width → ASCII, U+3000 → space, A–Z → a–z; then T→S. */
  function foldChar(c, t2s) {
    var code = c.codePointAt(0);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) return " ";
    if (c >= "A" && c <= "Z") return c.toLowerCase();
    if (t2s && code > 0x7f && Object.prototype.hasOwnProperty.call(t2s, c)) return t2s[c];
    return c;
  }

  function fold(text, t2s) {
    var out = "";
    for (var c of String(text)) out += foldChar(c, t2s);
    return out;
  }

  function isQuote(c) { return c === '"' || c === "\u201c" || c === "\u201d"; }

  /** The query's terms: folded, whitespace-separated, "quoted" kept whole. */
  function parseQuery(query, t2s) {
    var folded = fold(query || "", t2s);
    var terms = [], current = "", quoted = false;
    function flush() {
      var term = current.replace(/\s+/g, " ").trim();
      if (term && terms.indexOf(term) < 0) terms.push(term);
      current = "";
    }
    for (var c of folded) {
      if (isQuote(c)) {
        flush();
        quoted = !quoted;
      } else if (!quoted && /\s/.test(c)) {
        flush();
      } else {
        current += c;
      }
    }
    flush();
    return terms;
  }

  /**
   * Documents that may contain `term`: Map doc → { tf, tfTitle, check },
   * from the index alone. A character's and a pair's documents are exact
   * (check false). A longer term's are the documents holding the pairs that
   * cover it (every pair with `allPairs`): `check` is true unless the term
   * is found in the title (from the pairs' title positions), and the
   * document's text must then be read to know (verify). `tf` is exact up to
   * a pair, else the fewest occurrences of its pairs (at most 4).
   */
  function substringMatches(idx, term, allPairs) {
    var chars = Array.from(term);
    var L = chars.length;
    if (L === 1) {
      return postings(idx, term).then(function (list) {
        var out = new Map();
        if (!list) return out;
        for (var i = 0; i < list.docs.length; i++) {
          out.set(list.docs[i], { tf: list.tf[i], tfTitle: list.tfTitle[i], check: false });
        }
        return out;
      });
    }
    // Pairs at offsets 0, 2, 4, … and L − 2: they cover every character, so
    // the term occurs at p exactly when each chosen pair occurs at p + offset.
    var offsets = [];
    for (var k = 0; k < L - 2; k += allPairs ? 1 : 2) offsets.push(k);
    offsets.push(L - 2);
    return Promise.all(offsets.map(function (k) {
      return postings(idx, chars.slice(k, k + 2).join(""));
    })).then(function (lists) {
      var out = new Map();
      if (lists.some(function (l) { return !l; })) return out;
      var grams = lists.map(function (list, i) {
        return { offset: offsets[i], list: list, size: list.docs.length, at: 0 };
      });
      grams.sort(function (a, b) { return a.size - b.size; });
      var driver = grams[0];
      // Documents come in increasing order: each list is walked once.
      for (var d = 0; d < driver.list.docs.length; d++) {
        var doc = driver.list.docs[d], tf = driver.list.counts[d], at = [];
        for (var g = 1; g < grams.length; g++) {
          var other = grams[g], docs = other.list.docs, i = other.at;
          while (i < docs.length && docs[i] < doc) i++;
          other.at = i;
          if (i === docs.length || docs[i] !== doc) break;
          at.push(i);
          tf = Math.min(tf, other.list.counts[i]);
        }
        if (at.length !== grams.length - 1) continue;
        // Occurrences in the title, exactly: every pair at p + its offset.
        var titled = driver.list.titles[d], tfTitle = 0;
        for (var t = 0; t < titled.length; t++) {
          var p = titled[t] - driver.offset, ok = p >= 0;
          for (var o = 1; o < grams.length && ok; o++) ok = contains(grams[o].list.titles[at[o - 1]], p + grams[o].offset);
          if (ok) tfTitle++;
        }
        if (L === 2) tfTitle = titled.length;
        out.set(doc, { tf: Math.max(tf, tfTitle), tfTitle: tfTitle, check: L > 2 && tfTitle === 0 });
      }
      return out;
    });
  }

  function contains(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * Does `term` read as consecutive syllables of `syllables` (each in full or
   * by a prefix), starting at syllable `from`? Returns the number of the
   * syllable after the last one used, or -1.
   */
  function pinyinFrom(term, at, syllables, from) {
    if (at === term.length) return from;
    if (from >= syllables.length) return -1;
    var syllable = syllables[from];
    for (var l = Math.min(syllable.length, term.length - at); l >= 1; l--) {
      if (term.substr(at, l) !== syllable.substr(0, l)) continue;
      var end = pinyinFrom(term, at + l, syllables, from + 1);
      if (end >= 0) return end;
    }
    return -1;
  }

  /**
   * Formulations matching an all-letters term by pinyin: Map doc → 2 when the
   * term spells a whole name (every syllable, from the first), else 1.
   */
  function pinyinMatches(idx, term) {
    var out = new Map();
    if (!/^[a-z]+$/.test(term)) return out;
    idx.terms.forEach(function (entry) {
      (entry.pinyin || []).forEach(function (syllables) {
        syllables = syllables.map(function (s) { return String(s).toLowerCase(); });
        var best = 0;
        for (var start = 0; start < syllables.length && best < 2; start++) {
          if (!syllables[start] || syllables[start][0] !== term[0]) continue;
          var end = pinyinFrom(term, 0, syllables, start);
          if (end < 0) continue;
          best = Math.max(best, start === 0 && end === syllables.length && wholeSyllables(term, syllables) ? 2 : 1);
        }
        if (best) out.set(entry.doc, Math.max(out.get(entry.doc) || 0, best));
      });
    });
    return out;
  }

  /** Is `term` the full spelling or the initials of the whole name? */
  function wholeSyllables(term, syllables) {
    return term === syllables.join("") || term === syllables.map(function (s) { return s[0]; }).join("");
  }

  /** The phrase the terms make when written together (bonus in ranking). */
  function phraseOf(terms) {
    var phrase = terms[0];
    for (var i = 1; i < terms.length; i++) {
      var left = phrase.slice(-1), right = terms[i][0];
      phrase += /[0-9a-z]/.test(left) && /[0-9a-z]/.test(right) ? " " + terms[i] : terms[i];
    }
    return phrase;
  }

  /** Everything a query matches, ranked, before filters: [{ id, tier, score }]. */
  function evaluate(idx, terms) {
    return Promise.all(terms.map(function (term) { return substringMatches(idx, term); })).then(function (perTerm) {
      var pinyin = terms.map(function (term) { return pinyinMatches(idx, term); });
      // Document frequency per term, and the documents matching every term.
      var sets = perTerm.map(function (matches, i) {
        var all = new Set(matches.keys());
        pinyin[i].forEach(function (_, doc) { all.add(doc); });
        return all;
      });
      var order = sets.map(function (_, i) { return i; }).sort(function (a, b) { return sets[a].size - sets[b].size; });
      var hits = [];
      sets[order[0]].forEach(function (doc) {
        for (var j = 1; j < order.length; j++) if (!sets[order[j]].has(doc)) return;
        hits.push(doc);
      });
      if (!hits.length) return [];
      // The bonus goes to the documents holding every pair of the phrase
      // (those across the terms' junctions too), unverified.
      var phrase = terms.length > 1 ? substringMatches(idx, phraseOf(terms), true) : Promise.resolve(perTerm[0]);
      return phrase.then(function (phraseDocs) {
        return rank(idx, terms, hits, perTerm, pinyin, sets, phraseDocs);
      });
    });
  }

  /**
   * Every document, in the order ties are broken in (kind, newer first,
   * page order): what an empty query with filters lists, and what facets
   * are counted over before anything is typed.
   */
  function everything(idx) {
    if (idx.everything) return idx.everything;
    // Ids are numbered in that order (docs/search-format.md).
    var all = new Array(idx.count);
    for (var id = 0; id < idx.count; id++) all[id] = { id: id, tier: 0, score: 0 };
    idx.everything = all;
    return all;
  }

  function rank(idx, terms, hits, perTerm, pinyin, sets, phraseDocs) {
    var N = idx.count, k1 = 1.2, b = 0.75;
    var idf = sets.map(function (set) {
      var df = set.size;
      return Math.log(1 + (N - df + 0.5) / (df + 0.5));
    });
    var whole = new Set();
    [terms.join(" "), terms.join("")].forEach(function (name) {
      (idx.byName.get(name) || []).forEach(function (doc) { whole.add(doc); });
    });
    var ranked = hits.map(function (doc) {
      // The length bucket stands for 2^(bucket / 2) characters.
      var lengthNorm = 1 - b + b * (Math.pow(2, idx.lengths[doc] / 2) / idx.avgLen);
      var score = 0, allInTitle = true, check = null;
      for (var t = 0; t < terms.length; t++) {
        var m = perTerm[t].get(doc), byPinyin = pinyin[t].get(doc) || 0;
        var tf = m ? m.tf : 0;
        if (tf) score += idf[t] * (tf * (k1 + 1)) / (tf + k1 * lengthNorm);
        if (!(m && m.tfTitle) && !byPinyin) allInTitle = false;
        // A term found by pinyin needs no reading of the text.
        if (m && m.check && !byPinyin) (check = check || []).push(terms[t]);
      }
      if (phraseDocs.has(doc)) score += 1;
      var tier = 2;
      if (whole.has(doc) || (terms.length === 1 && pinyin[0].get(doc) === 2)) tier = 0;
      else if (allInTitle) tier = 1;
      return { id: doc, tier: tier, score: score, check: check };
    });
    ranked.sort(function (x, y) {
      if (x.tier !== y.tier) return x.tier - y.tier;
      if (x.score !== y.score) return y.score - x.score;
      // Ids are numbered by kind, then newer first (docs/search-format.md).
      return x.id - y.id;
    });
    return ranked;
  }

  // ---------------------------------------------------------- verifying
  //
  // A candidate of a term longer than a pair (its pairs are all in the
  // document, but maybe not together) is verified against its stored text,
  // which snippets read anyway. Verdicts are kept per query for the life of
  // the page, so paging on verifies only the candidates not yet read.

  var verdicts = new Map(); // terms → Map doc → true (contains them) / false

  function verdictsOf(terms) {
    var key = terms.join("\u0001");
    if (!verdicts.has(key)) verdicts.set(key, new Map());
    return verdicts.get(key);
  }

  /** true / false once verified (or nothing to verify), else undefined. */
  function verdict(known, hit) {
    return hit.check ? known.get(hit.id) : true;
  }

  /**
   * Reads the texts of the hits not yet verified and records whether each
   * contains its terms. A chunk of which half the texts or more are to be
   * read comes whole, in one request (ranges of the rest would cost about
   * as many bytes).
   */
  function verify(idx, known, hits) {
    var pending = hits.filter(function (hit) { return verdict(known, hit) === undefined; });
    var perChunk = new Map();
    pending.forEach(function (hit) {
      var c = chunkOf(idx, hit.id);
      perChunk.set(c, (perChunk.get(c) || 0) + 1);
    });
    return Promise.all(pending.map(function (hit) {
      var c = chunkOf(idx, hit.id), starts = idx.manifest.text_chunks || [0];
      var size = (c + 1 < starts.length ? starts[c + 1] : idx.count) - starts[c];
      var wholeChunk = perChunk.get(c) >= 2 && 2 * perChunk.get(c) >= size;
      return text(idx, hit.id, wholeChunk).then(function (body) {
        var folded = fold(body, null);
        known.set(hit.id, hit.check.every(function (term) { return folded.indexOf(term) >= 0; }));
      });
    }));
  }

  /**
   * Verifies the hits, in order, until the first `want` that contain the
   * query are known (or the hits run out): each round reads about as many
   * candidates as the share found so far says are needed.
   */
  function verifyPrefix(idx, known, hits, want, budget) {
    if (budget === undefined) budget = VERIFY_READS;
    var found = 0, pending = [], checked = 0, good = 0;
    for (var i = 0; i < hits.length && found < want; i++) {
      var v = verdict(known, hits[i]);
      if (v === true) found++;
      else if (v === undefined) pending.push(hits[i]);
      if (hits[i].check && v !== undefined) {
        checked++;
        if (v) good++;
      }
      var share = checked ? Math.max(good / checked, 0.25) : 0.5;
      if (pending.length && (found + pending.length * share >= want || pending.length >= budget)) break;
    }
    if (!pending.length || budget <= 0) return Promise.resolve();
    return verify(idx, known, pending).then(function () {
      return verifyPrefix(idx, known, hits, want, budget - pending.length);
    });
  }

  // -------------------------------------------------------- filters, facets

  function normaliseFilters(filters) {
    var out = {};
    FACETS.forEach(function (facet) {
      var values = filters && (filters[facet] || (facet === "topic" ? filters.topics : undefined));
      if (values === undefined || values === null || values === "") return;
      if (!Array.isArray(values)) values = [values];
      values = values.map(String).filter(Boolean);
      if (values.length) out[facet] = new Set(values);
    });
    return out;
  }

  function passes(values, filters, except) {
    for (var facet in filters) {
      if (facet === except) continue;
      var wanted = filters[facet], own = values[facet], ok = false;
      for (var i = 0; i < own.length && !ok; i++) ok = wanted.has(own[i]);
      if (!ok) return false;
    }
    return true;
  }

  function facetCounts(idx, ranked, filters) {
    var facets = {};
    FACETS.forEach(function (facet) { facets[facet] = {}; });
    ranked.forEach(function (hit) {
      var values = facetsOf(idx, hit.id);
      FACETS.forEach(function (facet) {
        if (!passes(values, filters, facet)) return;
        var counts = facets[facet];
        values[facet].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
    });
    return facets;
  }

  // ------------------------------------------------------------- results

  /** The kind of document `id`: its index in manifest.kinds. */
  function kindOf(idx, id) {
    var starts = (idx.manifest.layout || {}).kind_starts || [];
    for (var k = 0; k + 1 < starts.length; k++) if (id < starts[k + 1]) return k;
    return -1;
  }

  /** The facet values of document `id`, from the layout and `topics.bin`. */
  function facetsOf(idx, id) {
    var cached = idx.facetCache[id];
    if (cached) return cached;
    var m = idx.manifest, layout = m.layout || {}, starts = layout.kind_starts || [];
    var k = kindOf(idx, id), kind = m.kinds[k];
    var values = { kind: kind === undefined ? [] : [kind], part: [], topic: [], doc_type: [], year: [] };
    var source = -1;
    if (kind === "source") source = id - starts[k];
    if (kind === "excerpt") {
      var e = id - idx.excerpts.first;
      source = idx.excerpts.source[e];
      var part = m.parts[idx.excerpts.part[e]];
      if (part !== undefined) values.part = [part];
      values.topic = !idx.excerpts.topicsLoaded ? [] : ((m.topic_sets || [])[idx.excerpts.topics[e]] || [])
        .map(function (t) { return m.topics[t]; })
        .filter(function (t) { return t !== undefined; });
    }
    var about = source >= 0 ? (layout.sources || [])[source] : null;
    if (about) {
      if (about[0]) values.year = [String(about[0])];
      if (about[1] >= 0 && m.doc_types[about[1]] !== undefined) values.doc_type = [m.doc_types[about[1]]];
    }
    idx.facetCache[id] = values;
    return values;
  }

  /** A result, from the layout and the document's row. */
  function resultOf(idx, id, r) {
    var m = idx.manifest, facets = facetsOf(idx, id);
    var kind = facets.kind[0], part = facets.part[0];
    return Object.assign({
      id: id,
      url: r[0],
      title: r[1],
      kind: kind,
      kind_label: idx.kindLabels[kind] || kind,
      part: part || null,
      part_label: part ? idx.partLabels[part] || part : null,
      topics: (r[3] || []).filter(function (t) { return t >= 0 && m.topics[t] !== undefined; }).map(function (t) { return m.topics[t]; }),
      doc_type: facets.doc_type[0] || null,
      source_title: r[4] === undefined ? null : r[4],
      source_url: r[5] === undefined ? null : r[5],
      year: facets.year.length ? Number(facets.year[0]) : null,
      date: r[2] || null,
      snippet: null,
    }, formulationOf(idx, r[9]));
  }

  /**
   * The formulation fields of a result (the row's last column: [full,
   * status, wording, successor], successor [title, url] or null).
   */
  function formulationOf(idx, cell) {
    var f = Array.isArray(cell) ? cell : null;
    var successor = f && Array.isArray(f[3]) ? f[3] : null;
    return {
      full: f ? f[0] : null,
      status: f ? f[1] : null,
      status_label: f ? idx.statusLabels[f[1]] || f[1] : null,
      wording: f ? f[2] : null,
      quotable: f ? f[2] === "verbatim" : null,
      successor: successor ? { title: successor[0], url: successor[1] } : null,
    };
  }

  /** The results for the ids, with their rows (fetched in parallel). */
  function resultsOf(idx, ids) {
    return Promise.all(ids.map(function (id) {
      return row(idx, id).then(function (r) { return resultOf(idx, id, r); });
    }));
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /** Every [start, end) where a term occurs in `chars`, merged, in order. */
  function hitRanges(chars, terms) {
    var ranges = [];
    terms.forEach(function (term) {
      var t = Array.from(term), L = t.length;
      if (!L) return;
      outer: for (var i = 0; i + L <= chars.length; i++) {
        for (var j = 0; j < L; j++) if (chars[i + j] !== t[j]) continue outer;
        ranges.push([i, i + L]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** ~60 characters of `text` around the first hit, every hit in <mark>. */
  function makeSnippet(text, titleLen, terms) {
    // Hits are found in the folded text; the text is shown as stored
    // (folding maps one character to one, so positions agree either way).
    var chars = Array.from(text);
    var ranges = hitRanges(chars.map(function (c) { return foldChar(c, null); }), terms);
    var bodyStart = Math.min(titleLen + 1, chars.length);
    // The title is shown anyway: centre on the first hit after it, if any.
    var first = ranges.find(function (r) { return r[0] >= bodyStart; }) || ranges[0];
    var start, floor;
    if (!first) {
      floor = start = bodyStart < chars.length ? bodyStart : 0;
    } else {
      floor = first[0] >= bodyStart ? bodyStart : 0;
      start = Math.max(floor, first[0] - Math.floor((SNIPPET_CHARS - (first[1] - first[0])) / 3));
    }
    var end = Math.min(chars.length, Math.max(start + SNIPPET_CHARS, first ? first[1] : 0));
    if (end - start < SNIPPET_CHARS) start = Math.max(floor, end - SNIPPET_CHARS);
    var html = start > floor ? "…" : "";
    var at = start;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], start), e = Math.min(r[1], end);
      if (e <= s) return;
      html += piece(chars, at, s) + "<mark>" + piece(chars, s, e) + "</mark>";
      at = e;
    });
    html += piece(chars, at, end);
    if (end < chars.length) html += "…";
    return html;
  }

  function piece(chars, from, to) {
    return from < to ? escapeHtml(chars.slice(from, to).join("").replace(/\n/g, " · ")) : "";
  }

  /** Loads the snippets of `results` (in place) for the terms of `query`. */
  function loadSnippets(results, query) {
    return loadIndex().then(function (idx) {
      var terms = parseQuery(query, idx.t2s);
      return Promise.all(results.map(function (result) {
        if (result.snippet !== null && result.snippet !== undefined) return result;
        return text(idx, result.id).then(function (body) {
          // The stored text begins with the title and a line break.
          var titleLen = Array.from(body.split("\n")[0]).length;
          result.snippet = makeSnippet(body, titleLen, terms);
          return result;
        }, function () { return result; });
      }));
    });
  }

  function search(query, options) {
    options = options || {};
    var started = performance.now();
    return loadIndex().then(function (idx) {
      var terms = parseQuery(query, idx.t2s);
      var filters = normaliseFilters(options.filters);
      // The topic sheet is fetched when topics are filtered by or asked for.
      var topics = filters.topic || options.topics ? loadTopics(idx) : null;
      return Promise.resolve(topics).then(function () { return answer(idx, query, terms, filters, options, started); });
    });
  }

  function answer(idx, query, terms, filters, options, started) {
    var labels = { kind: idx.kindLabels, part: idx.partLabels };
    var browsing = !terms.length && Object.keys(filters).length > 0;
    var pending = idx.excerpts.topicsLoaded || !idx.excerpts.count ? [] : ["topic"];
    if (!terms.length && !browsing) {
      // Nothing asked yet: the facets count every page, to browse by.
      return { total: 0, exact: true, results: [], facets: facetCounts(idx, everything(idx), filters), facets_exact: true,
        pending_facets: pending, facet_labels: labels, terms: terms };
    }
    var matched = browsing ? Promise.resolve(everything(idx)) : evaluate(idx, terms);
    var offset = Math.max(0, options.offset | 0);
    var limited = options.limit !== undefined && options.limit !== null;
    var want = limited ? offset + Math.max(0, options.limit | 0) : Infinity;
    var known = verdictsOf(terms);
    return matched.then(function (ranked) {
      var candidates = ranked.filter(function (hit) { return hit.check; });
      // Verify every candidate (exact counts and facets) when asked to, when
      // every match is wanted, or when there are few; else only as far as
      // the slice asked for, in result order.
      var all = !candidates.length || !limited || options.exact || candidates.length <= VERIFY_ALL_MAX;
      var matching = ranked.filter(function (hit) { return passes(facetsOf(idx, hit.id), filters, null); });
      var verified = all ? verify(idx, known, candidates) : verifyPrefix(idx, known, matching, want);
      return verified.then(function () {
        var possible = function (hit) { return verdict(known, hit) !== false; };
        var facets = facetCounts(idx, ranked.filter(possible), filters);
        var sure = 0, unsure = 0, shown = [];
        matching.forEach(function (hit) {
          var v = verdict(known, hit);
          if (v === true) {
            sure++;
            if (unsure === 0 && shown.length < want) shown.push(hit);
          } else if (v === undefined) {
            unsure++;
          }
        });
        var slice = limited ? shown.slice(offset, want) : shown.slice(offset);
        var ids = slice.map(function (hit) { return hit.id; });
        return resultsOf(idx, ids).then(function (results) {
          var out = {
            total: sure, exact: unsure === 0, total_max: sure + unsure, results: results,
            facets: facets, facets_exact: unsure === 0, pending_facets: pending, facet_labels: labels, terms: terms,
          };
          if (options.snippets === false) return out;
          var wanted = limited ? results : results.slice(0, DEFAULT_SNIPPETS);
          return loadSnippets(wanted, query).then(function () {
            out.ms = performance.now() - started;
            return out;
          });
        });
      });
    });
  }

  /** The status of a search whose candidates read so far held no match. */
  function unverifiedOnly(answer, query) {
    return "已核对的候选里还没有“" + query.trim() + "”，另有 " + answer.total_max + " 个候选尚未逐字核对";
  }

  var api = window.tifa = window.tifa || {};
  api.search = search;
  api.snippets = loadSnippets;
  api.parseQuery = function (query) {
    return loadIndex().then(function (idx) { return parseQuery(query, idx.t2s); });
  };
  api.fnv1a32 = fnv1a32;
  api.base = BASE;
  api.fold = function (text) {
    return loadT2s().then(function (t2s) { return fold(text, t2s); });
  };

  // ------------------------------------------ a result's formulation line
  //
  // Shared by the results page and the instant results: a formulation's
  // exact wording with its status and a copy button (tifa.js copies the
  // element `data-copy-target` names). A wording that is not the
  // document's own words says so on the button.

  var WORDING_COPY = { verbatim: "复制表述", gloss: "复制（概括表述）", pending: "复制（待核实）", unstated: "复制（未核对）" };

  function wordingBlock(r, id) {
    var box = document.createElement("div");
    box.className = "result-wording status-" + r.status;
    var line = document.createElement("p");
    line.className = "result-status";
    var status = document.createElement("span");
    status.className = "badge status-" + r.status;
    status.textContent = r.status_label;
    line.appendChild(status);
    if (r.status !== "current" && r.successor) {
      line.appendChild(document.createTextNode(" 现行表述："));
      var next = document.createElement("a");
      next.href = r.successor.url;
      next.textContent = r.successor.title;
      line.appendChild(next);
    }
    box.appendChild(line);
    var full = document.createElement("p");
    full.className = "full";
    full.id = id;
    full.textContent = r.full;
    box.appendChild(full);
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "copy small";
    copy.setAttribute("data-copy-target", id);
    copy.textContent = WORDING_COPY[r.wording] || WORDING_COPY.unstated;
    box.appendChild(copy);
    return box;
  }

  /** A result's URL, carrying the query so the page marks its hits. */
  function resultHref(r, query) {
    var q = String(query || "").trim();
    return q ? r.url + "?hl=" + encodeURIComponent(q) : r.url;
  }

  // ------------------------------------------------------ instant results
  //
  // A search box with `data-instant` (the header's, the home page's) shows
  // the top results below it as the reader types, without leaving the
  // page: ↓ and ↑ move through them, Enter opens one (Enter in the box
  // opens the full results page), Esc closes the list.

  var INSTANT_LIMIT = 8;

  function instant(input, n) {
    var form = input.form;
    if (!form) return;
    var panel = document.createElement("div");
    panel.className = "instant-results";
    panel.id = "instant_results_" + n;
    panel.hidden = true;
    var status = document.createElement("p");
    status.className = "instant-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = document.createElement("ol");
    list.className = "instant-list";
    list.setAttribute("aria-label", "即时结果");
    var all = document.createElement("a");
    all.className = "instant-all";
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(all);
    form.appendChild(panel);
    input.setAttribute("aria-controls", panel.id);
    var generation = 0, timer = 0;

    function close() {
      panel.hidden = true;
      form.classList.remove("instant-open");
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a.result-link")).concat(all.hidden ? [] : [all]);
    }

    function run() {
      var mine = ++generation;
      var query = input.value;
      if (!query.trim()) {
        close();
        return;
      }
      search(query, { limit: INSTANT_LIMIT }).then(function (answer) {
        if (mine !== generation || input.value !== query) return;
        render(answer, query);
      }, function () {
        if (mine !== generation) return;
        status.textContent = "搜索索引加载失败，请刷新页面重试。";
        panel.hidden = false;
      });
    }

    function render(answer, query) {
      list.textContent = "";
      answer.results.forEach(function (r) {
        var li = document.createElement("li");
        li.className = "instant-item kind-" + r.kind;
        var link = document.createElement("a");
        link.className = "result-link";
        link.href = resultHref(r, query);
        var badge = document.createElement("span");
        badge.className = "badge kind";
        badge.textContent = r.kind_label;
        var title = document.createElement("span");
        title.className = "result-title";
        markInto(title, r.title, answer.terms);
        link.appendChild(badge);
        link.appendChild(document.createTextNode(" "));
        link.appendChild(title);
        li.appendChild(link);
        if (r.kind === "formulation" && r.full) {
          li.appendChild(wordingBlock(r, panel.id + "_w" + r.id));
        } else if (r.snippet) {
          var snippet = document.createElement("p");
          snippet.className = "snippet";
          snippet.innerHTML = r.snippet; // escaped by makeSnippet
          li.appendChild(snippet);
          if (r.source_title) {
            var meta = document.createElement("p");
            meta.className = "meta";
            meta.textContent = r.source_title + (r.part_label ? " · " + r.part_label : "");
            li.appendChild(meta);
          }
        }
        list.appendChild(li);
      });
      var count = (answer.exact ? "共 " : "至少 ") + answer.total + " 条结果";
      // No match among the candidates read so far is not "none": say how
      // many are left to read rather than 没有找到.
      status.textContent = answer.total ? count + (answer.total_max > answer.results.length ? "，显示前 " + answer.results.length + " 条" : "") :
        answer.exact ? "没有找到“" + query.trim() + "”" : unverifiedOnly(answer, query);
      all.href = SEARCH + "?q=" + encodeURIComponent(query.trim());
      all.textContent = answer.exact && !answer.total ? "到搜索页调整查询" : answer.exact ? "查看全部 " + answer.total + " 条结果（回车）" :
        answer.total ? "查看全部结果（回车）" : "到搜索页继续核对（回车）";
      panel.hidden = false;
      form.classList.add("instant-open");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && list.childNodes.length) {
        panel.hidden = false;
        form.classList.add("instant-open");
      }
    });
    form.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
        input.focus();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      if (panel.hidden) return;
      var targets = links();
      var at = targets.indexOf(document.activeElement);
      var fromBox = document.activeElement === input;
      if (!fromBox && at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowDown") {
        var next = fromBox ? targets[0] : targets[at + 1];
        if (next) next.focus();
      } else if (at > 0) {
        targets[at - 1].focus();
      } else {
        input.focus();
      }
    });
    // Leaving the box and its list (by Tab or a click elsewhere) closes it.
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
        setTimeout(function () { if (!form.contains(document.activeElement)) close(); }, 0);
      }
    });
    document.addEventListener("pointerdown", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  /** `text` into `element`, the terms' hits in <mark> (folding is per character). */
  function markInto(element, text, terms) {
    var chars = Array.from(text);
    var folded = chars.map(function (c) { return foldChar(c, null); });
    var at = 0;
    hitRanges(folded, terms).forEach(function (r) {
      element.appendChild(document.createTextNode(chars.slice(at, r[0]).join("")));
      var mark = document.createElement("mark");
      mark.textContent = chars.slice(r[0], r[1]).join("");
      element.appendChild(mark);
      at = r[1];
    });
    element.appendChild(document.createTextNode(chars.slice(at).join("")));
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-instant]"), instant);

  // --------------------------------------------------- highlight on arrival
  //
  // A page opened from a search result (`?hl=query`) marks every hit of
  // the query in its text, with the folding search uses (Traditional →
  // Simplified, full-width, case), scrolls to the first, and offers a
  // control to step through the hits and to clear them.

  var t2sTable = null;

  function loadT2s() {
    if (!t2sTable) {
      t2sTable = get(BASE + "t2s.json", "json").catch(function () { return {}; });
    }
    return t2sTable;
  }

  function highlightOnArrival() {
    var query = new URLSearchParams(location.search).get("hl");
    if (!query || document.querySelector("[data-search-page]")) return;
    loadT2s().then(function (t2s) {
      var terms = parseQuery(query, t2s);
      if (!terms.length) return;
      var scopes = document.querySelectorAll("main [data-search-text]");
      if (!scopes.length) scopes = document.querySelectorAll("main");
      var marks = [];
      Array.prototype.forEach.call(scopes, function (scope) {
        marks = marks.concat(markHits(scope, terms, t2s));
      });
      showHighlightBar(query, marks);
    });
  }

  /** Wraps every hit of `terms` in `scope`'s text in <mark class="hl">. */
  function markHits(scope, terms, t2s) {
    var nodes = [], text = "";
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, null);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node, start: text.length });
      text += node.data;
    }
    // Folding maps each character to one character of the same UTF-16
    // length (the tables hold BMP characters only), so offsets agree.
    var folded = "";
    for (var c of text) {
      var f = foldChar(c, t2s);
      folded += f.length === c.length ? f : c;
    }
    var ranges = [];
    terms.forEach(function (term) {
      for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
        ranges.push([at, at + term.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    var marks = [];
    // From the last hit back, so earlier offsets stay valid as nodes split.
    for (var i = merged.length - 1; i >= 0; i--) {
      var pieces = [];
      for (var n = nodes.length - 1; n >= 0; n--) {
        var from = nodes[n].start, to = from + nodes[n].node.data.length;
        if (to <= merged[i][0] || from >= merged[i][1]) continue;
        pieces.push([nodes[n].node, Math.max(0, merged[i][0] - from), Math.min(to, merged[i][1]) - from]);
      }
      var first = null;
      pieces.forEach(function (piece) {
        var range = document.createRange();
        range.setStart(piece[0], piece[1]);
        range.setEnd(piece[0], piece[2]);
        var mark = document.createElement("mark");
        mark.className = "hl";
        range.surroundContents(mark);
        first = mark;
      });
      if (first) marks.unshift(first);
    }
    return marks;
  }

  function showHighlightBar(query, marks) {
    var main = document.getElementById("main");
    if (!main) return;
    var bar = document.createElement("div");
    bar.className = "hl-bar";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.textContent = marks.length ? "已标出“" + query + "” " + marks.length + " 处" : "本页正文中没有“" + query + "”";
    bar.appendChild(status);
    var at = 0;
    if (marks.length > 1) {
      var next = document.createElement("button");
      next.type = "button";
      next.className = "small";
      next.textContent = "下一处";
      next.addEventListener("click", function () {
        at = (at + 1) % marks.length;
        go(at);
      });
      bar.appendChild(next);
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "small hl-clear";
    clear.textContent = "清除标记";
    clear.addEventListener("click", function () {
      marks.forEach(function (mark) {
        var parent = mark.parentNode;
        if (!parent) return;
        while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
        parent.removeChild(mark);
        parent.normalize();
      });
      bar.parentNode.removeChild(bar);
      var params = new URLSearchParams(location.search);
      params.delete("hl");
      var qs = params.toString();
      history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      main.focus({ preventScroll: true });
    });
    bar.appendChild(clear);
    main.insertBefore(bar, main.firstChild);
    function go(i) {
      marks.forEach(function (m, k) { m.classList.toggle("current", k === i); });
      marks[i].scrollIntoView({ block: "center" });
    }
    // The first hit after the title, where there is one (the title is in view).
    if (marks.length && !location.hash) {
      var title = document.querySelector("main h1");
      var first = marks.findIndex(function (m) { return !(title && title.contains(m)); });
      at = first < 0 ? 0 : first;
      go(at);
    }
  }

  highlightOnArrival();

  // ------------------------------------------------------ results page UI

  var page = document.querySelector("[data-search-page]");
  if (!page) return;

  var input = document.getElementById("search-input");
  var form = document.getElementById("search-page-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var empty = document.getElementById("search-empty");
  var clear = document.getElementById("search-clear-filters");
  var facetBox = document.getElementById("search-facets");
  var verifyButton = document.getElementById("search-verify");
  var filterBox = document.getElementById("search-filter-box");
  // Filters are open beside the results on wide screens, folded above them
  // on narrow ones.
  if (filterBox && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 48rem)");
    filterBox.open = !narrow.matches;
    if (narrow.addEventListener) narrow.addEventListener("change", function () { filterBox.open = !narrow.matches; });
  }
  // The same words as the site's navigation (专题, 报告部分).
  var FACET_TITLES = { kind: "类型", part: "报告部分", topic: "专题", doc_type: "文种", year: "年份" };

  var params = new URLSearchParams(location.search);
  // exact: every candidate verified (统计准确条数); topics: the topic facet
  // counted (统计各专题), on a site whose topic sheet is not fetched at once.
  var state = { query: params.get("q") || "", filters: {}, exact: false, topics: false };
  FACETS.forEach(function (facet) {
    var values = params.getAll(facet);
    if (values.length) state.filters[facet] = values;
  });
  input.value = state.query;
  var generation = 0, shown = 0, last = null, timer = 0;

  function updateUrl() {
    var next = new URLSearchParams();
    if (state.query) next.set("q", state.query);
    FACETS.forEach(function (facet) {
      (state.filters[facet] || []).forEach(function (v) { next.append(facet, v); });
    });
    var qs = next.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function hasFilters() {
    return FACETS.some(function (f) { return (state.filters[f] || []).length > 0; });
  }

  function run() {
    var mine = ++generation;
    var query = state.query;
    var started = performance.now();
    updateUrl();
    page.setAttribute("aria-busy", "true");
    return search(query, { filters: state.filters, limit: PAGE_SIZE, exact: state.exact, topics: state.topics }).then(function (answer) {
      if (mine !== generation) return;
      last = answer;
      render(answer, query, started);
    }, function (error) {
      if (mine !== generation) return;
      page.removeAttribute("aria-busy");
      status.textContent = "搜索索引加载失败，请刷新页面重试。";
      if (window.console) console.warn(error);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 30);
  }

  function render(answer, query, started) {
    list.textContent = "";
    shown = 0;
    appendResults(answer.results, answer.terms);
    var blank = !answer.terms.length && !hasFilters();
    showCount(answer, query, blank);
    empty.hidden = blank || answer.total > 0 || !answer.exact;
    clear.hidden = !hasFilters();
    showMore(answer);
    renderFacets(answer);
    page.removeAttribute("aria-busy");
    list.setAttribute("data-query", query);
    var ms = performance.now() - started;
    page.setAttribute("data-rendered-ms", ms.toFixed(1));
    document.dispatchEvent(new CustomEvent("tifa:results", { detail: { query: query, total: answer.total, ms: ms } }));
  }

  /**
   * The count: exact once every candidate is verified; otherwise how many
   * are known to match and how many more may (candidates not yet read),
   * with a button to verify them all.
   */
  function showCount(answer, query, blank) {
    var q = "“" + query.trim() + "” ";
    status.textContent = blank ? "输入任意字词搜索：可以是一个字、一句原文，或拼音首字母（如 sgys）；也可以只选筛选条件浏览。" :
      !answer.exact && !answer.total ? unverifiedOnly(answer, query) :
      !answer.exact ? q + "至少 " + answer.total + " 条结果（最多 " + answer.total_max + " 条：其余候选尚未逐字核对）" :
      answer.terms.length ? q + "共 " + answer.total + " 条结果" :
      "按所选条件共 " + answer.total + " 条";
    if (verifyButton) verifyButton.hidden = answer.exact;
  }

  function showMore(answer) {
    if (answer.exact) {
      more.hidden = shown >= answer.total;
      more.textContent = "显示更多（还有 " + (answer.total - shown) + " 条）";
    } else {
      more.hidden = shown >= answer.total_max;
      more.textContent = shown ? "显示更多" : "继续查找";
    }
  }

  function appendResults(results, terms) {
    var fragment = document.createDocumentFragment();
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "search-result kind-" + r.kind;
      var link = document.createElement("a");
      link.href = resultHref(r, state.query);
      link.className = "result-link";
      var badge = document.createElement("span");
      badge.className = "badge kind";
      badge.textContent = r.kind_label;
      var title = document.createElement("span");
      title.className = "result-title";
      markInto(title, r.title, terms);
      link.appendChild(badge);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(title);
      li.appendChild(link);
      var meta = [];
      if (r.source_title) meta.push("来源：" + r.source_title);
      if (r.part_label) meta.push(r.part_label);
      if (r.doc_type && r.kind === "source") meta.push(r.doc_type);
      if (r.year) meta.push(r.year + " 年");
      if (meta.length) {
        var p = document.createElement("p");
        p.className = "meta";
        p.textContent = meta.join(" · ");
        li.appendChild(p);
      }
      if (r.kind === "formulation" && r.full) li.appendChild(wordingBlock(r, "result_w" + r.id));
      if (r.snippet) {
        var snippet = document.createElement("p");
        snippet.className = "snippet";
        snippet.innerHTML = r.snippet; // escaped by makeSnippet
        li.appendChild(snippet);
      }
      fragment.appendChild(li);
    });
    list.appendChild(fragment);
    shown += results.length;
  }

  function renderFacets(answer) {
    var focused = document.activeElement;
    var focusKey = focused && focused.getAttribute && focused.getAttribute("data-facet") ?
      focused.getAttribute("data-facet") + "\u0000" + focused.value : null;
    facetBox.textContent = "";
    if (filterBox) filterBox.hidden = false;
    var labels = answer.facet_labels;
    FACETS.forEach(function (facet) {
      var counts = answer.facets[facet] || {};
      var chosen = state.filters[facet] || [];
      var values = Object.keys(counts);
      chosen.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length && (answer.pending_facets || []).indexOf(facet) >= 0) {
        facetBox.appendChild(pendingFacet(facet));
        return;
      }
      if (!values.length) return;
      var order = facet === "kind" ? Object.keys(labels.kind) : facet === "part" ? Object.keys(labels.part) : null;
      values.sort(function (a, b) {
        if (order) return order.indexOf(a) - order.indexOf(b);
        if (facet === "year") return Number(b) - Number(a);
        return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : a > b ? 1 : 0);
      });
      var fieldset = document.createElement("fieldset");
      fieldset.className = "facet facet-" + facet;
      var legend = document.createElement("legend");
      legend.textContent = FACET_TITLES[facet];
      fieldset.appendChild(legend);
      values.forEach(function (value) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = value;
        box.setAttribute("data-facet", facet);
        box.checked = chosen.indexOf(value) >= 0;
        label.appendChild(box);
        var name = (labels[facet] && labels[facet][value]) || (facet === "year" ? value + " 年" : value);
        label.appendChild(document.createTextNode(" " + name + " "));
        var count = document.createElement("span");
        count.className = "count";
        // Before every candidate is verified, a count is at most this.
        count.textContent = (answer.facets_exact === false ? "≤" : "") + String(counts[value] || 0);
        label.appendChild(count);
        fieldset.appendChild(label);
        if (focusKey === facet + "\u0000" + value) box.setAttribute("data-refocus", "");
      });
      facetBox.appendChild(fieldset);
    });
    var refocus = facetBox.querySelector("[data-refocus]");
    if (refocus) {
      refocus.removeAttribute("data-refocus");
      refocus.focus();
    }
  }

  /**
   * A facet not counted yet (the topic sheet of a large site is fetched
   * only when asked for): its title and a button that counts it.
   */
  function pendingFacet(facet) {
    var fieldset = document.createElement("fieldset");
    fieldset.className = "facet facet-" + facet;
    var legend = document.createElement("legend");
    legend.textContent = FACET_TITLES[facet];
    fieldset.appendChild(legend);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = "统计各" + FACET_TITLES[facet];
    button.addEventListener("click", function () {
      state.topics = true;
      run();
    });
    fieldset.appendChild(button);
    return fieldset;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.result-link"));
  }

  input.addEventListener("input", function () {
    state.query = input.value;
    state.exact = false;
    schedule();
  });
  if (verifyButton) {
    verifyButton.addEventListener("click", function () {
      state.exact = true;
      status.textContent = "正在逐字核对全部候选……";
      run();
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.query = input.value;
    clearTimeout(timer);
    run().then(function () {
      var first = links()[0];
      if (first) first.focus();
    });
  });
  facetBox.addEventListener("change", function (event) {
    var box = event.target;
    var facet = box.getAttribute && box.getAttribute("data-facet");
    if (!facet) return;
    var values = (state.filters[facet] || []).filter(function (v) { return v !== box.value; });
    if (box.checked) values.push(box.value);
    if (values.length) state.filters[facet] = values;
    else delete state.filters[facet];
    clearTimeout(timer);
    run();
  });
  clear.addEventListener("click", function () {
    state.filters = {};
    run();
    input.focus();
  });
  more.addEventListener("click", function () {
    if (!last) return;
    var next = links().length;
    var query = state.query;
    search(query, { filters: state.filters, limit: PAGE_SIZE, offset: next, exact: state.exact, topics: state.topics }).then(function (answer) {
      appendResults(answer.results, answer.terms);
      showCount(answer, query, false);
      showMore(answer);
      var first = links()[next];
      if (first) first.focus();
    });
  });

  // ↑/↓ move through the results (from the box too); Enter opens a result
  // (the links are focused, so Enter follows them natively).
  page.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    var at = all.indexOf(document.activeElement);
    var fromBox = document.activeElement === input;
    if (!fromBox && at < 0) return;
    event.preventDefault();
    if (event.key === "ArrowDown") {
      var next = fromBox ? all[0] : all[at + 1];
      if (next) next.focus();
      else if (!fromBox && !more.hidden) more.focus();
    } else if (at > 0) {
      all[at - 1].focus();
    } else {
      input.focus();
    }
  });
  more.addEventListener("keydown", function (event) {
    if (event.key === "ArrowUp") {
      event.preventDefault();
      var all = links();
      if (all.length) all[all.length - 1].focus();
    }
  });

  // On this page "/" focuses the page's own search box, not the header's.
  window.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    input.focus();
    input.select();
  }, true);

  input.focus();
  var end = input.value.length;
  input.setSelectionRange(end, end);
  run();
})();
