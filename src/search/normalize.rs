//! Folding text for search: one character in, one character out.
//!
//! Full-width ASCII forms become ASCII, the ideographic space a space, and
//! Latin letters lower case. Because the mapping is per character, positions
//! in the folded text are positions in the text the reader sees, which is
//! what lets snippets highlight hits without a second mapping.

/// Folds one character (see the module doc).
pub fn fold_char(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()),
        0x3000 => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

/// Collapses whitespace runs to one space and folds every character.
pub fn fold(text: &str) -> String {
    collapse(text).chars().map(fold_char).collect()
}

/// Collapses whitespace runs (the ideographic space included) to one space
/// and trims the ends; characters are kept as written. Folding the result
/// character by character gives [`fold`]'s output, position for position.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    collapse_into(text, &mut out);
    out
}

/// [`collapse`], appending to `out` (no string of its own).
pub fn collapse_into(text: &str, out: &mut String) {
    // Runs between whitespace are copied whole, not a character at a time:
    // the search index collapses the text of every page.
    let start = out.len();
    let mut run_start = 0;
    for (at, c) in text.char_indices() {
        if !c.is_whitespace() {
            continue;
        }
        push_run(out, start, &text[run_start..at]);
        run_start = at + c.len_utf8();
    }
    push_run(out, start, &text[run_start..]);
}

/// Appends a run of non-whitespace, with one space before it when it is
/// not the first thing appended since `start`.
fn push_run(out: &mut String, start: usize, run: &str) {
    if run.is_empty() {
        return;
    }
    if out.len() > start {
        out.push(' ');
    }
    out.push_str(run);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_into_a_string_trims_the_appended_part_only() {
        let mut out = String::from("标题\n");
        collapse_into("  正文\n\n 内容　", &mut out);
        assert_eq!(out, "标题\n正文 内容");
        let mut empty = String::from("x");
        collapse_into(" \n ", &mut empty);
        assert_eq!(empty, "x");
    }

    #[test]
    fn folds_width_case_and_space() {
        assert_eq!(fold("ＡＢＣ１２３（一）"), "abc123(一)");
        assert_eq!(fold("  四个\n\n 意识　Ok "), "四个 意识 ok");
    }

    #[test]
    fn collapsed_and_folded_texts_align() {
        let text = "Ｗork　Report （一）\n\n四个意识";
        let (shown, folded) = (collapse(text), fold(text));
        assert_eq!(shown, "Ｗork Report （一） 四个意识");
        assert_eq!(shown.chars().count(), folded.chars().count());
    }

    #[test]
    fn folding_keeps_character_count_apart_from_whitespace() {
        let text = "全角ＡＢＣ与（括号）";
        assert_eq!(fold(text).chars().count(), text.chars().count());
    }
}
