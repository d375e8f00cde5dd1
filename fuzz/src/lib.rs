//! The bodies of tifa's fuzz targets, one `pub fn` per target.
//!
//! `fuzz_targets/*.rs` hand libFuzzer's input to these functions, and
//! `tests/fuzz_corpus.rs` (which includes this file by path) replays every
//! committed seed and regression input through them on stable Rust, so a bug
//! a fuzzer once found stays fixed even where no fuzzer runs.
//!
//! Each function panics when tifa panics or when an invariant of the output
//! breaks: a fuzzer then reports the input as a crash.

use std::collections::HashSet;

use tifa::fs::decode_text;
use tifa::import::segment::{SegmentOptions, segment};
use tifa::load::ContentFile;
use tifa::markdown::{self, Resolve, Target, TermMatcher, TermTarget};
use tifa::parse::{self, PageKind, front_matter};
use tifa::search::ngram;

/// Front matter: decoding an author's bytes, the `---` split, the typed parse
/// of every kind, and the positions of the errors.
pub fn front_matter(data: &[u8]) {
    let Ok(decoded) = decode_text(data) else {
        return;
    };
    let text = decoded.text;
    if let Ok(split) = front_matter::split(&text) {
        // Both parts are slices of the text, in order.
        assert!(text.ends_with(split.body), "body is the end of the text");
        assert!(text.contains(split.yaml));
        assert!(split.body_line >= split.yaml_line);
        let _ = front_matter::key_lines(split.yaml, split.yaml_line);
    }
    let lines = text.lines().count().max(1);
    let file = ContentFile {
        rel_path: "fuzz/page.md".to_string(),
        text: text.clone(),
        encoding: decoded.encoding,
    };
    let kinds = [
        None,
        Some(PageKind::Formulation),
        Some(PageKind::Excerpt),
        Some(PageKind::Source),
        Some(PageKind::Page),
    ];
    for kind in kinds {
        if let Err(errors) = parse::parse_file(&file, kind) {
            assert!(!errors.is_empty(), "an error without a diagnostic");
            for error in errors {
                assert!(
                    (1..=lines + 1).contains(&error.line),
                    "error line {} outside the file's {lines} lines: {error:?}",
                    error.line
                );
            }
        }
    }
}

/// Names the markdown target resolves: `[[…]]` and `@/…` targets exist for
/// these and no others.
struct Fixed;

impl Resolve for Fixed {
    fn wiki(&self, name: &str) -> Option<Target> {
        (name == "四个意识" || name == "关于").then(|| Target {
            url: "/f/si-ge-yi-shi/".into(),
            title: "四个意识".into(),
            rel_path: "formulations/四个意识.md".into(),
        })
    }

    fn path(&self, rel_path: &str) -> Option<Target> {
        (rel_path == "about.md").then(|| Target {
            url: "/about/".into(),
            title: "关于".into(),
            rel_path: rel_path.into(),
        })
    }
}

/// Markdown with term linking. The first line of the input lists extra
/// term spellings separated by `|` (so the fuzzer also explores odd terms:
/// spaces, punctuation, newlines), the rest is the body.
pub fn markdown(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (first_line, body) = input.split_once('\n').unwrap_or(("", input));
    let mut spellings: Vec<String> = ["四个意识", "四风", "四风问题", "两个维护"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    spellings.extend(
        first_line
            .split('|')
            .filter(|s| !s.is_empty())
            .take(8)
            .map(str::to_string),
    );
    let targets: Vec<TermTarget> = spellings
        .iter()
        .enumerate()
        .map(|(i, title)| TermTarget {
            formulation: i,
            url: format!("/f/{i}/"),
            title: title.clone(),
            full: format!("{title}\"<full>"),
            status: "",
            wording: "",
        })
        .collect();
    let terms: Vec<(String, usize)> = spellings.iter().cloned().zip(0..).collect();
    let matcher = TermMatcher::new(targets, &terms);
    for (own, highlight) in [(None, true), (Some(0), false)] {
        let context = markdown::Context {
            terms: &matcher,
            resolve: &Fixed,
            own_formulation: own,
            highlight_code: highlight,
            link_terms: true,
            file: "content/fuzz.md",
            body_line: 3,
        };
        let rendered = markdown::render(body, &context);
        assert_safe_html(&rendered.html);
        if let Some(summary) = &rendered.summary_html {
            assert_safe_html(summary);
        }
        let mut ids = HashSet::new();
        for heading in &rendered.toc {
            assert!(
                // HTML's rule: not empty, no ASCII whitespace.
                !heading.id.is_empty() && !heading.id.contains(|c: char| c.is_ascii_whitespace()),
                "invalid heading id {:?}",
                heading.id
            );
            assert!(
                ids.insert(&heading.id),
                "duplicate heading id {}",
                heading.id
            );
            assert!(
                !markdown::THEME_IDS.contains(&heading.id.as_str()),
                "heading id {} is the theme's",
                heading.id
            );
        }
        for mention in &rendered.mentions {
            assert_eq!(
                mention.sentence.get(mention.span.clone()),
                Some(mention.matched.as_str()),
                "mention span does not select the match in its sentence"
            );
        }
        let lines = body.lines().count().max(1) + context.body_line;
        for d in &rendered.diagnostics {
            assert!(d.line >= context.body_line && d.line <= lines, "{d:?}");
        }
    }
}

/// Elements the renderer may never produce, whatever the author wrote.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "base", "meta", "link", "form", "svg", "math",
    "frame", "frameset", "template",
];

