//! Report splitter of `tifa import`: turns the raw text of a pasted report
//! (plain text or Markdown, already UTF-8 with LF line endings) into its
//! title, its headings, one [`Item`] per paragraph or enumerated point, and
//! the junk lines it dropped. Pure functions, no I/O.
//!
//! Every non-blank character of the input ends up in exactly one place:
//! a heading (`Report::headings`, the document title included), an item's
//! `text`, or `Report::removed`. Item texts are exact slices of the input
//! (`Item::span`), never rewritten.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

/// Built-in junk substrings, taken from the ads and disclaimers that report
/// sharing sites put around pasted documents (seeds 000, 002, 003) and their
/// usual variants. Matched with whitespace removed and ASCII case folded.
pub const DEFAULT_JUNK_PATTERNS: &[&str] = &[
    "投稿，仅供学习参考",
    "仅供学习参考",
    "请勿照搬照抄",
    "仅供学习 禁止外传",
    "禁止外传",
    "会员群",
    "QQ群",
    "ＱＱ群",
    "微信群",
    "订阅",
    "举报倒卖",
    "倒卖活动",
    "倒卖会员",
    "自建平台",
    "实时分享",
    "会员资料",
    "会员材料",
    "关注公众号",
    "关注微信公众号",
    "扫码关注",
    "免费领取",
    "转载请注明",
    "版权归原作者",
    "如有侵权",
    "侵删",
    "更多范文",
    "范文网",
    "下载地址",
    "提取码",
    "http://",
    "https://",
    "www.",
];

/// Default for [`SegmentOptions::max_junk_line_chars`].
pub const DEFAULT_MAX_JUNK_LINE_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentOptions {
    /// Substrings; a line containing one is junk. Compared with all
    /// whitespace removed and ASCII letters case-folded.
    pub junk_patterns: Vec<String>,
    /// A line with more non-space characters than this is never junk:
    /// real paragraphs can mention words such as 订阅 (订阅党报党刊).
    pub max_junk_line_chars: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            junk_patterns: DEFAULT_JUNK_PATTERNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            max_junk_line_chars: DEFAULT_MAX_JUNK_LINE_CHARS,
        }
    }
}

/// What an item is about within the report (see `part_of` for the rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Achievement,
    Problem,
    Cause,
    Measure,
    Requirement,
    Other,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Achievement => "achievement",
            Part::Problem => "problem",
            Part::Cause => "cause",
            Part::Measure => "measure",
            Part::Requirement => "requirement",
            Part::Other => "other",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The document title (first heading-like line or `# …`), cleaned of `**`
    /// and `#`. Without such a line it is derived from the opening paragraph
    /// (`召开…会议`, else its first clause); then no level-0 heading exists.
    pub title: String,
    /// All heading lines and in-paragraph heading sentences, in order.
    pub headings: Vec<Heading>,
    pub items: Vec<Item>,
    pub removed: Vec<RemovedLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1-based input line.
    pub line: usize,
    /// 0 = document title; 1 = `一、`, `第一部分`, a bare heading line or an
    /// unnumbered Markdown heading; 2 = `（一）`; 3 = `1.`/`1、`; 4 = `（1）`.
    /// A level is a kind of numbering: a document may skip one.
    pub level: usize,
    /// Cleaned: numbering, `#`, `**` and trailing punctuation removed.
    pub title: String,
    /// The exact input text of the heading (marker and terminator included).
    pub raw: String,
    /// Byte range of `raw` in the input.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// 1-based position in the report.
    pub order: usize,
    /// 1-based input line where the item starts.
    pub line: usize,
    /// Titles of the headings above it, outermost first.
    pub section_path: Vec<String>,
    pub part: Part,
    /// At most three, in order of first occurrence in section path + text.
    pub topics: Vec<String>,
    pub title: String,
    /// The exact input text (markers such as 一是 and labels such as
    /// 原因分析： kept).
    pub text: String,
    /// Byte range of `text` in the input.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// 1-based input line.
    pub line: usize,
    /// The line without surrounding whitespace.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based input line where segmentation gave up.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ImportError {}

/// Longest heading sentence (in chars) after a numbering marker; a longer
/// first sentence means the marker numbers a paragraph, not a heading.
const MAX_HEADING_CHARS: usize = 64;
/// Longest title line at the top of the document.
const MAX_TITLE_CHARS: usize = 60;
/// Longest unnumbered line that can be a bare heading (基本情况和主要工作).
const MAX_BARE_HEADING_CHARS: usize = 25;
/// Longest label before `：` that belongs to its paragraph (原因分析：).
const MAX_LABEL_CHARS: usize = 10;
/// Item titles are cut to this many chars, at a 、/，boundary when possible.
const MAX_ITEM_TITLE_CHARS: usize = 30;
/// A title without a good boundary may run this long rather than be cut
/// mid-word ("总的来看，分局党委…取得了一些成绩" is 31 chars).
const MAX_ITEM_TITLE_SLACK: usize = 36;
/// A first clause shorter than this (下一步，近年来，) is extended by the next.
const MIN_CLAUSE_CHARS: usize = 8;
const MAX_TOPICS: usize = 3;

/// Whitespace for trimming and for the conservation rule; includes the
/// invisible format characters that web pastes carry.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Segments one report. See the module docs and the rules on each helper.
pub fn segment(text: &str, opts: &SegmentOptions) -> Result<Report, ImportError> {
    let lines = split_lines(text);
    check_binary(&lines)?;
    let kinds = classify_lines(&lines, opts)?;
    let removed: Vec<RemovedLine> = lines
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == Kind::Junk)
        .map(|(l, _)| RemovedLine {
            line: l.no,
            text: l.text.to_string(),
        })
        .collect();
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] == Kind::Content)
        .collect();
    let Some(&last_content) = content.last() else {
        let message = if removed.is_empty() {
            "no text in the input"
        } else {
            "no text left after removing junk lines"
        };
        return Err(ImportError {
            line: lines.len().max(1),
            message: message.to_string(),
        });
    };
    let has_sentences = content.iter().any(|&i| {
        lines[i]
            .text
            .contains(['。', '，', '；', '！', '？', ',', '.', ';', '!', '?'])
    });
    let has_numbered = content
        .iter()
        .any(|&i| analyze_line(lines[i].text).marker.is_some());
    if !has_sentences && !has_numbered {
        return Err(ImportError {
            line: lines[last_content].no,
            message: "nothing that looks like a heading or a paragraph (no sentence punctuation, no numbered headings)".to_string(),
        });
    }

    let mut b = Builder::new(text);
    let mut rest = &content[..];
    // The document title: the first content line if it is a `#` heading
    // without numbering, or short, unnumbered and without sentence punctuation.
    let mut title_hashes = 0;
    if let [first, tail @ ..] = rest {
        let l = &lines[*first];
        let info = analyze_line(l.text);
        if !tail.is_empty()
            && info.marker.is_none()
            && (info.md_hashes > 0 || looks_like_title(l.text))
        {
            title_hashes = info.md_hashes;
            b.headings.push(Heading {
                line: l.no,
                level: 0,
                title: clean_heading(l.text),
                raw: l.text.to_string(),
                span: l.start..l.start + l.text.len(),
            });
            rest = tail;
        }
    }
    let blocks = build_blocks(&lines, rest, title_hashes);
    for blk in &blocks {
        b.block(blk);
    }
    if b.drafts.is_empty() {
        return Err(ImportError {
            line: lines[last_content].no,
            message: "only headings found, no paragraph text".to_string(),
        });
    }
    Ok(b.finish(removed))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Junk,
    Content,
}

struct Line<'a> {
    no: usize,
    /// Byte offset of `text` in the input.
    start: usize,
    /// The line without surrounding whitespace.
    text: &'a str,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut off = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let lead = raw.len() - raw.trim_start_matches(is_space).len();
        out.push(Line {
            no: i + 1,
            start: off + lead,
            text: raw.trim_matches(is_space),
        });
        off += raw.len() + 1;
    }
    out
}

/// NUL anywhere, or control/replacement characters making up more than 5% of
/// the text, means the file is not a text report (or was decoded wrongly).
fn check_binary(lines: &[Line]) -> Result<(), ImportError> {
    let (mut bad, mut total, mut first_bad) = (0usize, 0usize, None);
    for l in lines {
        for c in l.text.chars() {
            if c == '\0' {
                return Err(ImportError {
                    line: l.no,
                    message: "NUL byte: this looks like a binary file, not a text report"
                        .to_string(),
                });
            }
            if is_space(c) {
                continue;
            }
            total += 1;
            if c.is_control() || c == '\u{fffd}' {
                bad += 1;
                first_bad.get_or_insert(l.no);
            }
        }
    }
    match first_bad {
        Some(line) if bad * 20 > total => Err(ImportError {
            line,
            message: format!(
                "{bad} control or undecodable characters: binary-looking content or wrong encoding"
            ),
        }),
        _ => Ok(()),
    }
}

