//! Output plan of `tifa import`: turns a segmented [`Report`] into the
//! Markdown files to write under `content/` — one source page
//! (`sources/<slug>.md`) and one excerpt per item
//! (`excerpts/<slug>/<NNN>.md`). Pure, no I/O; byte-identical on re-run.
//!
//! Front matter is YAML written by hand: every string is double-quoted (so
//! values such as `no`, `2019`, `- x` or `"…"` survive), lists are flow lists.

use pinyin::ToPinyin;

use super::segment::{Item, Report};
use crate::parse::dates::first_year;
use crate::parse::front_matter::{yaml_list, yaml_string};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative to `content/`, with `/` separators.
    pub rel_path: String,
    pub contents: String,
}

/// Longest slug. The brief asks for about 60 chars, but its own example
/// (`x-fen-ju-…-bao-gao`, a typical report title) is 78; 80 keeps such
/// titles whole while still bounding file names.
pub const MAX_SLUG_LEN: usize = 80;

/// ASCII slug of a title: toneless pinyin per CJK character, runs of ASCII
/// letters/digits (full-width ones folded) kept lowercased as one word,
/// everything else a separator; words joined by `-` and cut at a word
/// boundary to at most MAX_SLUG_LEN. `untitled` if nothing is left.
pub fn source_slug(title: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in title.chars() {
        let c = fold_width(c);
        if c.is_ascii_alphanumeric() {
            run.push(c.to_ascii_lowercase());
            continue;
        }
        if !run.is_empty() {
            words.push(std::mem::take(&mut run));
        }
        if let Some(p) = c.to_pinyin() {
            // `plain()` spells ü as ü (lü); v is the usual ASCII stand-in.
            let w: String = p
                .plain()
                .chars()
                .map(|c| if c == 'ü' { 'v' } else { c })
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if !w.is_empty() {
                words.push(w);
            }
        }
    }
    if !run.is_empty() {
        words.push(run);
    }
    let mut slug = String::new();
    for w in words {
        let needed = if slug.is_empty() {
            w.len()
        } else {
            w.len() + 1
        };
        if slug.len() + needed > MAX_SLUG_LEN {
            if slug.is_empty() {
                // A single over-long ASCII word: cut it (ASCII, so any index is a boundary).
                slug.push_str(&w[..MAX_SLUG_LEN]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w);
    }
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    }
}

/// Full-width ASCII (ｘ, １) to its ASCII form; other chars unchanged.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// The files for one report: the source page first, then the excerpts in
/// order. `year`/`doc_type` override the guesses from the text.
pub fn plan(
    report: &Report,
    slug: &str,
    year: Option<i32>,
    doc_type: Option<&str>,
) -> Vec<PlannedFile> {
    let mut out = Vec::with_capacity(report.items.len() + 1);
    out.push(source_page(report, slug, year, doc_type));
    let width = 3.max(report.items.len().to_string().len());
    for item in &report.items {
        out.push(PlannedFile {
            rel_path: format!("excerpts/{slug}/{:0width$}.md", item.order),
            contents: excerpt_page(item, slug),
        });
    }
    out
}

fn source_page(
    report: &Report,
    slug: &str,
    year: Option<i32>,
    doc_type: Option<&str>,
) -> PlannedFile {
    let title = if report.title.trim().is_empty() {
        slug
    } else {
        report.title.as_str()
    };
    let intro = report.items.first().map_or("", |i| i.text.as_str());
    let mut fm = String::from("---\n");
    fm.push_str(&format!("title: {}\n", yaml_string(title)));
    if let Some(t) = doc_type
        .map(str::to_string)
        .or_else(|| guess_doc_type(title))
    {
        fm.push_str(&format!("doc_type: {}\n", yaml_string(&t)));
    }
    if let Some(level) = guess_level(title, &report.items) {
        fm.push_str(&format!("level: {}\n", yaml_string(level)));
    }
    if let Some(y) = year.or_else(|| first_year(title).or_else(|| first_year(intro))) {
        fm.push_str(&format!("year: {y}\n"));
    }
    fm.push_str("---\n");
    let mut body = format!(
        "本页由 `tifa import` 从原始报告导入，共 {} 条摘录（`excerpts/{slug}/`）。\n",
        report.items.len()
    );
    if !report.removed.is_empty() {
        body.push_str(&format!(
            "\n导入时删除了 {} 行与正文无关的内容（投稿声明、网站广告等）。\n",
            report.removed.len()
        ));
    }
    PlannedFile {
        rel_path: format!("sources/{slug}.md"),
        contents: fm + &body,
    }
}

fn excerpt_page(item: &Item, slug: &str) -> String {
    format!(
        "---\ntitle: {}\nsource: {}\nsection_path: {}\norder: {}\npart: {}\ntopics: {}\n---\n{}\n",
        yaml_string(&item.title),
        yaml_string(slug),
        yaml_list(&item.section_path),
        item.order,
        yaml_string(item.part.as_str()),
        yaml_list(&item.topics),
        markdown_body(&item.text),
    )
}

/// Title words → doc_type, first match wins (对照检查材料 before 民主生活会,
/// because a 民主生活会对照检查材料 is the former).
const DOC_TYPES: &[(&[&str], &str)] = &[
    (&["对照检查"], "对照检查材料"),
    (&["民主生活会"], "民主生活会"),
    (&["通报"], "情况通报"),
    (&["述职"], "述职报告"),
    (&["主体责任"], "主体责任报告"),
    (&["报告"], "情况报告"),
    (&["讲话", "会议", "会上"], "工作会议讲话"),
    (&["发言"], "发言材料"),
    (&["总结"], "工作总结"),
    (&["方案"], "工作方案"),
];

fn guess_doc_type(title: &str) -> Option<String> {
    DOC_TYPES
        .iter()
        .find(|(words, _)| words.iter().any(|w| title.contains(w)))
        .map(|(_, t)| t.to_string())
}

/// Administrative level of the issuer. The title decides when it names one
/// (区委书记 → 区县); else the text's self-references (全县/我县/本县, 全区…,
/// 全市…, 全省…) are counted and a clear winner (at least 2, more than any
/// other) decides. Bare 省/市 are not counted: every report cites 省委/市委.
fn guess_level(title: &str, items: &[Item]) -> Option<&'static str> {
    const TITLE_WORDS: &[(&[&str], &str)] = &[
        (&["县"], "区县"),
        (&["区委", "区政府", "区纪委", "区直", "全区"], "区县"),
        (&["市委", "市政府", "市纪委", "市直", "全市"], "市级"),
        (&["省委", "省政府", "省纪委", "省直", "全省"], "省级"),
    ];
    if let Some((_, level)) = TITLE_WORDS
        .iter()
        .find(|(ws, _)| ws.iter().any(|w| title.contains(w)))
    {
        return Some(level);
    }
    const LEVELS: [&str; 3] = ["区县", "市级", "省级"];
    let mut counts = [0usize; 3];
    for item in items {
        let mut prev = ' ';
        for c in item.text.chars() {
            if matches!(prev, '全' | '我' | '本') {
                match c {
                    '县' | '区' => counts[0] += 1,
                    '市' => counts[1] += 1,
                    '省' => counts[2] += 1,
                    _ => {}
                }
            }
            prev = c;
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))?;
    let n = counts[best];
    let unique = (0..3).all(|i| i == best || counts[i] < n);
    (n >= 2 && unique).then_some(LEVELS[best])
}

