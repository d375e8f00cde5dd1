//! Lines of the input and what one line looks like on its own: numbering
//! marker, Markdown heading, bold line, heading sentence, sentence end.

use super::markers::parse_marker;
use super::{SegmentError, is_space};
use crate::import::messages::Msg;

/// Longest heading sentence (in chars) after a numbering marker; a longer
/// first sentence means the marker numbers a paragraph, not a heading.
pub(super) const MAX_HEADING_CHARS: usize = 64;
/// Longest title line at the top of the document.
const MAX_TITLE_CHARS: usize = 60;
/// Longest unnumbered line that can be a bare heading (基本情况和主要工作).
const MAX_BARE_HEADING_CHARS: usize = 25;

pub(super) struct Line<'a> {
    pub(super) no: usize,
    /// Byte offset of `text` in the input.
    pub(super) start: usize,
    /// The line without surrounding whitespace.
    pub(super) text: &'a str,
}

pub(super) fn split_lines(text: &str) -> Vec<Line<'_>> {
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
pub(super) fn check_binary(lines: &[Line]) -> Result<(), SegmentError> {
    let (mut bad, mut total, mut first_bad) = (0usize, 0usize, None);
    for l in lines {
        for c in l.text.chars() {
            if c == '\0' {
                return Err(SegmentError {
                    line: Some(l.no),
                    problem: Msg::NulByte,
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
        Some(line) if bad * 20 > total => Err(SegmentError {
            line: Some(line),
            problem: Msg::BinaryText { count: bad },
        }),
        _ => Ok(()),
    }
}

pub(super) fn looks_like_title(text: &str) -> bool {
    let t = clean_heading(text);
    let n = t.chars().count();
    (2..=MAX_TITLE_CHARS).contains(&n)
        && !text.contains(['。', '；', '！', '？', ';', '!', '?'])
        && !text.ends_with(['：', ':'])
}

/// What a single line looks like on its own.
#[derive(Debug, Clone, Default)]
pub(super) struct LineInfo {
    /// Number of leading `#` (Markdown heading), 0 if none.
    pub(super) md_hashes: usize,
    /// Numbering marker at the start: (rank, byte offset just after it).
    pub(super) marker: Option<(usize, usize)>,
    /// A heading found at the start of the line.
    pub(super) heading: Option<HeadHit>,
    /// Whole line wrapped in `**…**` without numbering.
    pub(super) bold_line: bool,
}

#[derive(Debug, Clone)]
pub(super) struct HeadHit {
    pub(super) rank: usize,
    pub(super) title: String,
    /// Byte offset (in the line) where the heading's raw text ends.
    pub(super) end: usize,
}

impl LineInfo {
    pub(super) fn heading_only(&self, text: &str) -> bool {
        self.heading
            .as_ref()
            .is_some_and(|h| text[h.end..].trim_matches(is_space).is_empty())
    }
}

pub(super) fn analyze_line(text: &str) -> LineInfo {
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

/// End of the heading sentence at the start of `s`: the first `。！？；：`
/// outside brackets/quotes within `max` chars, or the end of the line if the
/// whole line is short. Returns (end of title text, end incl. terminator).
pub(super) fn heading_end(s: &str, max: usize) -> Option<(usize, usize)> {
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
pub(super) fn clean_heading(s: &str) -> String {
    let s = s.replace("**", "");
    let s = s.trim_start_matches(|c: char| c == '#' || is_space(c));
    let s = match parse_marker(s) {
        Some((_, len)) => &s[len..],
        None => s,
    };
    trim_punct(s).to_string()
}

pub(super) fn trim_punct(s: &str) -> &str {
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
pub(super) fn ends_sentence(text: &str) -> bool {
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

/// An unnumbered line such as `基本情况和主要工作`: short and without any
/// sentence punctuation (a bold-wrapped line may be a bit longer).
pub(super) fn is_bare_heading(text: &str, bold: bool) -> bool {
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