/// Junk is (a) a short line containing a junk pattern, (b) a line with no
/// letters at all (separators such as `———`, page numbers), (c) a short line
/// wedged between two pattern-junk lines (the unmatched lines of an ad block,
/// e.g. a site's name), unless it names a document type.
fn classify_lines(lines: &[Line], opts: &SegmentOptions) -> Result<Vec<Kind>, ImportError> {
    let pats: Vec<String> = opts
        .junk_patterns
        .iter()
        .map(|p| p.chars().filter(|c| !is_space(*c)).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&pats)
        .map_err(|e| ImportError {
            line: 1,
            message: format!("invalid junk patterns: {e}"),
        })?;
    let mut kinds = Vec::with_capacity(lines.len());
    let mut by_pattern = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if l.text.is_empty() {
            kinds.push(Kind::Blank);
            continue;
        }
        let squeezed: String = l.text.chars().filter(|c| !is_space(*c)).collect();
        let n = squeezed.chars().count();
        if n <= opts.max_junk_line_chars && !pats.is_empty() && ac.is_match(&squeezed) {
            by_pattern[i] = true;
            kinds.push(Kind::Junk);
        } else if is_decoration(&squeezed) {
            kinds.push(Kind::Junk);
        } else {
            kinds.push(Kind::Content);
        }
    }
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] != Kind::Blank)
        .collect();
    for w in non_blank.windows(3) {
        let (prev, mid, next) = (w[0], w[1], w[2]);
        let t = lines[mid].text;
        if kinds[mid] == Kind::Content
            && by_pattern[prev]
            && by_pattern[next]
            && t.chars().count() <= 30
            && !DOC_TITLE_WORDS.iter().any(|w| t.contains(w))
            && analyze_line(t).marker.is_none()
        {
            kinds[mid] = Kind::Junk;
        }
    }
    Ok(kinds)
}

/// Words that make a short line a document title rather than an ad.
const DOC_TITLE_WORDS: [&str; 10] = [
    "报告", "材料", "讲话", "通报", "总结", "发言", "意见", "方案", "通知", "情况",
];

/// A line without any letter or CJK character (rules, dots), or a bare page
/// number such as `- 3 -`, `12`, `第3页`.
fn is_decoration(squeezed: &str) -> bool {
    if !squeezed.chars().any(char::is_alphanumeric) {
        return true;
    }
    let core = squeezed.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–'));
    let core = core
        .strip_prefix('第')
        .and_then(|c| c.strip_suffix('页'))
        .unwrap_or(core);
    !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit())
}

fn looks_like_title(text: &str) -> bool {
    let t = clean_heading(text);
    let n = t.chars().count();
    (2..=MAX_TITLE_CHARS).contains(&n)
        && !text.contains(['。', '；', '！', '？', ';', '!', '?'])
        && !text.ends_with(['：', ':'])
}

/// What a single line looks like on its own.
#[derive(Debug, Clone, Default)]
struct LineInfo {
    /// Number of leading `#` (Markdown heading), 0 if none.
    md_hashes: usize,
    /// Numbering marker at the start: (rank, byte offset just after it).
    marker: Option<(usize, usize)>,
    /// A heading found at the start of the line.
    heading: Option<HeadHit>,
    /// Whole line wrapped in `**…**` without numbering.
    bold_line: bool,
}

#[derive(Debug, Clone)]
struct HeadHit {
    rank: usize,
    title: String,
    /// Byte offset (in the line) where the heading's raw text ends.
    end: usize,
}

impl LineInfo {
    fn heading_only(&self, text: &str) -> bool {
        self.heading
            .as_ref()
            .is_some_and(|h| text[h.end..].trim_matches(is_space).is_empty())
    }
}

fn analyze_line(text: &str) -> LineInfo {
    let mut info = LineInfo::default();
    let mut p = 0;
    let hashes = text.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        info.md_hashes = hashes;
        p = hashes;
        p += text[p..].len() - text[p..].trim_start_matches(is_space).len();
    }
    let bold = text[p..].starts_with("**");
    if bold {
        p += 2;
    }
    if let Some((rank, len)) = parse_marker(&text[p..]) {
        let q = p + len;
        let q = q + (text[q..].len() - text[q..].trim_start_matches(is_space).len());
        info.marker = Some((rank, q));
        if let Some((title_end, mut end)) = heading_end(&text[q..], MAX_HEADING_CHARS) {
            end += q;
            if text[end..].starts_with("**") {
                end += 2;
            }
            info.heading = Some(HeadHit {
                rank,
                title: clean_heading(&text[q..q + title_end]),
                end,
            });
        }
    } else if info.md_hashes > 0 {
        info.heading = Some(HeadHit {
            rank: info.md_hashes,
            title: clean_heading(text),
            end: text.len(),
        });
    } else if bold && text.len() > 4 && text.ends_with("**") {
        info.bold_line = true;
    }
    info
}

/// Numbering at the start of `s`: returns (rank, byte length).
/// `一、`/`一．`/`第一部分` → 1, `（一）` in any width mix → 2,
/// `1.`/`1、`/`1．` → 3, `（1）` → 4.
fn parse_marker(s: &str) -> Option<(usize, usize)> {
    let cn = |s: &str| -> usize {
        s.chars()
            .take_while(|c| cn_digit(*c).is_some())
            .take(3)
            .map(char::len_utf8)
            .sum()
    };
    let digits = |s: &str| -> usize {
        s.chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .take(2)
            .map(char::len_utf8)
            .sum()
    };
    let starts_digit = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    // 一、 一． 一.
    let n = cn(s);
    if n > 0 && cn_value(&s[..n]).is_some() {
        let r = &s[n..];
        for sep in ["、", "．"] {
            if r.starts_with(sep) {
                return Some((1, n + sep.len()));
            }
        }
        if r.starts_with('.') && !starts_digit(&r[1..]) {
            return Some((1, n + 1));
        }
    }
    // 第一部分
    if let Some(r) = s.strip_prefix('第') {
        let n = cn(r);
        if n > 0 && r[n..].starts_with("部分") {
            let mut len = '第'.len_utf8() + n + "部分".len();
            for sep in ["、", "：", ":", "，"] {
                if s[len..].starts_with(sep) {
                    len += sep.len();
                    break;
                }
            }
            return Some((1, len));
        }
    }
    // （一） (一) (一） （一) and （1）
    if let Some(open) = s.chars().next().filter(|c| matches!(c, '（' | '(')) {
        let r = &s[open.len_utf8()..];
        let (n, rank) = match cn(r) {
            0 => (digits(r), 4),
            n => (n, 2),
        };
        if n > 0 && (rank == 4 || cn_value(&r[..n]).is_some()) {
            if let Some(close) = r[n..].chars().next().filter(|c| matches!(c, '）' | ')')) {
                return Some((rank, open.len_utf8() + n + close.len_utf8()));
            }
        }
    }
    // 1. 1、 1．
    let n = digits(s);
    if n > 0 {
        let r = &s[n..];
        for sep in ["、", "．", "."] {
            if let Some(after) = r.strip_prefix(sep) {
                if !starts_digit(after) {
                    return Some((3, n + sep.len()));
                }
            }
        }
    }
    None
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// Value of a Chinese numeral from 一 to 九十九; None for runs such as 一一.
fn cn_value(s: &str) -> Option<u32> {
    let d: Vec<u32> = s.chars().map(cn_digit).collect::<Option<_>>()?;
    match d.as_slice() {
        [x] => Some(*x),
        [10, x] if *x < 10 => Some(10 + x),
        [x, 10] if *x > 1 && *x < 10 => Some(x * 10),
        [x, 10, y] if *x > 1 && *x < 10 && *y < 10 => Some(x * 10 + y),
        _ => None,
    }
}

/// End of the heading sentence at the start of `s`: the first `。！？；：`
/// outside brackets/quotes within `max` chars, or the end of the line if the
/// whole line is short. Returns (end of title text, end incl. terminator).
fn heading_end(s: &str, max: usize) -> Option<(usize, usize)> {
    let mut depth = 0i32;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= max {
            return None;
        }
        match c {
            '“' | '《' | '（' | '(' | '「' | '『' | '‘' | '【' | '[' => depth += 1,
            '”' | '》' | '）' | ')' | '」' | '』' | '’' | '】' | ']' => {
                depth = (depth - 1).max(0)
            }
            '\n' => return Some((i, i)),
            '。' | '！' | '？' | '；' | '：' | ';' | ':' | '!' | '?' if depth == 0 => {
                return Some((i, i + c.len_utf8()));
            }
            _ => {}
        }
    }
    Some((s.len(), s.len()))
}

