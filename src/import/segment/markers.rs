//! Numbering: heading markers (一、 （一） 1. （1） 第一部分), the Chinese
//! numerals they use, item markers inside a paragraph (一是 一要 第一，) and
//! the short labels before a colon (原因分析：).

use super::is_space;

/// Longest label before `：` that belongs to its paragraph (原因分析：).
const MAX_LABEL_CHARS: usize = 10;

/// Numbering at the start of `s`: returns (rank, byte length).
/// `一、`/`一．`/`第一部分` → 1, `（一）` in any width mix → 2,
/// `1.`/`1、`/`1．` → 3, `（1）` → 4.
pub(super) fn parse_marker(s: &str) -> Option<(usize, usize)> {
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

pub(super) fn cn_digit(c: char) -> Option<u32> {
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
pub(super) fn cn_value(s: &str) -> Option<u32> {
    let d: Vec<u32> = s.chars().map(cn_digit).collect::<Option<_>>()?;
    match d.as_slice() {
        [x] => Some(*x),
        [10, x] if *x < 10 => Some(10 + x),
        [x, 10] if *x > 1 && *x < 10 => Some(x * 10),
        [x, 10, y] if *x > 1 && *x < 10 && *y < 10 => Some(x * 10 + y),
        _ => None,
    }
}

/// `原因分析：` / `主要表现在：` at the start of a paragraph: up to
/// MAX_LABEL_CHARS chars before a colon, with no other punctuation.
/// Returns the byte offset after the colon.
pub(super) fn find_label(body: &str) -> Option<usize> {
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
pub(super) enum Family {
    Shi,
    Yao,
    Di,
}

/// Enumeration markers in a paragraph: `一是…二是…`, `一要…二要…`,
/// `第一，…第二，…`. A marker counts only at the start of the text or after
/// a sentence break (`。；：！？` or a line break; also `，` once a run has
/// started), so words such as 统一是 never split. The first marker must be
/// 一/第一; later ones may come in any order (seed 000 has 一二四三) but
/// must be of the same family. `**` before a marker (a bold lead phrase)
/// belongs to it. Returns (start, end of marker) byte offsets.
pub(super) fn find_item_markers(body: &str, from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut family: Option<Family> = None;
    let mut at_break = true;
    // The end of the last marker found: a bold marker (`**一是`) is found
    // at its `**`, and must not be found again at its `一`.
    let mut past = 0;
    for (i, c) in body[from..].char_indices() {
        let i = i + from;
        if at_break && i >= past {
            // A bold lead phrase (`**一是加强学习。**`) starts at its `**`.
            let stars = if body[i..].starts_with("**") { 2 } else { 0 };
            if let Some((fam, value, len)) = item_marker_at(&body[i + stars..]) {
                if family.map_or(value == 1, |f| f == fam) {
                    family = Some(fam);
                    out.push((i, i + stars + len));
                    past = i + stars + len;
                }
            }
        }
        if c == '\n' {
            at_break = true;
        } else if !is_space(c) && c != '*' {
            at_break = matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?' | '：' | ':')
                || (family.is_some() && matches!(c, '，' | ','));
        }
    }
    out
}

pub(super) fn item_marker_at(s: &str) -> Option<(Family, u32, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
