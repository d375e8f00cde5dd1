//! Excerpt titles: the lead phrase of an item, the first clause of a
//! paragraph, a heading used as title, the report title derived from its
//! opening; all capped at a readable length.

use super::is_space;
use super::lines::trim_punct;

/// Item titles are cut to this many chars, at a 、/，boundary when possible.
const MAX_ITEM_TITLE_CHARS: usize = 30;
/// A title without a good boundary may run this long rather than be cut
/// mid-word ("总的来看，分局党委…取得了一些成绩" is 31 chars).
pub(super) const MAX_ITEM_TITLE_SLACK: usize = 36;
/// A first clause shorter than this (下一步，近年来，) is extended by the next.
const MIN_CLAUSE_CHARS: usize = 8;

/// Title of an enumerated item: from after the marker to the first `。`
/// or `；`, capped.
pub(super) fn lead_phrase(s: &str) -> String {
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
pub(super) fn first_clause(s: &str) -> String {
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
pub(super) fn cap_title(s: &str) -> String {
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
pub(super) fn heading_as_title(h: &str) -> String {
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
pub(super) fn derive_title(first: &str) -> String {
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

/// Title of a table: its header cells (`表格：指标、完成`), capped.
pub(super) fn table_title(table: &str) -> String {
    let header = table.lines().next().unwrap_or_default();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in header.chars() {
        match c {
            '|' if !escaped => cells.push(std::mem::take(&mut cell)),
            '\\' if !escaped => escaped = true,
            _ => {
                escaped = false;
                cell.push(c);
            }
        }
    }
    let names: Vec<&str> = cells
        .iter()
        .map(|c| c.trim_matches(is_space))
        .filter(|c| !c.is_empty())
        .collect();
    if names.is_empty() {
        return "表格".to_string();
    }
    cap_title(&format!("表格：{}", names.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
