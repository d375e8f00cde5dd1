//! Junk lines: the ads, disclaimers and separators that report-sharing sites
//! and pastes put around a report. A line is junk by pattern, by having no
//! letters at all, or by being wedged between two pattern-junk lines.

use aho_corasick::AhoCorasick;

use super::blocks::is_table_row;
use super::lines::{Line, analyze_line};
use super::{SegmentError, SegmentOptions, is_space};
use crate::import::messages::Msg;

/// Built-in junk substrings, taken from the ads and disclaimers that report
/// sharing sites put around pasted documents (seeds 000, 002, 003) and their
/// usual variants, and from the page furniture of government sites that a
/// saved web page keeps next to the article (发布时间, 【打印】 …). Matched
/// with whitespace removed and ASCII case folded.
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
    "发布时间",
    "发布日期",
    "浏览次数",
    "阅读次数",
    "点击次数",
    "责任编辑",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "字号：",
    "【字体",
    "分享到",
    "扫一扫在手机打开",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    Blank,
    Junk,
    Content,
}

/// Junk is (a) a short line containing a junk pattern, (b) a line with no
/// letters at all (separators such as `———`, page numbers), (c) a short line
/// wedged between two pattern-junk lines (the unmatched lines of an ad block,
/// e.g. a site's name), unless it names a document type. Markdown table rows
/// are never junk.
pub(super) fn classify_lines(
    lines: &[Line],
    opts: &SegmentOptions,
) -> Result<Vec<LineKind>, SegmentError> {
    let pats: Vec<String> = opts
        .junk_patterns
        .iter()
        .map(|p| p.chars().filter(|c| !is_space(*c)).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&pats)
        .map_err(|e| SegmentError {
            line: None,
            problem: Msg::BadJunkPatterns {
                error: e.to_string(),
            },
        })?;
    let mut kinds = Vec::with_capacity(lines.len());
    let mut by_pattern = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if l.text.is_empty() {
            kinds.push(LineKind::Blank);
            continue;
        }
        if is_table_row(l.text) {
            // A table's rule row (`| --- |`) has no letters, and a cell may
            // hold a URL: neither makes the row junk.
            kinds.push(LineKind::Content);
            continue;
        }
        let squeezed: String = l.text.chars().filter(|c| !is_space(*c)).collect();
        let n = squeezed.chars().count();
        if n <= opts.max_junk_line_chars && !pats.is_empty() && ac.is_match(&squeezed) {
            by_pattern[i] = true;
            kinds.push(LineKind::Junk);
        } else if is_decoration(&squeezed) {
            kinds.push(LineKind::Junk);
        } else {
            kinds.push(LineKind::Content);
        }
    }
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] != LineKind::Blank)
        .collect();
    for w in non_blank.windows(3) {
        let (prev, mid, next) = (w[0], w[1], w[2]);
        let t = lines[mid].text;
        if kinds[mid] == LineKind::Content
            && by_pattern[prev]
            && by_pattern[next]
            && t.chars().count() <= 30
            && !DOC_TITLE_WORDS.iter().any(|w| t.contains(w))
            && analyze_line(t).marker.is_none()
        {
            kinds[mid] = LineKind::Junk;
        }
    }
    Ok(kinds)
}

/// Words that make a short line a document title rather than an ad.
pub(super) const DOC_TITLE_WORDS: [&str; 10] = [
    "报告", "材料", "讲话", "通报", "总结", "发言", "意见", "方案", "通知", "情况",
];

/// A line without any letter or CJK character (rules, dots), or a bare page
/// number such as `- 3 -`, `12`, `第3页`.
pub(super) fn is_decoration(squeezed: &str) -> bool {
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