/// Checks rendered HTML tag by tag: no forbidden element, no event handler
/// or style attribute, no script URL, and every attribute well quoted (the
/// renderer quotes all of them, so anything else is markup from content).
pub fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let (name_part, tail) = after.split_at(
            after
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len()),
        );
        let name = name_part.to_ascii_lowercase();
        if name.is_empty() {
            // `</…>` (a closing tag): read its name.
            let closing = tail.strip_prefix('/').unwrap_or_else(|| {
                panic!("a raw `<` in the output: {}", excerpt(after));
            });
            let end = closing
                .find('>')
                .unwrap_or_else(|| panic!("unclosed end tag: {}", excerpt(after)));
            check_tag_name(&closing[..end].to_ascii_lowercase());
            rest = &closing[end + 1..];
            continue;
        }
        check_tag_name(&name);
        rest = check_attributes(tail, &name);
    }
}

fn check_tag_name(name: &str) {
    assert!(
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
        "odd tag name {name:?}"
    );
    assert!(!FORBIDDEN_TAGS.contains(&name), "<{name}> in the output");
}

/// Reads `name="value"` pairs up to the end of a tag; returns what follows.
fn check_attributes<'a>(mut tail: &'a str, tag: &str) -> &'a str {
    loop {
        tail = tail.trim_start();
        if let Some(rest) = tail.strip_prefix("/>").or_else(|| tail.strip_prefix('>')) {
            return rest;
        }
        let name_end = tail
            .find(|c: char| c == '=' || c == '>' || c.is_whitespace() || c == '/')
            .unwrap_or_else(|| panic!("unterminated <{tag}>: {}", excerpt(tail)));
        let name = tail[..name_end].to_ascii_lowercase();
        assert!(
            !name.is_empty(),
            "empty attribute name in <{tag}>: {}",
            excerpt(tail)
        );
        assert!(
            !name.starts_with("on") && name != "style" && name != "srcdoc",
            "attribute {name} on <{tag}>"
        );
        tail = &tail[name_end..];
        let Some(value_part) = tail.strip_prefix('=') else {
            continue;
        };
        let quoted = value_part
            .strip_prefix('"')
            .unwrap_or_else(|| panic!("unquoted {name} on <{tag}>: {}", excerpt(value_part)));
        let end = quoted
            .find('"')
            .unwrap_or_else(|| panic!("unterminated {name} on <{tag}>"));
        let value = &quoted[..end];
        assert!(
            !value.contains('<'),
            "raw `<` in {name} of <{tag}>: {value}"
        );
        if matches!(name.as_str(), "href" | "src" | "action" | "formaction") {
            assert!(
                !markdown::is_script_url(&decode_entities(value)),
                "script URL in {name} of <{tag}>: {value}"
            );
        }
        tail = &quoted[end + 1..];
    }
}

/// The few entities the renderer writes in attributes, decoded (enough to
/// see through `&amp;#106;`-style disguises pulldown-cmark already decoded).
fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn excerpt(text: &str) -> String {
    text.chars().take(60).collect()
}

/// The report splitter of `tifa import`: every item and heading is an exact
/// slice of the input, in order.
pub fn import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(report) = segment(text, &SegmentOptions::default()) else {
        return;
    };
    for heading in &report.headings {
        assert_eq!(
            text.get(heading.span.clone()),
            Some(heading.raw.as_str()),
            "heading span"
        );
    }
    for (i, item) in report.items.iter().enumerate() {
        assert_eq!(item.order, i + 1, "items are numbered in order");
        assert_eq!(
            text.get(item.span.clone()),
            Some(item.text.as_str()),
            "item span"
        );
        assert!(!item.text.trim().is_empty(), "an empty item");
    }
    for pair in report.items.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "items overlap");
    }
}