/// Title text of a heading: numbering, `#`, `**` and edge punctuation removed.
fn clean_heading(s: &str) -> String {
    let s = s.replace("**", "");
    let s = s.trim_start_matches(|c: char| c == '#' || is_space(c));
    let s = match parse_marker(s) {
        Some((_, len)) => &s[len..],
        None => s,
    };
    trim_punct(s).to_string()
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                '。' | '，'
                    | '、'
                    | '；'
                    | '：'
                    | ';'
                    | ':'
                    | ','
                    | '.'
                    | '!'
                    | '?'
                    | '！'
                    | '？'
                    | '…'
                    | '—'
                    | '*'
                    | '#'
            )
    })
}

/// True if a line ends a sentence, so the next line starts a new paragraph.
fn ends_sentence(text: &str) -> bool {
    let mut rev = text.chars().rev();
    let Some(last) = rev.next() else { return true };
    let terminal = |c: char| {
        matches!(
            c,
            '。' | '！' | '？' | '；' | '：' | '…' | ':' | '!' | '?' | ';' | '.'
        )
    };
    terminal(last)
        || (matches!(last, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '*')
            && rev.next().is_some_and(terminal))
}

/// A run of input that is processed as one unit: a heading line, or a
/// paragraph (one line, or several when a line breaks mid-sentence).
struct Block {
    start: usize,
    end: usize,
    info: LineInfo,
    bare: bool,
    heading_only: bool,
}

/// Groups content lines into blocks. A line continues the previous block
/// when it directly follows it, neither is a heading, it does not start with
/// numbering, and the previous line does not end a sentence (seed 004 breaks
/// `"各打五十大板"` / `的办法予以办结` over two lines). In a Markdown-style
/// document (most lines followed by a blank line) adjacent lines are one
/// paragraph even after a `。`, as Markdown renders them (hard-wrapped text).
fn build_blocks(lines: &[Line], content: &[usize], title_hashes: usize) -> Vec<Block> {
    let blank_after = content
        .iter()
        .filter(|&&i| lines.get(i + 1).is_some_and(|l| l.text.is_empty()))
        .count();
    let md_style = blank_after * 2 > content.len();
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last block can take continuation lines, and its last line.
    let mut open: Option<usize> = None;
    for (k, &i) in content.iter().enumerate() {
        let l = &lines[i];
        let mut info = analyze_line(l.text);
        if info.marker.is_none() {
            if let Some(h) = info.heading.as_mut() {
                // `# T` as title makes `## A` the first level.
                h.rank = info.md_hashes.saturating_sub(title_hashes).max(1);
            }
        }
        let prev_adjacent = open.filter(|&j| j + 1 == i);
        let bare = info.marker.is_none()
            && info.heading.is_none()
            && is_bare_heading(l.text, info.bold_line)
            && prev_adjacent.is_none()
            && content.get(k + 1).is_some_and(|&n| {
                let t = lines[n].text;
                analyze_line(t).marker.is_some() || t.contains(['。', '，', '；', '！', '？'])
            });
        let headingish = bare || info.heading.is_some() || info.marker.is_some();
        if let (Some(_), false) = (prev_adjacent, headingish) {
            if let Some(last) = blocks.last_mut() {
                last.end = l.start + l.text.len();
                open = (md_style || !ends_sentence(l.text)).then_some(i);
                continue;
            }
        }
        let heading_only = bare || info.heading_only(l.text);
        open = (!heading_only && (md_style || !ends_sentence(l.text))).then_some(i);
        blocks.push(Block {
            start: l.start,
            end: l.start + l.text.len(),
            info,
            bare,
            heading_only,
        });
    }
    demote_empty_headings(&mut blocks);
    blocks
}

/// A numbered level-2+ heading line with nothing under it (the next block is
/// a sibling or a higher heading, or there is none) is a one-line point of a
/// list (`2、压实责任，层层传导。`), not a section: it becomes an item.
fn demote_empty_headings(blocks: &mut [Block]) {
    let ranks: Vec<Option<usize>> = blocks
        .iter()
        .map(|b| match (&b.info.heading, b.bare) {
            (_, true) => Some(1),
            (Some(h), _) => Some(h.rank),
            (None, _) => b.info.marker.map(|m| m.0),
        })
        .collect();
    for (k, b) in blocks.iter_mut().enumerate() {
        let Some(rank) = b.info.heading.as_ref().map(|h| h.rank) else {
            continue;
        };
        if b.info.marker.is_none() || rank < 2 || !b.heading_only {
            continue;
        }
        let empty = match ranks.get(k + 1) {
            None => true,
            Some(None) => false,
            Some(Some(r)) => *r <= rank,
        };
        if empty {
            b.info.heading = None;
            b.heading_only = false;
        }
    }
}

/// An unnumbered line such as `基本情况和主要工作`: short and without any
/// sentence punctuation (a bold-wrapped line may be a bit longer).
fn is_bare_heading(text: &str, bold: bool) -> bool {
    let t = clean_heading(text);
    let n = t.chars().count();
    let max = if bold {
        MAX_HEADING_CHARS
    } else {
        MAX_BARE_HEADING_CHARS
    };
    (2..=max).contains(&n)
        && !text.contains(['。', '，', '；', '！', '？', '：', ',', ';', ':', '!', '?'])
        && !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日'))
}

