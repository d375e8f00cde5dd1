//! Chinese punctuation: two rules on the prose of each block.
//!
//! - `unbalanced-punctuation`: an opening “ ‘ （ 《 not closed in the same
//!   paragraph (or heading, list item, table cell), or a closing ” ’ ） 》
//!   that closes nothing. Quotations in reports mark formulations
//!   (增强“四个意识”), so a lost quote mark changes what is quoted. Pairs
//!   must nest: in “…（…”…） the （ is reported as not closed (the ” ends
//!   the quotation around it) and the ） as closing nothing. A ’ between two
//!   Latin letters is an apostrophe (don’t), not a quote.
//! - `half-width-punctuation`: an ASCII `, ; : ? ! ( )` inside a Chinese
//!   sentence (政治建设,作风建设 → 政治建设，作风建设). A mark is inside a
//!   Chinese sentence when the character before it is Chinese (an ideograph
//!   or full-width punctuation, spaces skipped) and the one after it is too,
//!   or the block ends there (如下:). Parentheses go by pairs: `(…)` is
//!   reported once, at `(`, when its content has Chinese or a Chinese
//!   character stands right before `(` or after `)`. Not reported: numbers
//!   (1,000, 10:30), Latin text (Hello, world), URLs (http://…), and code,
//!   which is not prose.

use std::ops::Range;

use crate::check::prose::{Block, is_chinese};
use crate::check::{Checker, Finding, Subject};
use crate::i18n::Text;
use crate::t;

pub const UNBALANCED: &str = "unbalanced-punctuation";
pub const HALF_WIDTH: &str = "half-width-punctuation";

const PAIRS: [(char, char); 4] = [('“', '”'), ('‘', '’'), ('（', '）'), ('《', '》')];

pub fn find_unbalanced(_checker: &Checker, _subject: &Subject, block: &Block) -> Vec<Finding> {
    unbalanced(&block.text)
        .into_iter()
        .map(balance_finding)
        .collect()
}

/// A quote mark or bracket without its partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unmatched {
    /// An opening mark (at byte offset) never closed.
    Open(usize, char),
    /// A closing mark (at byte offset) that closes nothing.
    Close(usize, char),
}

/// Every unmatched mark of `text`, in order.
fn unbalanced(text: &str) -> Vec<Unmatched> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut found = Vec::new();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        if is_apostrophe(&chars, i) {
            continue;
        }
        if PAIRS.iter().any(|&(o, _)| o == c) {
            open.push((offset, c));
        } else if let Some(&(opener, _)) = PAIRS.iter().find(|&&(_, close)| close == c) {
            match open.iter().rposition(|&(_, o)| o == opener) {
                Some(at) => {
                    // Marks opened inside this pair and still open cannot
                    // be closed later: pairs nest.
                    found.extend(open.drain(at + 1..).map(|(o, c)| Unmatched::Open(o, c)));
                    open.pop();
                }
                None => found.push(Unmatched::Close(offset, c)),
            }
        }
    }
    found.extend(open.into_iter().map(|(o, c)| Unmatched::Open(o, c)));
    found.sort_by_key(|u| match *u {
        Unmatched::Open(o, _) | Unmatched::Close(o, _) => o,
    });
    found
}

/// ‘ or ’ between two Latin letters or digits (don’t, rock’n’roll).
fn is_apostrophe(chars: &[(usize, char)], i: usize) -> bool {
    let latin = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|&(_, c)| c.is_ascii_alphanumeric())
    };
    matches!(chars[i].1, '‘' | '’') && latin(i.checked_sub(1)) && latin(Some(i + 1))
}

