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

use tifa::check::Checker;
use tifa::check::data::{FormulationRules, HistoryStep, PackRuleData, RuleData, Why};
use tifa::check::draft::{DraftFinding, DraftOptions, check_draft, describe};
use tifa::fs::decode_text;
use tifa::import::segment::{SegmentOptions, segment};
use tifa::load::ContentFile;
use tifa::markdown::{self, Resolve, Target, TermMatcher, TermTarget};
use tifa::parse::{self, Misuse, PageKind, PartialDate, RuleKind, Status, front_matter};
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
        let text = &rendered.plain_text;
        for mention in &rendered.mentions {
            // The accessors slice the page's plain text (or the mention's
            // own words): a range off a character boundary panics here.
            let matched = mention.sentence(text).get(mention.span.clone());
            assert!(
                matched.is_some_and(|m| !m.is_empty()),
                "mention span does not select the match in its sentence"
            );
            let _ = mention.before(text);
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
    if n == 2 {
        return check_pair_postings(key, postings, docs);
    }
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
        let bits = ngram::LENGTH_BITS;
        let bucket = ngram::length_bucket(chars.len());
        let counted = next(&mut at);
        assert_eq!(counted & ((1 << bits) - 1), bucket, "length of {doc}");
        let count = (counted >> bits) as usize;
        let in_title = next(&mut at) as usize;
        assert_eq!(count, positions.len().min(0xFFFF), "tf of {key:?} in {doc}");
        let expected = positions.iter().filter(|&&p| p < *title_len).count();
        assert_eq!(in_title, expected.min(0xFFFF), "title tf of {key:?}");
    }
}

/// A pair's postings list exactly the documents holding it, each with its
/// capped count and positions in the title.
fn check_pair_postings(key: &str, postings: &[u8], docs: &[(Vec<char>, usize)]) {
    let entries = ngram::decode_pair_postings(postings).expect("malformed pair postings");
    let holders = docs
        .iter()
        .filter(|(chars, _)| grams(chars, 2).any(|(_, g)| g == key))
        .count();
    assert_eq!(entries.len(), holders, "documents holding {key:?}");
    let mut previous = None;
    for entry in entries {
        assert!(previous < Some(entry.doc), "documents out of order");
        previous = Some(entry.doc);
        let (chars, title_len) = docs
            .get(entry.doc as usize)
            .expect("document id out of range");
        let positions: Vec<u32> = grams(chars, 2)
            .filter(|(_, g)| g == key)
            .map(|(i, _)| i as u32)
            .collect();
        assert!(!positions.is_empty(), "{key:?} listed for {}", entry.doc);
        let count = (positions.len() as u32).min(ngram::MAX_PAIR_COUNT);
        assert_eq!(entry.count, count, "count of {key:?} in {}", entry.doc);
        let in_title: Vec<u32> = positions
            .into_iter()
            .filter(|&p| (p as usize) < *title_len)
            .collect();
        assert_eq!(
            entry.title_positions, in_title,
            "title positions of {key:?}"
        );
    }
}

/// `tifa check --draft` (the 校稿 page's rules, in Rust) over a random
/// draft, against a small knowledge base that gives every rule something to
/// find: variants, accepted variants, parts (short, long, containing 、 and
/// ，), histories with `also` spellings and one wording inside another,
/// adjusted and historical entries (dated, undated, `past_mentions`),
/// misuses with quote marks, rule packs (names, `titles_only`, dated and
/// typed rules).
///
/// Input: the first line lists up to six extra wordings separated by `|`
/// (so the fuzzer explores odd patterns: quote marks, 、, lone surrogates'
/// neighbours, newlines excluded); they become the variants, parts,
/// history wordings, misuses and house-style rule of one more entry. The
/// rest is the draft, checked at three dates, with and without a
/// document type.
///
/// Every finding must: lie inside the text, on UTF-16 boundaries that
/// select exactly its `text` (non-empty, on one line); carry the line and
/// column of its start; come in order; offer a suggestion that differs from
/// the text it replaces; and be what checking its line alone finds (the
/// checker reads a draft line by line, which the conformance suite over the
/// shipped knowledge base relies on).
pub fn check_draft_target(data: &[u8]) {
    let _ = check_draft_findings(data);
}