/// The search index's n-gram shards (the Rust half of search; the query
/// parser itself is JavaScript, in themes/default/static/search.js): build
/// shards from the input's documents, then decode every record and compare
/// the postings with a naive count.
///
/// Input: documents separated by `\u{1}`; a document's first char, if a
/// digit, is its title length. Empty documents are added between them, so
/// that the documents span several of the builder's tasks (a few hundred
/// documents each) and postings are joined across tasks.
pub fn search_index(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let docs: Vec<(Vec<char>, usize)> = text
        .split('\u{1}')
        .take(64)
        .map(|doc| {
            let mut chars: Vec<char> = doc.chars().collect();
            let title_len = match chars.first().and_then(|c| c.to_digit(10)) {
                Some(n) => {
                    chars.remove(0);
                    n as usize
                }
                None => 0,
            };
            (chars, title_len)
        })
        .flat_map(|doc| {
            [doc]
                .into_iter()
                .chain(std::iter::repeat_n((Vec::new(), 0), 97))
        })
        .collect();
    let borrowed: Vec<(&[char], usize)> = docs.iter().map(|(c, t)| (c.as_slice(), *t)).collect();
    for n in ngram::LENGTHS {
        // A tiny target size gives many shards, so hashing is exercised too.
        let (count, shards) = ngram::build_shards(n, &borrowed, 16);
        assert_eq!(shards.len(), count);
        assert!(count.is_power_of_two());
        let mut seen = HashSet::new();
        for (index, shard) in shards.iter().enumerate() {
            for (key, postings) in records(shard) {
                assert_eq!(key.chars().count(), n, "key {key:?} has the wrong length");
                assert_eq!(
                    ngram::fnv1a32(&key) as usize % count,
                    index,
                    "key in wrong shard"
                );
                assert!(seen.insert(key.clone()), "key {key:?} twice");
                check_postings(n, &key, &postings, &docs);
            }
        }
        let expected: HashSet<String> = docs
            .iter()
            .flat_map(|(chars, _)| grams(chars, n).map(|(_, g)| g))
            .collect();
        assert_eq!(
            seen, expected,
            "the index has exactly the n-grams of the text"
        );
    }
}

/// The n-grams of a document with their positions (none spans a newline).
fn grams(chars: &[char], n: usize) -> impl Iterator<Item = (usize, String)> + '_ {
    chars
        .windows(n)
        .enumerate()
        .filter(|(_, w)| !w.contains(&'\n'))
        .map(|(i, w)| (i, w.iter().collect()))
}

/// Splits a shard into (key, postings bytes), checking every length.
fn records(shard: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < shard.len() {
        let len = ngram::read_varint(shard, &mut at).expect("key length") as usize;
        let key = shard.get(at..at + len).expect("key bytes");
        let key = String::from_utf8(key.to_vec()).expect("key is UTF-8");
        at += len;
        let len = ngram::read_varint(shard, &mut at).expect("postings length") as usize;
        out.push((key, shard.get(at..at + len).expect("postings").to_vec()));
        at += len;
    }
    out
}

/// Decodes one key's postings and compares them with the documents.
fn check_postings(n: usize, key: &str, postings: &[u8], docs: &[(Vec<char>, usize)]) {
    let mut at = 0;
    let mut doc = 0usize;
    let mut first = true;
    let next = |at: &mut usize| ngram::read_varint(postings, at).expect("truncated postings");
    while at < postings.len() {
        let delta = next(&mut at) as usize;
        assert!(first || delta > 0, "documents out of order");
        first = false;
        doc += delta;
        let (chars, title_len) = docs.get(doc).expect("document id out of range");
        let positions: Vec<usize> = grams(chars, n)
            .filter(|(_, g)| g == key)
            .map(|(i, _)| i)
            .collect();
        if n == 1 {
            let tf = next(&mut at) as usize;
            let in_title = next(&mut at) as usize;
            assert_eq!(tf, positions.len().min(0xFFFF), "tf of {key:?} in {doc}");
            let expected = positions.iter().filter(|&&p| p < *title_len).count();
            assert_eq!(in_title, expected.min(0xFFFF), "title tf of {key:?}");
        } else {
            let count = next(&mut at) as usize;
            let mut decoded = Vec::with_capacity(count);
            let mut last = 0usize;
            for k in 0..count {
                let value = next(&mut at) as usize;
                last = if k == 0 { value } else { last + value };
                decoded.push(last);
            }
            assert_eq!(decoded, positions, "positions of {key:?} in {doc}");
        }
    }
}