/// Internal heading record with what the part rule needs.
struct HeadInfo {
    rank: usize,
    title: String,
    part: Option<Part>,
    /// Bit set of every part the heading's words name.
    named: u8,
    has_children: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DraftKind {
    /// A paragraph or a heading's body without enumeration.
    Plain,
    /// Text before the first 一是 of a paragraph.
    Intro,
    /// A 一是/第一，run, or a numbered paragraph that is not a heading.
    Marker,
}

struct Draft {
    span: Range<usize>,
    title: String,
    kind: DraftKind,
    /// Indices into `Builder::heads`, outermost first.
    stack: Vec<usize>,
    /// Part stated by the paragraph itself (label or intro sentence).
    cue: Option<Part>,
}

struct Builder<'a> {
    input: &'a str,
    line_starts: Vec<usize>,
    headings: Vec<Heading>,
    heads: Vec<HeadInfo>,
    stack: Vec<usize>,
    drafts: Vec<Draft>,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(input.match_indices('\n').map(|(i, _)| i + 1));
        Builder {
            input,
            line_starts,
            headings: Vec::new(),
            heads: Vec::new(),
            stack: Vec::new(),
            drafts: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    fn pop_to(&mut self, rank: usize) {
        while self
            .stack
            .last()
            .is_some_and(|&h| self.heads[h].rank >= rank)
        {
            self.stack.pop();
        }
    }

    /// Records a heading; pushes it on the section stack unless its title is empty.
    fn push_heading(&mut self, rank: usize, title: String, span: Range<usize>) {
        self.pop_to(rank);
        self.headings.push(Heading {
            line: self.line_of(span.start),
            level: rank,
            title: title.clone(),
            raw: self.input[span.clone()].to_string(),
            span,
        });
        if title.is_empty() {
            return;
        }
        if let Some(&parent) = self.stack.last() {
            self.heads[parent].has_children = true;
        }
        let (part, named) = heading_part(&title);
        self.heads.push(HeadInfo {
            rank,
            title,
            part,
            named,
            has_children: false,
        });
        self.stack.push(self.heads.len() - 1);
    }

    fn block(&mut self, blk: &Block) {
        let text = &self.input[blk.start..blk.end];
        let mut body_start = blk.start;
        let mut lead = None;
        if blk.bare {
            self.push_heading(1, clean_heading(text), blk.start..blk.end);
            return;
        }
        if let Some(h) = &blk.info.heading {
            self.push_heading(h.rank, h.title.clone(), blk.start..blk.start + h.end);
            body_start = blk.start + h.end;
        } else if let Some((rank, after)) = blk.info.marker {
            // Numbered paragraph whose first sentence is too long to be a
            // heading: it closes the sibling section and is an item itself.
            self.pop_to(rank);
            lead = Some(blk.start + after);
        } else if text.starts_with("同志们") {
            // A speech's closing address stands outside the last section.
            self.stack.clear();
        }
        let body = &self.input[body_start..blk.end];
        let trimmed = body.trim_start_matches(is_space);
        let start = body_start + body.len() - trimmed.len();
        if start < blk.end {
            self.body(start..blk.end, lead);
        }
    }

    /// Splits a paragraph body into items: an optional intro, then one item
    /// per 一是/第一，marker. A short label ending in `：` (原因分析：,
    /// 主要表现在：) stays with the text that follows it.
    fn body(&mut self, span: Range<usize>, lead: Option<usize>) {
        let input = self.input;
        let body = &input[span.clone()];
        let label = find_label(body);
        let from = label.unwrap_or(0);
        let markers = find_item_markers(body, from);
        let label_part = label.and_then(|end| heading_part(&body[..end]).0);
        let Some(&(first, _)) = markers.first() else {
            let stack = self.stack.clone();
            let title = match lead.and_then(|l| input.get(l..span.end)) {
                Some(after_marker) => lead_phrase(after_marker),
                None => first_clause(&body[from..]),
            };
            let kind = if lead.is_some() {
                DraftKind::Marker
            } else {
                DraftKind::Plain
            };
            self.drafts.push(Draft {
                span,
                title,
                kind,
                stack,
                cue: label_part,
            });
            return;
        };
        let intro = &body[from..first];
        let cue = label_part.or_else(|| intro_cue(&body[..first]));
        if let Some(c) = cue {
            // An enumeration stating a part its sub-section does not name
            // (problems listed after the last achievement heading) is a
            // passage of its own under the level-1 section.
            let decider = self.stack.iter().find(|&&h| self.heads[h].part.is_some());
            if decider.is_some_and(|&h| self.heads[h].named & c.bit() == 0) {
                self.pop_to(2);
            }
        }
        let stack = self.stack.clone();
        let mut starts: Vec<(usize, usize)> = markers
            .iter()
            .map(|&(s, e)| (span.start + s, span.start + e))
            .collect();
        if intro.trim_matches(is_space).is_empty() {
            starts[0].0 = span.start;
        } else {
            let end = span.start + body[..first].trim_end_matches(is_space).len();
            let title = match lead.and_then(|l| input.get(l..end)) {
                Some(after_marker) => lead_phrase(after_marker),
                None => first_clause(intro),
            };
            self.drafts.push(Draft {
                span: span.start..end,
                title,
                kind: DraftKind::Intro,
                stack: stack.clone(),
                cue,
            });
        }
        for (k, &(s, lead_at)) in starts.iter().enumerate() {
            let e = starts.get(k + 1).map_or(span.end, |n| n.0);
            let e = s + input[s..e].trim_end_matches(is_space).len();
            self.drafts.push(Draft {
                span: s..e,
                title: lead_phrase(&input[lead_at..e]),
                kind: DraftKind::Marker,
                stack: stack.clone(),
                cue,
            });
        }
    }

    fn finish(mut self, removed: Vec<RemovedLine>) -> Report {
        infer_l1_parts(&mut self.heads);
        // A numbered heading (level 2+) with exactly one unnumbered paragraph
        // and no sub-headings titles that paragraph: "政治站位进一步提升"
        // says more than the body's first clause "全市各级党组织坚持…".
        let mut direct = vec![0usize; self.heads.len()];
        for d in &self.drafts {
            if let Some(&h) = d.stack.last() {
                direct[h] += 1;
            }
        }
        let title = match (
            self.headings.first().filter(|h| h.level == 0),
            self.drafts.first(),
        ) {
            (Some(h), _) => h.title.clone(),
            (None, Some(d)) => derive_title(&self.input[d.span.clone()]),
            (None, None) => String::new(),
        };
        let topics_ac = topic_matcher();
        let items = self
            .drafts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let section_path: Vec<String> = d
                    .stack
                    .iter()
                    .map(|&h| self.heads[h].title.clone())
                    .collect();
                let text = &self.input[d.span.clone()];
                let mut title = d.title.clone();
                if let Some(&h) = d.stack.last() {
                    let head = &self.heads[h];
                    if d.kind == DraftKind::Plain
                        && head.rank >= 2
                        && direct[h] == 1
                        && !head.has_children
                    {
                        title = heading_as_title(&head.title);
                    }
                }
                if title.is_empty() || !title.chars().any(char::is_alphabetic) {
                    title = first_clause(text);
                }
                if !title.chars().any(char::is_alphabetic) {
                    title = section_path
                        .last()
                        .cloned()
                        .unwrap_or_else(|| format!("第{}段", i + 1));
                }
                Item {
                    order: i + 1,
                    line: self.line_of(d.span.start),
                    part: part_of(&d.stack, d.cue, &self.heads),
                    topics: topics(topics_ac, &section_path, text),
                    section_path,
                    title,
                    text: text.to_string(),
                    span: d.span.clone(),
                }
            })
            .collect();
        Report {
            title,
            headings: self.headings,
            items,
            removed,
        }
    }
}