/// The body of [`check_draft_target`]: the findings at every date, each
/// checked as its doc says.
pub fn check_draft_findings(data: &[u8]) -> Vec<DraftFinding> {
    let Ok(input) = std::str::from_utf8(data) else {
        return Vec::new();
    };
    let mut all = Vec::new();
    let (first_line, draft) = input.split_once('\n').unwrap_or(("", input));
    let mut extras: Vec<String> = Vec::new();
    for extra in first_line.split('|').filter(|s| !s.is_empty()).take(6) {
        if !extras.iter().any(|e| e == extra) {
            extras.push(extra.to_string());
        }
    }
    let checker = Checker::new(rule_data(&extras));
    let dates = ["2016", "2019-05-01", "2024-06-01"];
    for (i, date) in dates.iter().enumerate() {
        let options = DraftOptions {
            date: PartialDate::parse(date).ok(),
            doc_type: (i % 2 == 1).then(|| "对照检查材料".to_string()),
        };
        let found = check_draft(&checker, draft, &options);
        check_findings(draft, &found);
        // Line by line, the same findings.
        let mut by_line = Vec::new();
        let mut offset = 0;
        for (index, line) in draft.split('\n').enumerate() {
            for mut f in check_draft(&checker, line, &options) {
                f.start += offset;
                f.end += offset;
                f.line = index + 1;
                by_line.push(f);
            }
            offset += line.encode_utf16().count() + 1;
        }
        assert_eq!(found, by_line, "a line's findings depend on the others");
        all.extend(found);
    }
    all
}

fn check_findings(text: &str, found: &[DraftFinding]) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let rules: Vec<&str> = tifa::check::TEXT_RULES.iter().map(|r| r.name).collect();
    for f in found {
        assert!(rules.contains(&f.rule), "unknown rule {}", f.rule);
        assert!(
            f.start < f.end && f.end <= units.len(),
            "span {}..{} outside the text of {} units: {f:?}",
            f.start,
            f.end,
            units.len()
        );
        let selected = String::from_utf16(&units[f.start..f.end])
            .unwrap_or_else(|_| panic!("span {}..{} splits a surrogate pair", f.start, f.end));
        assert_eq!(selected, f.text, "the span does not select the text");
        assert!(!f.text.contains('\n'), "a finding across lines: {f:?}");
        assert_ne!(
            f.suggestion.as_deref(),
            Some(f.text.as_str()),
            "a fix that changes nothing: {f:?}"
        );
        assert!(
            !f.message.zh.is_empty() && !f.message.en.is_empty(),
            "no message: {f:?}"
        );
        // Line and column (1-based, in characters) of the start.
        let before = String::from_utf16(&units[..f.start]).expect("a char boundary");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        assert_eq!((f.line, f.column), (line, column), "line and column: {f:?}");
        let _ = describe(f);
    }
    for pair in found.windows(2) {
        assert!(
            (pair[0].line, pair[0].start) <= (pair[1].line, pair[1].start),
            "findings out of order: {pair:?}"
        );
    }
}

fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse(text).ok()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn formulation(title: &str, full: &str) -> FormulationRules {
    FormulationRules {
        title: title.to_string(),
        url: format!("/f/{title}/"),
        full: full.to_string(),
        ..FormulationRules::default()
    }
}

fn step(when: &str, wording: &str, also: &[&str]) -> HistoryStep {
    HistoryStep {
        date: date(when),
        wording: wording.to_string(),
        also: strings(also),
        event: "会议".to_string(),
    }
}

fn pack_rule(kind: RuleKind, right: &str, wrong: &[&str]) -> PackRuleData {
    PackRuleData {
        kind,
        right: right.to_string(),
        wrong: strings(wrong),
        also: Vec::new(),
        issuer: Some("中共中央".to_string()),
        date: date("2015-10"),
        note: Some("说明".to_string()),
        from: None,
        until: None,
        not_in: Vec::new(),
        only_in: Vec::new(),
        titles_only: false,
        pack: "规则".to_string(),
        url: "/rules/r/".to_string(),
    }
}