/// The item text as a Markdown body, unchanged except where a line would
/// start Markdown block syntax (the seeds need none of this):
/// - `#`, `>`, `-`, `+`, `=` and `_` and code fences (```` ``` ````, `~~~`)
///   at line start get a backslash before them (`\#`, harmless where the
///   line would not have been special);
/// - `*` gets one when followed by a space or when the line is a rule of `*`
///   (a leading `**bold**` stays bold, as the author wrote it);
/// - `1.` / `1)` at line start become `1\.` / `1\)` (the backslash has to go
///   before the punctuation: `\1.` would print the backslash).
///
/// Inline Markdown (`*a*`, `` `x` ``, `<b>`, links) is left alone.
fn markdown_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (lead, rest) = line.split_at(indent);
        out.push_str(lead);
        out.push_str(&escape_line_start(rest));
    }
    out
}

fn escape_line_start(rest: &str) -> String {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let second = chars.next();
    let only = |c: char| rest.chars().all(|x| x == c || x == ' ');
    let needs = match first {
        '#' | '>' | '-' | '+' => true,
        '*' => second.is_none_or(|c| c == ' ' || c == '\t') || only('*'),
        '=' | '_' => only(first),
        '`' | '~' => rest.starts_with("```") || rest.starts_with("~~~"),
        _ => false,
    };
    if needs {
        return format!("\\{rest}");
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &rest[..digits], &rest[digits..]);
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::segment::{Part, SegmentOptions, segment};
    use super::*;
    use serde::Deserialize;

    use super::super::segment::tests::{SEEDS, seed};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ExcerptFm {
        title: String,
        source: String,
        section_path: Vec<String>,
        order: usize,
        part: Part,
        topics: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SourceFm {
        title: String,
        doc_type: Option<String>,
        level: Option<String>,
        year: Option<i32>,
    }

    /// Splits `---\n<yaml>---\n<body>`.
    fn split(contents: &str) -> (&str, &str) {
        let rest = contents.strip_prefix("---\n").expect("front matter start");
        let end = rest.find("\n---\n").expect("front matter end");
        (&rest[..end + 1], &rest[end + 5..])
    }

    fn planned(name: &str) -> (Report, String, Vec<PlannedFile>) {
        let r = segment(&seed(name), &SegmentOptions::default()).unwrap();
        let slug = source_slug(&r.title);
        let files = plan(&r, &slug, None, None);
        (r, slug, files)
    }

    #[test]
    fn slug_examples() {
        assert_eq!(
            source_slug("X分局党委全面从严治党主体责任情况报告"),
            "x-fen-ju-dang-wei-quan-mian-cong-yan-zhi-dang-zhu-ti-ze-ren-qing-kuang-bao-gao"
        );
        assert_eq!(
            source_slug("ｘ县2021年“绿色”工作"),
            "x-xian-2021-nian-lv-se-gong-zuo"
        );
        assert_eq!(source_slug("《》——"), "untitled");
        let long = source_slug(&"党".repeat(40));
        assert!(long.len() <= MAX_SLUG_LEN && long.ends_with("dang") && !long.ends_with('-'));
        assert_eq!(source_slug(&"a".repeat(100)).len(), MAX_SLUG_LEN);
    }

    #[test]
    fn plan_is_idempotent() {
        for name in SEEDS {
            let (r, slug, files) = planned(name);
            assert_eq!(files, plan(&r, &slug, None, None), "{name}");
            let again = segment(&seed(name), &SegmentOptions::default()).unwrap();
            assert_eq!(files, plan(&again, &slug, None, None), "{name}");
        }
    }

    #[test]
    fn planned_front_matter_parses_and_round_trips() {
        for name in SEEDS {
            let (r, slug, files) = planned(name);
            assert_eq!(files.len(), r.items.len() + 1);
            assert_eq!(files[0].rel_path, format!("sources/{slug}.md"));
            let (yaml, body) = split(&files[0].contents);
            let src: SourceFm =
                serde_yaml_ng::from_str(yaml).unwrap_or_else(|e| panic!("{name}: {e}\n{yaml}"));
            assert_eq!(src.title, r.title);
            assert!(body.contains(&format!("共 {} 条摘录", r.items.len())));
            for (f, item) in files[1..].iter().zip(&r.items) {
                assert_eq!(f.rel_path, format!("excerpts/{slug}/{:03}.md", item.order));
                let (yaml, body) = split(&f.contents);
                let fm: ExcerptFm = serde_yaml_ng::from_str(yaml)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", f.rel_path));
                assert_eq!(fm.title, item.title);
                assert_eq!(fm.source, slug);
                assert_eq!(fm.section_path, item.section_path);
                assert_eq!(fm.order, item.order);
                assert_eq!(fm.part, item.part);
                assert_eq!(fm.topics, item.topics);
                // The seeds need no escaping: the body is the item text.
                assert_eq!(body, format!("{}\n", item.text));
            }
        }
    }

    #[test]
    fn source_guesses_for_seeds() {
        // (title, doc_type, level, year)
        type Expect<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<i32>);
        let expect: [Expect; 5] = [
            (
                "全面从严治党主体责任情况报告",
                Some("主体责任报告"),
                None,
                None,
            ),
            (
                "全县自然资源系统全面从严治党工作会议",
                Some("工作会议讲话"),
                Some("区县"),
                Some(2021),
            ),
            (
                "领导班子巡察整改专题民主生活会对照检查材料",
                Some("对照检查材料"),
                None,
                None,
            ),
            (
                "关于落实全面从严治党主体责任情况通报",
                Some("情况通报"),
                Some("市级"),
                Some(2019),
            ),
            (
                "区委书记巡视整改专题民主生活会对照检查材料",
                Some("对照检查材料"),
                Some("区县"),
                None,
            ),
        ];
        for (name, (title, doc_type, level, year)) in SEEDS.iter().zip(expect) {
            let (_, _, files) = planned(name);
            let src: SourceFm = serde_yaml_ng::from_str(split(&files[0].contents).0).unwrap();
            assert_eq!(src.title, title);
            assert_eq!(src.doc_type.as_deref(), doc_type, "{name}");
            assert_eq!(src.level.as_deref(), level, "{name}");
            assert_eq!(src.year, year, "{name}");
        }
        let (r, slug, _) = planned(SEEDS[0]);
        let files = plan(&r, &slug, Some(2019), Some("述职报告"));
        let src: SourceFm = serde_yaml_ng::from_str(split(&files[0].contents).0).unwrap();
        assert_eq!(
            (src.year, src.doc_type.as_deref()),
            (Some(2019), Some("述职报告"))
        );
    }

    #[test]
    fn markdown_escapes_only_block_starts() {
        assert_eq!(markdown_body("# 标题"), "\\# 标题");
        assert_eq!(
            markdown_body("> 引用\n- 列表\n+ 加\n* 星"),
            "\\> 引用\n\\- 列表\n\\+ 加\n\\* 星"
        );
        assert_eq!(
            markdown_body("1.加强学习\n12) 项"),
            "1\\.加强学习\n12\\) 项"
        );
        assert_eq!(markdown_body("**加粗**开头"), "**加粗**开头");
        assert_eq!(
            markdown_body("***\n===\n```rust"),
            "\\***\n\\===\n\\```rust"
        );
        assert_eq!(
            markdown_body("一是加强学习。2019年以来，成效明显。"),
            "一是加强学习。2019年以来，成效明显。"
        );
        assert_eq!(markdown_body("2019年"), "2019年");
    }

    #[test]
    fn many_items_widen_the_number() {
        let text: String = (0..1001).map(|i| format!("第{i}段内容。\n\n")).collect();
        let r = segment(&text, &SegmentOptions::default()).unwrap();
        assert_eq!(r.items.len(), 1001);
        let files = plan(&r, "s", None, None);
        assert_eq!(files[1].rel_path, "excerpts/s/0001.md");
        assert_eq!(files[1001].rel_path, "excerpts/s/1001.md");
    }
}