fn balance_finding(problem: Unmatched) -> Finding {
    let partner = |c: char| {
        PAIRS
            .iter()
            .find_map(|&(o, close)| match c {
                _ if c == o => Some(close),
                _ if c == close => Some(o),
                _ => None,
            })
            .unwrap_or(c)
    };
    let (offset, c, en, hint) = match problem {
        Unmatched::Open(offset, c) => {
            let other = partner(c);
            (
                offset,
                c,
                format!("`{c}` is not closed in this paragraph"),
                t!(
                    "在引文或括号结束处补上“{other}”，或删去这个“{c}”",
                    "add the closing `{other}` where the quotation or bracket ends, or remove this `{c}`"
                ),
            )
        }
        Unmatched::Close(offset, c) => {
            let other = partner(c);
            (
                offset,
                c,
                format!("`{c}` closes nothing in this paragraph"),
                t!(
                    "在引文或括号开始处补上“{other}”，或删去这个“{c}”",
                    "add the opening `{other}` where the quotation or bracket starts, or remove this `{c}`"
                ),
            )
        }
    };
    Finding {
        rule: UNBALANCED,
        range: offset..offset + c.len_utf8(),
        message: Text {
            zh: format!("“{c}”在本段中没有对应的“{}”。", partner(c)),
            en,
        },
        suggestion: None,
        url: None,
        hint,
    }
}

pub fn find_half_width(_checker: &Checker, _subject: &Subject, block: &Block) -> Vec<Finding> {
    half_width(&block.text)
        .into_iter()
        .map(|(range, c)| half_width_finding(&block.text, range, c))
        .collect()
}

/// The full-width form of an ASCII punctuation mark.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// ASCII marks inside Chinese sentences: the byte range to mark (a single
/// mark, or a whole `(…)`) and the mark.
fn half_width(text: &str) -> Vec<(Range<usize>, char)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut paired: Vec<usize> = Vec::new();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        if full_width(c).is_none() || paired.contains(&i) || in_url(&chars, i) {
            continue;
        }
        let before = neighbour(&chars, i, -1);
        let after = neighbour(&chars, i, 1);
        let chinese = |n: Option<char>| n.is_some_and(is_chinese);
        let end = |n: Option<char>| n.is_none_or(|c| c == '\n');
        match c {
            '(' => match matching_paren(&chars, i) {
                Some(close) => {
                    paired.push(close);
                    let inside = chars[i + 1..close].iter().any(|&(_, c)| is_chinese(c));
                    if inside || chinese(before) || chinese(neighbour(&chars, close, 1)) {
                        let end_offset = chars[close].0 + 1;
                        found.push((offset..end_offset, c));
                    }
                }
                None if chinese(before) || chinese(after) => found.push((offset..offset + 1, c)),
                None => {}
            },
            ')' if chinese(before) || chinese(after) => found.push((offset..offset + 1, c)),
            ')' => {}
            _ if chinese(before) && (chinese(after) || end(after)) => {
                found.push((offset..offset + 1, c));
            }
            _ => {}
        }
    }
    found
}

/// The nearest character before (`step` -1) or after (+1) position `i`,
/// skipping spaces and tabs; None at the edge of the block.
fn neighbour(chars: &[(usize, char)], i: usize, step: isize) -> Option<char> {
    let mut j = i as isize + step;
    while let Some(&(_, c)) = usize::try_from(j).ok().and_then(|j| chars.get(j)) {
        if c != ' ' && c != '\t' {
            return Some(c);
        }
        j += step;
    }
    None
}

/// The `)` closing the `(` at `open`, on the same line.
fn matching_paren(chars: &[(usize, char)], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &(_, c)) in chars.iter().enumerate().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Whether position `i` is inside a bare URL (the run of ASCII non-space
/// characters around it contains `://` or starts with `www.`).
fn in_url(chars: &[(usize, char)], i: usize) -> bool {
    let is_url_char = |c: char| c.is_ascii_graphic();
    let start = chars[..i]
        .iter()
        .rposition(|&(_, c)| !is_url_char(c))
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|&(_, c)| !is_url_char(c))
        .map_or(chars.len(), |p| i + p);
    let token: String = chars[start..end].iter().map(|&(_, c)| c).collect();
    token.contains("://") || token.starts_with("www.")
}