/// The fuzz target's knowledge base (see [`check_draft_target`]).
fn rule_data(extras: &[String]) -> RuleData {
    let four = "全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党";
    let mut f = vec![
        FormulationRules {
            misuses: vec![Misuse {
                wrong: "坚定“两个维护”".into(),
                right: "做到“两个维护”".into(),
                note: "搭配".into(),
            }],
            ..formulation("两个维护", "两个维护")
        },
        FormulationRules {
            parts: strings(&["政治意识", "大局意识", "核心意识", "看齐意识"]),
            why: Some(Why {
                text: "增强政治意识、大局意识、核心意识、看齐意识。".into(),
                document: "党章".into(),
                issuer: "全国代表大会".into(),
                date: date("2022-10-22"),
                article: Some("总纲".into()),
                pending: false,
            }),
            ..formulation("四个意识", "政治意识、大局意识、核心意识、看齐意识")
        },
        FormulationRules {
            parts: strings(&[
                "全面建设社会主义现代化国家",
                "全面深化改革",
                "全面依法治国",
                "全面从严治党",
            ]),
            history: vec![
                step(
                    "2014-12",
                    "全面建成小康社会、全面深化改革、全面依法治国、全面从严治党",
                    &["全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党"],
                ),
                step("2020-10", four, &[]),
            ],
            ..formulation("四个全面", four)
        },
        FormulationRules {
            status: Status::Historical,
            successor: Some("新思想".into()),
            changed: date("2017-10"),
            ..formulation("系列重要讲话精神", "系列重要讲话精神")
        },
        formulation("新思想", "新思想"),
        FormulationRules {
            status: Status::Historical,
            successor: Some("第二个百年奋斗目标".into()),
            changed: date("2021-07"),
            past_mentions: true,
            ..formulation("全面建成小康社会", "全面建成小康社会")
        },
        formulation("第二个百年奋斗目标", "第二个百年奋斗目标"),
        FormulationRules {
            status: Status::Adjusted,
            ..formulation("老提法", "老提法")
        },
        FormulationRules {
            parts: strings(&["不敢腐", "不能腐", "不想腐"]),
            history: vec![
                step("2014", "不敢腐、不能腐、不想腐", &[]),
                step("2022-10-16", "一体推进不敢腐、不能腐、不想腐", &[]),
            ],
            ..formulation("一体推进", "一体推进不敢腐、不能腐、不想腐")
        },
        FormulationRules {
            parts: strings(&["创新", "协调", "绿色", "开放", "共享"]),
            ..formulation("新发展理念", "创新、协调、绿色、开放、共享")
        },
        FormulationRules {
            parts: strings(&["确立甲的核心、全党的核心地位", "确立乙的指导地位"]),
            ..formulation("两个确立", "确立甲的核心、全党的核心地位，确立乙的指导地位")
        },
        FormulationRules {
            accepted: strings(&["不忘初心，牢记使命"]),
            ..formulation("不忘初心、牢记使命", "不忘初心、牢记使命")
        },
    ];
    let mut terms: Vec<(String, usize)> = f
        .iter()
        .enumerate()
        .map(|(i, e)| (e.title.clone(), i))
        .chain([
            ("两个坚决维护".to_string(), 0),
            ("不忘初心，牢记使命".to_string(), 11),
            ("系列讲话精神".to_string(), 3),
        ])
        .collect();
    // The fuzzer's wordings: one more entry made of them.
    let fuzzed = f.len();
    let extra: Vec<&str> = extras.iter().map(String::as_str).collect();
    let mut entry = FormulationRules {
        parts: if extra.len() >= 2 {
            strings(&extra)
        } else {
            Vec::new()
        },
        misuses: extra
            .iter()
            .map(|w| Misuse {
                wrong: w.to_string(),
                right: "模糊提法的用法".into(),
                note: String::new(),
            })
            .collect(),
        past_mentions: extra.len() % 2 == 1,
        ..formulation("模糊提法", &extra.join("、"))
    };
    if let Some((first, rest)) = extra.split_first() {
        entry.history = vec![step("2010", first, rest), step("2020", "模糊新提法", &[])];
    }
    f.push(entry);
    terms.extend(extra.iter().map(|w| (w.to_string(), fuzzed)));
    let mut rules = vec![
        pack_rule(RuleKind::Name, "中国共产党廉洁自律准则", &[]),
        PackRuleData {
            also: strings(&["党章"]),
            titles_only: true,
            ..pack_rule(RuleKind::Name, "中国共产党章程", &["新党章"])
        },
        PackRuleData {
            also: strings(&["纪律处分条例"]),
            ..pack_rule(RuleKind::Name, "中国共产党纪律处分条例", &["党纪处分条例"])
        },
        pack_rule(RuleKind::Forbidden, "", &["禁用甲"]),
        PackRuleData {
            only_in: strings(&["对照检查材料"]),
            ..pack_rule(RuleKind::Caution, "规范丙", &["慎用丙"])
        },
        PackRuleData {
            from: date("2024-06"),
            ..pack_rule(RuleKind::House, "党组织书记（委员）", &["党组织书记"])
        },
    ];
    let house: Vec<&str> = extra
        .iter()
        .copied()
        .filter(|w| *w != "规范写法甲")
        .collect();
    if !house.is_empty() {
        rules.push(pack_rule(RuleKind::House, "规范写法甲", &house));
    }
    RuleData {
        version: tifa::check::data::FORMAT_VERSION,
        terms,
        formulations: f,
        rules,
        allow: Vec::new(),
        doc_types: strings(&["对照检查材料"]),
    }
}
