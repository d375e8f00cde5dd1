//! URL segments and heading ids made from Chinese text.
//!
//! By default a Chinese file name becomes ASCII pinyin (三重一大 →
//! `san-zhong-yi-da`), which survives every proxy, log and copy-paste on an
//! intranet; `slugify = "keep"` keeps the characters instead.

use pinyin::ToPinyin;

use crate::config::SlugStyle;

/// Turns a file stem or `slug:` value into one safe URL segment. Only ASCII
/// letters, digits and `-` survive (plus CJK characters in `keep` style), so
/// a slug can never contain `/`, `..` or markup.
pub fn slugify(text: &str, style: SlugStyle) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if let Some(c) = fold_fullwidth_alnum(c) {
            current.push(c);
        } else if is_cjk(c) {
            match style {
                SlugStyle::Keep => current.push(c),
                SlugStyle::Pinyin => {
                    flush(&mut current, &mut words);
                    match c.to_pinyin() {
                        Some(p) => words.push(p.plain().to_string()),
                        None => words.push(format!("u{:x}", c as u32)),
                    }
                }
            }
        } else {
            flush(&mut current, &mut words);
        }
    }
    flush(&mut current, &mut words);
    words.join("-")
}

/// An id for a heading: readable Chinese kept as is, punctuation folded to `-`.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    let mut dash = false;
    for c in text.chars() {
        let kept = if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase())
        } else if let Some(c) = fold_fullwidth_alnum(c) {
            Some(c)
        } else if is_cjk(c) {
            Some(c)
        } else {
            None
        };
        match kept {
            Some(c) => {
                if dash && !id.is_empty() {
                    id.push('-');
                }
                dash = false;
                id.push(c);
            }
            None => dash = true,
        }
    }
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Full-width ASCII letters and digits (ＡＢＣ１２３) as their ASCII forms, lowercased.
pub fn fold_fullwidth_alnum(c: char) -> Option<char> {
    let code = c as u32;
    if (0xFF10..=0xFF19).contains(&code)
        || (0xFF21..=0xFF3A).contains(&code)
        || (0xFF41..=0xFF5A).contains(&code)
    {
        char::from_u32(code - 0xFEE0).map(|c| c.to_ascii_lowercase())
    } else {
        None
    }
}

/// Han ideographs (the unified blocks and their extensions).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_slugs() {
        assert_eq!(slugify("三重一大", SlugStyle::Pinyin), "san-zhong-yi-da");
        assert_eq!(slugify("四个意识", SlugStyle::Pinyin), "si-ge-yi-shi");
        assert_eq!(
            slugify("X分局 2021年", SlugStyle::Pinyin),
            "x-fen-ju-2021-nian"
        );
        assert_eq!(slugify("../etc/passwd", SlugStyle::Pinyin), "etc-passwd");
        assert_eq!(slugify("001", SlugStyle::Pinyin), "001");
    }

    #[test]
    fn keep_style_keeps_chinese() {
        assert_eq!(slugify("三重一大", SlugStyle::Keep), "三重一大");
        assert_eq!(
            slugify("“两个维护”（2018）", SlugStyle::Keep),
            "两个维护-2018"
        );
    }

    #[test]
    fn heading_ids_are_readable() {
        assert_eq!(heading_id("一、存在的主要问题"), "一-存在的主要问题");
        assert_eq!(heading_id("（一）政治站位 Ａ１"), "一-政治站位-a1");
        assert_eq!(heading_id("！！"), "section");
    }
}