fn half_width_finding(text: &str, range: Range<usize>, c: char) -> Finding {
    let wide = full_width(c).unwrap_or(c);
    let pair = c == '(' && range.len() > 1;
    let (message, suggestion, hint) = if pair {
        let inner = &text[range.start + 1..range.end - 1];
        (
            t!(
                "中文句子中用了半角括号“()”，应为全角“（）”。",
                "ASCII parentheses `(…)` in a Chinese sentence"
            ),
            format!("（{inner}）"),
            t!("改用全角括号“（”和“）”", "use the full-width `（` and `）`"),
        )
    } else {
        (
            t!(
                "中文句子中用了半角“{c}”，应为全角“{wide}”。",
                "ASCII `{c}` in a Chinese sentence"
            ),
            wide.to_string(),
            t!("改用全角“{wide}”", "use the full-width `{wide}`"),
        )
    };
    Finding {
        rule: HALF_WIDTH,
        range,
        message,
        suggestion: Some(suggestion),
        url: None,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::run_on_excerpt;

    fn marks(text: &str) -> Vec<String> {
        half_width(text)
            .into_iter()
            .map(|(range, _)| text[range].to_string())
            .collect()
    }

    #[test]
    fn half_width_marks_between_chinese_characters() {
        assert_eq!(marks("政治建设,作风建设"), [","]);
        assert_eq!(marks("“四个意识”,坚定"), [","]);
        assert_eq!(marks("主要问题如下:"), [":"]);
        assert_eq!(marks("是什么? 为什么!"), ["?", "!"]);
        assert_eq!(marks("政治建设, 作风建设"), [","]);
    }

    #[test]
    fn numbers_latin_and_urls_are_left_alone() {
        assert!(marks("共1,000元，10:30开会").is_empty());
        assert!(marks("Hello, world! 你好").is_empty());
        assert!(marks("见https://example.cn/a,b;c:政策").is_empty());
        assert!(marks("f(x) = y").is_empty());
    }

    #[test]
    fn parentheses_are_reported_as_a_pair() {
        assert_eq!(marks("办法(试行)的规定"), ["(试行)"]);
        assert_eq!(marks("(一)加强领导"), ["(一)"]);
        assert_eq!(marks("政策(policy)"), ["(policy)"]);
        assert_eq!(marks("见附件)的"), [")"]);
    }

    #[test]
    fn unmatched_quotes_and_brackets() {
        assert!(unbalanced("增强“四个意识”，学习《党章》（2022年）").is_empty());
        assert_eq!(unbalanced("增强“四个意识，坚定"), [Unmatched::Open(6, '“')]);
        assert_eq!(unbalanced("四个意识”"), [Unmatched::Close(12, '”')]);
        let crossing = "“甲（乙”丙）";
        assert_eq!(
            unbalanced(crossing),
            [
                Unmatched::Open(crossing.find('（').unwrap(), '（'),
                Unmatched::Close(crossing.find('）').unwrap(), '）')
            ]
        );
        assert!(unbalanced("don’t “引用‘内层’”").is_empty());
    }

    #[test]
    fn positions_in_the_file() {
        let found = run_on_excerpt(HALF_WIDTH, "第一段。\n\n政治建设,作风建设\n");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!((d.rule.as_str(), d.line, d.column), (HALF_WIDTH, 7, 5));
        let hint = d.hint.as_ref().expect("a hint");
        assert_eq!(hint.en, "use the full-width `，`");
        assert_eq!(hint.zh, "改用全角“，”");

        let found = run_on_excerpt(UNBALANCED, "增强“四个意识，坚定\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (5, 3));
        let hint = found[0].hint.as_ref().expect("a hint");
        assert!(hint.en.contains('”') && hint.zh.contains('”'));
    }

    #[test]
    fn code_is_not_checked() {
        assert!(run_on_excerpt(HALF_WIDTH, "见`a,b`和\n```\n中,文\n```\n").is_empty());
        assert!(run_on_excerpt(UNBALANCED, "`“`\n").is_empty());
    }
}