/// `原因分析：` / `主要表现在：` at the start of a paragraph: up to
/// MAX_LABEL_CHARS chars before a colon, with no other punctuation.
/// Returns the byte offset after the colon.
fn find_label(body: &str) -> Option<usize> {
    if item_marker_at(body).is_some() {
        return None;
    }
    for (n, (i, c)) in body.char_indices().enumerate() {
        if n > MAX_LABEL_CHARS {
            return None;
        }
        match c {
            '：' | ':' if n >= 2 => return Some(i + c.len_utf8()),
            c if c.is_alphanumeric() || is_space(c) => {}
            _ => return None,
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Shi,
    Yao,
    Di,
}

/// Enumeration markers in a paragraph: `一是…二是…`, `一要…二要…`,
/// `第一，…第二，…`. A marker counts only at the start of the text or after
/// a sentence break (`。；：！？` or a line break; also `，` once a run has
/// started), so words such as 统一是 never split. The first marker must be
/// 一/第一; later ones may come in any order (seed 000 has 一二四三) but
/// must be of the same family. Returns (start, end of marker) byte offsets.
fn find_item_markers(body: &str, from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut family: Option<Family> = None;
    let mut at_break = true;
    for (i, c) in body[from..].char_indices() {
        let i = i + from;
        if at_break {
            if let Some((fam, value, len)) = item_marker_at(&body[i..]) {
                if family.map_or(value == 1, |f| f == fam) {
                    family = Some(fam);
                    out.push((i, i + len));
                }
            }
        }
        if c == '\n' {
            at_break = true;
        } else if !is_space(c) {
            at_break = matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?' | '：' | ':')
                || (family.is_some() && matches!(c, '，' | ','));
        }
    }
    out
}

fn item_marker_at(s: &str) -> Option<(Family, u32, usize)> {
    let num_len = |s: &str| -> usize {
        s.chars()
            .take_while(|c| cn_digit(*c).is_some())
            .take(3)
            .map(char::len_utf8)
            .sum()
    };
    if let Some(r) = s.strip_prefix('第') {
        let n = num_len(r);
        let value = cn_value(&r[..n])?;
        let sep = r[n..]
            .chars()
            .next()
            .filter(|c| matches!(c, '，' | ',' | '、' | '是'))?;
        return Some((Family::Di, value, '第'.len_utf8() + n + sep.len_utf8()));
    }
    let n = num_len(s);
    let value = cn_value(&s[..n])?;
    let fam = match s[n..].chars().next()? {
        '是' => Family::Shi,
        '要' => Family::Yao,
        _ => return None,
    };
    Some((fam, value, n + '是'.len_utf8()))
}

/// Title of an enumerated item: from after the marker to the first `。`
/// or `；`, capped.
fn lead_phrase(s: &str) -> String {
    let s = s.trim_start_matches(is_space);
    let mut depth = 0i32;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        match c {
            '“' | '《' | '「' | '『' => depth += 1,
            '”' | '》' | '」' | '』' => depth = (depth - 1).max(0),
            '\n' => {
                end = i;
                break;
            }
            '。' | '；' | ';' | '！' | '？' | '!' | '?' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    cap_title(&s[..end])
}

/// Title of a plain paragraph: its first clause (up to `。；：，`), extended
/// by the next clause while shorter than MIN_CLAUSE_CHARS (2019年以来，), capped.
fn first_clause(s: &str) -> String {
    let s = s.trim_start_matches(is_space);
    let mut depth = 0i32;
    let mut end = s.len();
    for (n, (i, c)) in s.char_indices().enumerate() {
        match c {
            '“' | '《' | '「' | '『' => depth += 1,
            '”' | '》' | '」' | '』' => depth = (depth - 1).max(0),
            '\n' | '。' | '；' | ';' | '！' | '？' | '!' | '?' => {
                end = i;
                break;
            }
            '，' | '：' | ',' | ':' if depth == 0 && n >= MIN_CLAUSE_CHARS => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    cap_title(&s[..end])
}

/// Cleans a title and cuts it to about MAX_ITEM_TITLE_CHARS: at the last
/// `，` outside quotes/brackets if that keeps at least half, else at the last
/// `、`/`，`; never mid-word when the whole fits in MAX_ITEM_TITLE_SLACK; a
/// hard cut backs off to before an unclosed `《`/`“`.
fn cap_title(s: &str) -> String {
    let cleaned = s.replace("**", "");
    let s = trim_punct(&cleaned);
    let total = s.chars().count();
    if total <= MAX_ITEM_TITLE_CHARS {
        return s.to_string();
    }
    let half = MAX_ITEM_TITLE_CHARS / 2;
    let mut depth = 0i32;
    let mut ascii_quote = false;
    let mut open_at = None;
    let (mut comma, mut any) = (None, None);
    let mut hard = s.len();
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n == MAX_ITEM_TITLE_CHARS {
            hard = i;
            break;
        }
        let inside = depth > 0 || ascii_quote;
        match c {
            '“' | '《' | '「' | '『' | '（' | '(' => {
                if !inside {
                    open_at = Some((n, i));
                }
                depth += 1;
            }
            '”' | '》' | '」' | '』' | '）' | ')' => depth = (depth - 1).max(0),
            '"' => {
                if !inside {
                    open_at = Some((n, i));
                }
                ascii_quote = !ascii_quote;
            }
            '，' | ',' if !inside && n >= 8 => {
                comma = Some((n, i));
                any = comma;
            }
            '、' if !inside && n >= 8 => any = Some((n, i)),
            _ => {}
        }
    }
    let inside_at_hard = depth > 0 || ascii_quote;
    let cut = comma.filter(|(n, _)| *n >= half).or(any);
    let fits = total <= MAX_ITEM_TITLE_SLACK;
    let end = match cut {
        Some((n, _)) if fits && n < half => s.len(),
        Some((_, i)) => i,
        None if fits => s.len(),
        None => match open_at {
            Some((n, i)) if inside_at_hard && n >= 8 => i,
            _ => hard,
        },
    };
    trim_punct(&s[..end]).to_string()
}

/// Title for an item from its heading: `关于"X"方面的问题` (对照检查材料)
/// is titled by X.
fn heading_as_title(h: &str) -> String {
    let inner = h
        .strip_prefix("关于")
        .and_then(|r| r.strip_prefix(['"', '“']))
        .and_then(|r| r.rsplit_once(['"', '”']))
        .filter(|(_, tail)| tail.starts_with("方面"))
        .map(|(x, _)| x);
    cap_title(inner.unwrap_or(h))
}

/// Title for a report without a title line: the meeting named in its opening
/// (`决定今天召开全县…工作会议` → `全县…工作会议`), else the first clause.
fn derive_title(first: &str) -> String {
    if let Some(i) = first.find("召开") {
        let after = &first[i + "召开".len()..];
        for (n, (j, c)) in after.char_indices().enumerate() {
            if !c.is_alphanumeric() || n > 40 {
                break;
            }
            if after[j..].starts_with("会议") {
                let t = &after[..j + "会议".len()];
                if t.chars().count() >= 4 {
                    return t.to_string();
                }
            }
        }
    }
    first_clause(first)
}

/// Heading words → part. Matched leftmost-longest, so 工作要求 beats 要求.
const PART_WORDS: &[(&str, Part)] = &[
    ("工作成效", Part::Achievement),
    ("成效", Part::Achievement),
    ("成绩", Part::Achievement),
    ("回顾", Part::Achievement),
    ("主要工作", Part::Achievement),
    ("基本情况", Part::Achievement),
    ("工作情况", Part::Achievement),
    ("开展情况", Part::Achievement),
    ("主要做法", Part::Achievement),
    ("存在问题", Part::Problem),
    ("问题", Part::Problem),
    ("不足", Part::Problem),
    ("差距", Part::Problem),
    ("短板", Part::Problem),
    ("原因", Part::Cause),
    ("根源", Part::Cause),
    ("剖析", Part::Cause),
    ("根子", Part::Cause),
    ("整改", Part::Measure),
    ("措施", Part::Measure),
    ("努力方向", Part::Measure),
    ("打算", Part::Measure),
    ("思路", Part::Measure),
    ("下一步", Part::Measure),
    ("工作安排", Part::Measure),
    ("工作计划", Part::Measure),
    ("工作要求", Part::Requirement),
    ("要求", Part::Requirement),
];

fn part_matcher() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(PART_WORDS.iter().map(|(w, _)| w))
            .expect("static part words build")
    })
}

/// Part named by a heading (or label). Chinese compounds are head-final, so
/// the last part word wins (问题根源剖析 → cause, 问题整改思路 → measure);
/// in a coordination (X及Y, X和Y, X与Y) the first conjunct that names a part
/// decides (存在问题及原因剖析 → problem). Also returns every part named, so
/// that a sub-block may narrow to one of them (see `part_of`).
fn heading_part(title: &str) -> (Option<Part>, u8) {
    let ac = part_matcher();
    let mut named = 0u8;
    let mut primary = None;
    for conjunct in title.split(['及', '和', '与']) {
        // Only a conjunct's head counts as named: 问题 in 问题根源剖析 is a
        // modifier, so a sub-heading's 不足 must not turn causes into problems.
        let Some(head) = ac
            .find_iter(conjunct)
            .last()
            .map(|m| PART_WORDS[m.pattern().as_usize()].1)
        else {
            continue;
        };
        named |= head.bit();
        primary.get_or_insert(head);
    }
    (primary, named)
}

/// Phrases in the lead-in of an enumeration that say what the list is,
/// whatever the heading says (seed 001 lists problems under 工作回顾:
/// "…管党治党宽松软问题依然存在。一是…"). Causes are checked first because
/// cause lead-ins mention the problems they explain.
const CUES: &[(&str, Part)] = &[
    ("究其原因", Part::Cause),
    ("原因如下", Part::Cause),
    ("原因主要", Part::Cause),
    ("根源在于", Part::Cause),
    ("问题依然存在", Part::Problem),
    ("问题仍然存在", Part::Problem),
    ("存在以下问题", Part::Problem),
    ("存在的主要问题", Part::Problem),
    ("存在一些问题", Part::Problem),
    ("存在诸多问题", Part::Problem),
    ("存在不少问题", Part::Problem),
    ("问题和不足", Part::Problem),
    ("不足之处", Part::Problem),
    ("措施如下", Part::Measure),
    ("以下措施", Part::Measure),
];

fn intro_cue(intro: &str) -> Option<Part> {
    CUES.iter()
        .find(|(w, _)| intro.contains(w))
        .map(|(_, p)| *p)
}

/// Part of an item. Rule, most specific first:
/// 1. a part stated by the paragraph itself: its label (`原因分析：` →
///    cause) or a cue phrase in the lead-in of its enumeration (`CUES`);
/// 2. else the outermost heading that names a part decides (the level-1
///    heading in practice: 存在问题及原因剖析 → problem). A deeper heading
///    overrides it only with a part the outer heading also names (a
///    `（二）原因分析` under 存在问题及原因剖析 → cause); otherwise sub-heading
///    words are ignored, because they describe content ("实干担当精神不足"
///    under 问题根源剖析 is a cause, not a problem);
/// 3. else other. `infer_l1_parts` first gives achievement to unnamed level-1
///    sections that precede a problem section (report order 成绩→问题→措施).
fn part_of(stack: &[usize], cue: Option<Part>, heads: &[HeadInfo]) -> Part {
    if let Some(c) = cue {
        return c;
    }
    let mut outer: Option<(Part, u8)> = None;
    for &h in stack {
        let Some(p) = heads[h].part else { continue };
        match &mut outer {
            None => outer = Some((p, heads[h].named)),
            Some((cur, named)) if *named & p.bit() != 0 => *cur = p,
            Some(_) => {}
        }
    }
    outer.map_or(Part::Other, |(p, _)| p)
}

fn infer_l1_parts(heads: &mut [HeadInfo]) {
    // One backward pass: is there a problem section after this one?
    let mut problem_later = false;
    for h in heads.iter_mut().rev().filter(|h| h.rank == 1) {
        if h.part.is_none() && problem_later {
            h.part = Some(Part::Achievement);
            h.named = Part::Achievement.bit();
        }
        problem_later |= h.part == Some(Part::Problem);
    }
}

/// Topic → trigger words. Order of this table does not matter: topics are
/// ordered by first occurrence in the item.
const TOPICS: &[(&str, &[&str])] = &[
    (
        "政治建设",
        &[
            "政治建设",
            "政治站位",
            "两个维护",
            "四个意识",
            "四个自信",
            "党内政治生活",
            "政治生态",
            "讲政治",
            "政治监督",
        ],
    ),
    (
        "思想建设",
        &[
            "思想建设",
            "理想信念",
            "初心使命",
            "党性修养",
            "思想政治",
            "世界观",
            "宗旨意识",
            "精神之钙",
        ],
    ),
    (
        "组织建设",
        &[
            "组织建设",
            "组织生活",
            "三会一课",
            "民主集中制",
            "发展党员",
            "党员发展",
            "战斗堡垒",
            "组织路线",
            "党员教育",
        ],
    ),
    (
        "作风建设",
        &[
            "作风建设",
            "四风",
            "八项规定",
            "形式主义",
            "官僚主义",
            "工作作风",
            "享乐主义",
            "奢靡之风",
            "正风肃纪",
        ],
    ),
    (
        "纪律建设",
        &[
            "纪律建设",
            "纪律处分",
            "六大纪律",
            "政治纪律",
            "纪律规矩",
            "四种形态",
            "监督执纪",
            "执纪问责",
            "纪律和规矩",
        ],
    ),
    (
        "党风廉政建设",
        &["党风廉政", "廉政", "廉洁", "拒腐防变", "反腐倡廉"],
    ),
    (
        "制度建设",
        &[
            "制度建设",
            "制度体系",
            "建章立制",
            "制度执行",
            "制度的笼子",
            "制度机制",
        ],
    ),
    ("意识形态", &["意识形态", "网络舆情", "舆情", "宣传思想"]),
    (
        "基层党建",
        &[
            "基层党建",
            "基层党组织",
            "基层组织",
            "两新",
            "党建引领",
            "支部建设",
            "软弱涣散",
            "党支部",
        ],
    ),
    (
        "选人用人",
        &[
            "选人用人",
            "干部选拔",
            "选拔任用",
            "用人导向",
            "干部队伍",
            "干部考核",
            "年轻干部",
            "任用干部",
        ],
    ),
    (
        "理论学习",
        &[
            "理论学习",
            "理论武装",
            "中心组",
            "学习教育",
            "读原著",
            "学懂弄通",
            "两学一做",
            "政治理论",
        ],
    ),
    ("巡视巡察", &["巡视", "巡察"]),
    (
        "主体责任",
        &[
            "主体责任",
            "两个责任",
            "一岗双责",
            "第一责任人",
            "责任清单",
            "党建工作责任制",
        ],
    ),
    (
        "反腐败",
        &["反腐败", "腐败", "不敢腐", "问题线索", "执纪审查", "惩治"],
    ),
    (
        "民主生活会",
        &["民主生活会", "批评和自我批评", "批评与自我批评"],
    ),
    (
        "为民服务",
        &[
            "以人民为中心",
            "群众路线",
            "为民服务",
            "为人民服务",
            "群众身边",
        ],
    ),
];

fn topic_matcher() -> &'static (AhoCorasick, Vec<usize>) {
    static AC: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    AC.get_or_init(|| {
        let mut words = Vec::new();
        let mut owner = Vec::new();
        for (t, (_, ws)) in TOPICS.iter().enumerate() {
            for w in *ws {
                words.push(*w);
                owner.push(t);
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .expect("static topic words build");
        (ac, owner)
    })
}

/// Up to MAX_TOPICS topics whose trigger words occur in the section path or
/// the text, ordered by first occurrence (section path first).
fn topics(
    (ac, owner): &(AhoCorasick, Vec<usize>),
    section_path: &[String],
    text: &str,
) -> Vec<String> {
    let mut seen: Vec<usize> = Vec::new();
    let hay = section_path
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(text));
    'outer: for h in hay {
        for m in ac.find_iter(h) {
            let t = owner[m.pattern().as_usize()];
            if !seen.contains(&t) {
                seen.push(t);
                if seen.len() == MAX_TOPICS {
                    break 'outer;
                }
            }
        }
    }
    seen.into_iter().map(|t| TOPICS[t].0.to_string()).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The raw reports in `reports/`.
    pub(crate) fn seed(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/reports/");
        std::fs::read_to_string(format!("{dir}{name}"))
            .unwrap_or_else(|e| panic!("seed {name}: {e}"))
    }

    pub(crate) const SEEDS: [&str; 5] = [
        "000_70dc71905a0093a9.txt",
        "001_3389c8fa410888e2.txt",
        "002_9693234d2d34dd10.txt",
        "003_a4626af57913338c.txt",
        "004_c5586a85bf0f57cc.txt",
    ];

    fn run(name: &str) -> Report {
        segment(&seed(name), &SegmentOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn level1(r: &Report) -> Vec<&str> {
        r.headings
            .iter()
            .filter(|h| h.level == 1)
            .map(|h| h.title.as_str())
            .collect()
    }

    fn non_space(s: &str) -> String {
        s.chars().filter(|c| !is_space(*c)).collect()
    }

    /// Every non-blank character of the input, in input order, is in exactly
    /// one heading, item text or removed line; item texts are input slices.
    fn assert_conserved(input: &str, r: &Report) {
        let line_start: Vec<usize> = std::iter::once(0)
            .chain(input.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut pieces: Vec<(usize, &str)> = Vec::new();
        for h in &r.headings {
            assert_eq!(&input[h.span.clone()], h.raw);
            pieces.push((h.span.start, &h.raw));
        }
        for it in &r.items {
            assert_eq!(&input[it.span.clone()], it.text, "item {}", it.order);
            pieces.push((it.span.start, &it.text));
        }
        for rm in &r.removed {
            pieces.push((line_start[rm.line - 1], &rm.text));
        }
        pieces.sort_by_key(|p| p.0);
        let got: String = pieces.iter().map(|p| non_space(p.1)).collect();
        assert_eq!(got, non_space(input));
    }

    // Counts made by reading each seed (`cat -n`):
    // 000: title line 2; level-1 = bare line 5 基本情况和主要工作, line 12 二、,
    //      line 26 三、 (3). Items: intro line 4 (1); lines 6-11 are six （X）
    //      paragraphs with 一是/二是/三是 (18); line 13 intro (1); lines 14-23 ten
    //      paragraphs with three 一是 items each (30); lines 24-25 with four (8);
    //      line 27 intro (1); lines 28-33 six （X）heading + body, no 一是 (6).
    //      1+18+1+30+8+1+6 = 65. Junk: line 1.
    // 001: no title line; level-1 = lines 2, 17 (2). Items: line 1 (1); line 3 (1);
    //      six heading lines each followed by one paragraph, lines 5-15 (6);
    //      line 16 intro + 一是/二是/三是 (4); line 19 一要…四要 (4); lines 21, 23,
    //      25 一要…三要 (9); closing line 26 (1). 1+1+6+4+4+9+1 = 26. No junk.
    // 002: title line 16; level-1 = lines 18, 26, 32 (3). Items: line 17 (1);
    //      lines 19-25: 3+3+2+3+3+3+3 = 20; lines 27-31 heading + body (5);
    //      line 33 (1); lines 34-38: 2+3+3+2+1 = 11. 1+20+5+1+11 = 38.
    //      Junk: lines 1-5 and 7-9 (8).
    // 003: title line 2; level-1 = lines 5, 10, 14, 18, 22, 26, 36 (7). Items: intro
    //      line 4 (1); 4+3+3+3+3 heading+body lines in 一..五 (16); 9 in 六 (9);
    //      line 37 + five in 七 (6). 1+16+9+6 = 32. Junk: line 1.
    // 004: title line 1 (`# …`); level-1 = bold lines 5, 15, 28 (3). Items: line 3
    //      (1); line 7 intro + 六 items (7); line 9 intro + 五 (6); line 11 intro +
    //      三 (4); line 13 (1); line 17 (1); lines 19, 21, 23-24 (one paragraph
    //      broken over two lines), 26 (4); line 30 (1); lines 32-38 (4).
    //      1+7+6+4+1+1+4+1+4 = 29. No junk.
    const EXPECTED: [(&str, usize, usize, &[usize]); 5] = [
        (SEEDS[0], 3, 65, &[1]),
        (SEEDS[1], 2, 26, &[]),
        (SEEDS[2], 3, 38, &[1, 2, 3, 4, 5, 7, 8, 9]),
        (SEEDS[3], 7, 32, &[1]),
        (SEEDS[4], 3, 29, &[]),
    ];

    #[test]
    fn seed_counts_match_hand_counts() {
        let mut total = 0;
        for (name, l1, items, junk) in EXPECTED {
            let r = run(name);
            assert_eq!(level1(&r).len(), l1, "{name} level-1: {:?}", level1(&r));
            assert_eq!(r.items.len(), items, "{name} items");
            let removed: Vec<usize> = r.removed.iter().map(|l| l.line).collect();
            assert_eq!(removed, junk, "{name} junk");
            total += r.items.len();
        }
        assert!(total >= 150, "{total}");
    }

    #[test]
    fn seeds_conserve_every_character() {
        for name in SEEDS {
            let input = seed(name);
            let r = segment(&input, &SegmentOptions::default()).unwrap();
            assert_conserved(&input, &r);
        }
    }

    #[test]
    fn junk_lines_are_gone_and_reported() {
        let r = run(SEEDS[2]);
        let texts: Vec<&str> = r.removed.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"仅供学习 禁止外传"));
        assert!(
            texts.contains(&"酷乐文行"),
            "ad line between junk lines: {texts:?}"
        );
        assert!(texts.iter().any(|t| t.starts_with("会员群：")));
        for it in &r.items {
            for bad in ["会员群", "订阅", "酷乐文行", "倒卖", "禁止外传"] {
                assert!(!it.text.contains(bad), "{bad} in item {}", it.order);
            }
        }
        assert_eq!(r.title, "领导班子巡察整改专题民主生活会对照检查材料");
        for name in [SEEDS[0], SEEDS[3]] {
            let r = run(name);
            assert_eq!(r.removed.len(), 1);
            assert!(r.removed[0].text.contains("仅供学习参考"));
            assert!(r.items.iter().all(|it| !it.text.contains("请勿照搬照抄")));
        }
    }

    #[test]
    fn titles_of_seeds() {
        assert_eq!(run(SEEDS[0]).title, "全面从严治党主体责任情况报告");
        assert_eq!(run(SEEDS[1]).title, "全县自然资源系统全面从严治党工作会议");
        assert_eq!(run(SEEDS[3]).title, "关于落实全面从严治党主体责任情况通报");
        assert_eq!(
            run(SEEDS[4]).title,
            "区委书记巡视整改专题民主生活会对照检查材料"
        );
    }

    #[test]
    fn seed_000_structure() {
        let r = run(SEEDS[0]);
        assert_eq!(
            level1(&r),
            [
                "基本情况和主要工作",
                "存在问题及原因剖析",
                "问题整改思路及措施"
            ]
        );
        let intro = &r.items[0];
        assert_eq!(
            (intro.line, intro.part, intro.section_path.len()),
            (4, Part::Other, 0)
        );
        let first = &r.items[1];
        assert_eq!(
            first.section_path,
            ["基本情况和主要工作", "坚定政治引领，强化使命担当"]
        );
        assert_eq!(first.title, "把准政治方向、夯实政治根基");
        assert!(first.text.starts_with("一是把准政治方向"));
        assert_eq!(first.part, Part::Achievement);
        let p = r
            .items
            .iter()
            .find(|i| i.title == "政治站位不够高")
            .unwrap();
        assert_eq!(p.section_path, ["存在问题及原因剖析", "在政治建设方面"]);
        assert_eq!((p.part, p.line), (Part::Problem, 14));
        assert_eq!(p.topics[0], "政治建设");
        let c = r.items.iter().find(|i| i.line == 15).unwrap();
        assert!(c.text.starts_with("原因分析：一是思想认识有缺位"));
        assert_eq!((c.title.as_str(), c.part), ("思想认识有缺位", Part::Cause));
        assert_eq!(c.section_path, ["存在问题及原因剖析", "在政治建设方面"]);
        // 一是 二是 四是 三是 in seed order
        let l24: Vec<&str> = r
            .items
            .iter()
            .filter(|i| i.line == 24)
            .map(|i| &i.text[..6])
            .collect();
        assert_eq!(l24, ["一是", "二是", "四是", "三是"]);
        let m = r.items.iter().find(|i| i.line == 28).unwrap();
        assert_eq!(m.part, Part::Measure);
        assert_eq!(m.title, "进一步筑牢政治根基，把握政治建设“大方向”");
        let intro3 = r.items.iter().find(|i| i.line == 27).unwrap();
        assert_eq!(intro3.title, "下一步，分局党委将以此次政治巡察为契机");
    }

    #[test]
    fn seed_001_parts_and_items() {
        let r = run(SEEDS[1]);
        assert_eq!(level1(&r), ["2021年工作回顾", "2022年工作要求"]);
        let a = r.items.iter().find(|i| i.line == 5).unwrap();
        assert_eq!(a.section_path, ["2021年工作回顾", "党的政治建设不断增强"]);
        assert_eq!(
            (a.part, a.title.as_str()),
            (Part::Achievement, "党的政治建设不断增强")
        );
        let l16: Vec<(Part, &str)> = r
            .items
            .iter()
            .filter(|i| i.line == 16)
            .map(|i| (i.part, i.title.as_str()))
            .collect();
        assert_eq!(
            l16,
            [
                (Part::Problem, "在充分肯定成绩的同时"),
                (Part::Problem, "思想认识不到位"),
                (Part::Problem, "创新不到位"),
                (Part::Problem, "力度不到位"),
            ]
        );
        let req: Vec<&Item> = r.items.iter().filter(|i| i.line == 19).collect();
        assert_eq!(req.len(), 4);
        assert!(req.iter().all(|i| i.part == Part::Requirement));
        assert_eq!(req[0].title, "加强党的政治建设");
        let last = r.items.last().unwrap();
        assert!(last.text.starts_with("同志们"));
        assert!(last.section_path.is_empty());
    }

    #[test]
    fn seed_002_and_003_parts() {
        let r = run(SEEDS[2]);
        let first = r.items.iter().find(|i| i.line == 19).unwrap();
        assert!(
            first
                .text
                .starts_with("主要表现在：一是党组核心作用发挥不明显")
        );
        assert_eq!(first.title, "党组核心作用发挥不明显");
        assert_eq!(
            first.section_path,
            ["存在的主要问题", "党的领导能力弱化方面"]
        );
        assert_eq!(first.part, Part::Problem);
        let cause = r.items.iter().find(|i| i.line == 31).unwrap();
        assert_eq!(
            cause.part,
            Part::Cause,
            "不足 in a sub-heading must not beat 问题根源剖析"
        );
        let m = r.items.iter().find(|i| i.line == 34).unwrap();
        assert_eq!(
            (m.part, m.title.as_str()),
            (
                Part::Measure,
                "要把加强理论学习作为坚定理想信念，提高理论水平的首要途径"
            )
        );

        let r = run(SEEDS[3]);
        let parts: Vec<Part> = [6, 9, 23, 27, 38]
            .iter()
            .map(|l| r.items.iter().find(|i| i.line == *l).unwrap().part)
            .collect();
        assert_eq!(
            parts,
            [
                Part::Achievement,
                Part::Achievement,
                Part::Achievement,
                Part::Problem,
                Part::Measure
            ]
        );
        let it = r.items.iter().find(|i| i.line == 6).unwrap();
        assert_eq!(it.title, "政治站位进一步提升");
        assert!(it.text.starts_with("全市各级党组织坚持将政治建设摆在首位"));
    }

    #[test]
    fn seed_004_markdown_and_broken_line() {
        let r = run(SEEDS[4]);
        assert_eq!(
            level1(&r),
            ["存在的主要问题", "原因剖析", "努力方向和整改措施"]
        );
        let broken = r.items.iter().find(|i| i.line == 23).unwrap();
        assert!(broken.text.contains("\"各打五十大板\"\n的办法予以办结"));
        assert_eq!(broken.part, Part::Cause);
        let intro = r.items.iter().find(|i| i.line == 7).unwrap();
        assert!(intro.text.starts_with("我始终坚持将党的政治建设摆在首位"));
        assert!(intro.text.ends_with("也还存在一些问题和不足。"));
        assert_eq!(
            intro.section_path[1],
            "关于\"政治站位不够高，落实中央、省委重大决策部署有差距\"方面的问题"
        );
    }

    #[test]
    fn every_item_has_a_real_title() {
        for name in SEEDS {
            for it in run(name).items {
                let n = it.title.chars().count();
                assert!(
                    (2..=MAX_ITEM_TITLE_SLACK).contains(&n),
                    "{name} {}: {:?}",
                    it.order,
                    it.title
                );
                assert!(it.title.chars().any(char::is_alphabetic), "{:?}", it.title);
                assert!(it.topics.len() <= MAX_TOPICS);
                assert!(
                    it.section_path
                        .iter()
                        .all(|s| !s.is_empty() && !s.contains("**"))
                );
            }
        }
    }

    #[test]
    fn deterministic() {
        for name in SEEDS {
            assert_eq!(run(name), run(name));
        }
    }

    #[test]
    fn one_megabyte_input_scales() {
        let one = seed(SEEDS[0]);
        let single = segment(&one, &SegmentOptions::default())
            .unwrap()
            .items
            .len();
        let reps = 1_000_000 / one.len() + 1;
        let big = format!("{one}\n").repeat(reps);
        assert!(big.len() >= 1_000_000);
        let r = segment(&big, &SegmentOptions::default()).unwrap();
        // Later copies' title lines become bare level-1 headings; item
        // counts per copy stay the same.
        assert_eq!(r.items.len(), reps * single);
        assert_eq!(r.removed.len(), reps);
        assert_conserved(&big, &r);
    }

    #[test]
    fn mixed_markers_and_markdown() {
        let input = "# 某局关于2023年工作的总结\n\n**一、主要工作**\n\n(一）抓学习。第一，学原文。第二，悟原理。\n\n（二)强监督\n\n1.建立台账。按月对账。\n2、压实责任，层层传导。\n\n## 二、下一步打算\n\n加强学习。\n";
        let r = segment(input, &SegmentOptions::default()).unwrap();
        assert_eq!(r.title, "某局关于2023年工作的总结");
        assert_eq!(level1(&r), ["主要工作", "下一步打算"]);
        let got: Vec<(Vec<String>, &str, Part)> = r
            .items
            .iter()
            .map(|i| (i.section_path.clone(), i.title.as_str(), i.part))
            .collect();
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (p(&["主要工作", "抓学习"]), "学原文", Part::Achievement),
                (p(&["主要工作", "抓学习"]), "悟原理", Part::Achievement),
                (
                    p(&["主要工作", "强监督", "建立台账"]),
                    "建立台账",
                    Part::Achievement
                ),
                (
                    p(&["主要工作", "强监督"]),
                    "压实责任，层层传导",
                    Part::Achievement
                ),
                (p(&["下一步打算"]), "加强学习", Part::Measure),
            ]
        );
        assert_conserved(input, &r);
    }

    #[test]
    fn bold_heading_with_body_and_one_line_points() {
        let input = "**一、存在问题。**总体上还有差距。\n（一）学习方面\n1.学习不够深入。\n2.学用结合不紧。\n（二）**落实方面。**执行打了折扣。\n";
        let r = segment(input, &SegmentOptions::default()).unwrap();
        let h: Vec<(usize, &str, &str)> = r
            .headings
            .iter()
            .map(|h| (h.level, h.title.as_str(), h.raw.as_str()))
            .collect();
        assert_eq!(
            h,
            [
                (1, "存在问题", "**一、存在问题。**"),
                (2, "学习方面", "（一）学习方面"),
                (2, "落实方面", "（二）**落实方面。**")
            ]
        );
        let got: Vec<(&str, &str, Part)> = r
            .items
            .iter()
            .map(|i| (i.text.as_str(), i.title.as_str(), i.part))
            .collect();
        assert_eq!(
            got,
            [
                ("总体上还有差距。", "总体上还有差距", Part::Problem),
                ("1.学习不够深入。", "学习不够深入", Part::Problem),
                ("2.学用结合不紧。", "学用结合不紧", Part::Problem),
                ("执行打了折扣。", "落实方面", Part::Problem),
            ]
        );
        assert_eq!(r.items[1].section_path, ["存在问题", "学习方面"]);
        assert_conserved(input, &r);
    }

    #[test]
    fn markdown_hard_wrapped_paragraphs_stay_whole() {
        let input = "# 标题报告\n\n## 一、主要问题\n\n第一行写完了。\n第二行接着写。\n\n另一段。\n\n尾部广告：扫码关注公众号\n";
        let r = segment(input, &SegmentOptions::default()).unwrap();
        let texts: Vec<&str> = r.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["第一行写完了。\n第二行接着写。", "另一段。"]);
        assert_eq!(level1(&r), ["主要问题"]);
        assert_eq!(r.removed.len(), 1);
        assert_conserved(input, &r);
    }

    #[test]
    fn label_paragraph_without_markers_is_one_cause_item() {
        let input = "情况报告\n一、存在问题及原因\n学习不够。\n原因分析：主观上重视不够，客观上任务繁重。\n";
        let r = segment(input, &SegmentOptions::default()).unwrap();
        let got: Vec<(&str, Part)> = r.items.iter().map(|i| (i.title.as_str(), i.part)).collect();
        assert_eq!(
            got,
            [
                ("学习不够", Part::Problem),
                ("主观上重视不够，客观上任务繁重", Part::Cause)
            ]
        );
    }

    /// Random documents built from the pieces the rules react to: no panic,
    /// and every character accounted for whenever segmentation succeeds.
    #[test]
    fn random_documents_never_panic_and_conserve_text() {
        const PIECES: &[&str] = &[
            "一、",
            "（一）",
            "(二）",
            "1.",
            "2、",
            "（3）",
            "第一部分",
            "# ",
            "## ",
            "**",
            "一是",
            "二是",
            "三要",
            "第一，",
            "第二，",
            "原因分析：",
            "主要表现在：",
            "同志们，",
            "。",
            "，",
            "、",
            "；",
            "：",
            "“",
            "”",
            "\"",
            "《",
            "》",
            "（",
            "）",
            "\n",
            "\n\n",
            "  ",
            "\u{3000}",
            "问题",
            "整改措施",
            "政治建设",
            "加强学习",
            "存在不足",
            "会员群",
            "订阅",
            "---",
            "12",
            "x",
            "ｘ",
            "\u{feff}",
            "\t",
            "基本情况",
            "2021年",
            "不够",
            "落实",
            "“两个维护”",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let opts = SegmentOptions::default();
        let mut ok = 0;
        for _ in 0..400 {
            let len = 1 + next(120);
            let doc: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            if let Ok(r) = segment(&doc, &opts) {
                assert_conserved(&doc, &r);
                assert!(r.items.iter().all(|i| !i.title.is_empty()), "{doc:?}");
                ok += 1;
            }
        }
        assert!(ok > 100, "only {ok} random documents segmented");
    }

    #[test]
    fn junk_pattern_needs_a_short_line() {
        let long = "各支部要按时订阅党报党刊，组织党员认真学习，把学习成果转化为推动工作的实际成效，切实提高理论水平和业务能力，推动全面从严治党向纵深发展。";
        let input = format!("标题报告\n{long}\n请订阅本站会员\n");
        let r = segment(&input, &SegmentOptions::default()).unwrap();
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].line, 3);
    }

    #[test]
    fn unusable_inputs_are_errors() {
        let opts = SegmentOptions::default();
        let e = segment("   \n\n", &opts).unwrap_err();
        assert!(e.message.contains("no text"));
        let e = segment("本文系邮箱投稿，仅供学习参考，请勿照搬照抄！\n\n", &opts).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("junk"));
        let e = segment("第一行。\nabc\0def\n", &opts).unwrap_err();
        assert_eq!(e.line, 2);
        let e = segment("\u{1}\u{2}\u{3}x\u{fffd}\u{fffd}", &opts).unwrap_err();
        assert_eq!(e.line, 1);
        let e = segment("abc\ndef\nghi\n", &opts).unwrap_err();
        assert_eq!(e.line, 3);
        let e = segment("一、标题\n二、另一个标题\n", &opts).unwrap_err();
        assert!(e.message.contains("only headings"));
    }

    #[test]
    fn marker_rules() {
        assert_eq!(parse_marker("一、基本情况"), Some((1, "一、".len())));
        assert_eq!(parse_marker("十二、其他"), Some((1, "十二、".len())));
        assert_eq!(parse_marker("（一）在"), Some((2, "（一）".len())));
        assert_eq!(parse_marker("(一）在"), Some((2, "(一）".len())));
        assert_eq!(parse_marker("（一)在"), Some((2, "（一)".len())));
        assert_eq!(parse_marker("1.在"), Some((3, 2)));
        assert_eq!(parse_marker("12、在"), Some((3, "12、".len())));
        assert_eq!(parse_marker("（3）在"), Some((4, "（3）".len())));
        assert_eq!(parse_marker("2019.10月"), None);
        assert_eq!(parse_marker("2.5亿元"), None);
        assert_eq!(parse_marker("一一、"), None);
        let body = "统一是前提。一是学习；二是落实，三是监督";
        let starts: Vec<&str> = find_item_markers(body, 0)
            .iter()
            .map(|&(s, _)| &body[s..s + 6])
            .collect();
        assert_eq!(starts, ["一是", "二是", "三是"]);
        assert!(
            find_item_markers("二是先来。三是后到。", 0).is_empty(),
            "must start at 一"
        );
    }

    #[test]
    fn heading_part_rule() {
        assert_eq!(heading_part("存在问题及原因剖析").0, Some(Part::Problem));
        assert_eq!(heading_part("问题根源剖析").0, Some(Part::Cause));
        assert_eq!(heading_part("问题整改思路及措施").0, Some(Part::Measure));
        assert_eq!(heading_part("2022年工作要求").0, Some(Part::Requirement));
        assert_eq!(
            heading_part("基本情况和主要工作").0,
            Some(Part::Achievement)
        );
        assert_eq!(heading_part("努力方向和整改措施").0, Some(Part::Measure));
        assert_eq!(heading_part("突出政治建设，从严落实主体责任").0, None);
        let (p, named) = heading_part("存在问题及原因剖析");
        assert_eq!(p, Some(Part::Problem));
        assert_ne!(named & Part::Cause.bit(), 0);
    }

    #[test]
    fn title_rules() {
        assert_eq!(
            cap_title("把准政治方向、夯实政治根基"),
            "把准政治方向、夯实政治根基"
        );
        let long = "对照新时代新要求的标准来看以人民为中心的发展理念，没有真正贯穿发展改革全过程的各个环节";
        assert_eq!(
            cap_title(long),
            "对照新时代新要求的标准来看以人民为中心的发展理念"
        );
        assert_eq!(
            first_clause("近年来，X分局党委深入贯彻落实。"),
            "近年来，X分局党委深入贯彻落实"
        );
        assert_eq!(
            lead_phrase("“居安思危”不够强。“四大考验”"),
            "“居安思危”不够强"
        );
    }
}
