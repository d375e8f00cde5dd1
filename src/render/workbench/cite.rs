//! Citation lines: the line 复制（含出处） and the 素材篮 put after a
//! passage, in the form `[citation] format` of config.toml gives
//! (《来源标题》（文种，年份），报告中的标题 by default).

use crate::graph::reads::{Dep, record};
use crate::graph::{Graph, PageId};

/// The citation line of a page's text: an excerpt cites its source, with
/// the headings it stands under; a source cites itself; any other page is
/// cited by its title.
pub fn citation(graph: &Graph, page: PageId) -> String {
    let p = &graph.pages[page];
    let excerpt = p.doc.fields.excerpt();
    let source_page = p.source.or(p.doc.fields.source().map(|_| page));
    let source = source_page.and_then(|s| graph.pages[s].doc.fields.source());
    // The line shows the source's title and facts: a page that shows it
    // is rendered again when they change.
    if let Some(s) = source_page {
        record(|| Dep::Summary(graph.pages[s].doc.rel_path.clone()));
    }
    let value = |name: &str| -> String {
        match name {
            "source" => source_page
                .map_or(&p.doc.meta.title, |s| &graph.pages[s].doc.meta.title)
                .clone(),
            "title" if excerpt.is_some() => p.doc.meta.title.clone(),
            "doc_type" => source.map(|s| s.doc_type.clone()).unwrap_or_default(),
            "issuer" => source.and_then(|s| s.issuer.clone()).unwrap_or_default(),
            "level" => source.map(|s| s.level.clone()).unwrap_or_default(),
            "year" => p.year.map(|y| format!("{y}年")).unwrap_or_default(),
            "part" => excerpt
                .map(|e| e.part.label().to_string())
                .unwrap_or_default(),
            "section" => excerpt
                .map(|e| e.section_path.join("·"))
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    fill(&graph.config.citation.format, value)
}

/// Puts each placeholder's value into `format`, then tidies what empty
/// values leave behind.
pub fn fill(format: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(format.len() + 64);
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push_str(value(&after[..close]).trim());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    tidy(out)
}

/// Brackets with nothing between them, taken out by [`tidy`].
const EMPTY: [&str; 6] = ["（）", "()", "《》", "“”", "〔〕", "[]"];
/// Separators doubled or next to a bracket, and what [`tidy`] makes of them.
const JOINED: [(&str, &str); 8] = [
    ("（，", "（"),
    ("，）", "）"),
    ("（、", "（"),
    ("、）", "）"),
    ("，，", "，"),
    ("、、", "、"),
    ("··", "·"),
    ("，·", "，"),
];
/// [`EMPTY`] and [`JOINED`]'s patterns as pairs of characters: a line with
/// no neighbours among these needs no tidying.
static PATTERN_PAIRS: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
    EMPTY
        .iter()
        .chain(JOINED.iter().map(|(from, _)| from))
        .filter_map(|pattern| {
            let mut chars = pattern.chars();
            Some((chars.next()?, chars.next()?))
        })
        .collect()
});

/// Removes brackets left empty and separators left doubled or dangling:
/// `《标题》（，），` → `《标题》`.
fn tidy(mut line: String) -> String {
    const DANGLING: &[char] = &['，', '、', '；', '：', '·', ' ', ',', ';', ':'];
    // Most lines need nothing: one look at each pair of neighbours and at
    // the ends instead of fourteen searches (a line is made for every
    // paragraph of every whole-document view and every mention a
    // formulation lists).
    let patterns: &[(char, char)] = &PATTERN_PAIRS;
    let mut pairs = line.chars().zip(line.chars().skip(1));
    if !line.starts_with(DANGLING)
        && !line.ends_with(DANGLING)
        && !pairs.any(|pair| patterns.contains(&pair))
    {
        return line;
    }
    loop {
        let before = line.len();
        for empty in EMPTY {
            line = line.replace(empty, "");
        }
        for (from, to) in JOINED {
            line = line.replace(from, to);
        }
        line = line.trim_matches(DANGLING).to_string();
        if line.len() == before {
            return line;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{EMPTY, JOINED, PATTERN_PAIRS, fill, tidy};

    #[test]
    fn patterns_are_pairs_and_tidy_what_they_name() {
        assert_eq!(PATTERN_PAIRS.len(), EMPTY.len() + JOINED.len());
        assert_eq!(tidy("《标题》（，），".to_string()), "《标题》");
        assert_eq!(tidy("甲、、乙".to_string()), "甲、乙");
        assert_eq!(tidy("甲乙".to_string()), "甲乙");
    }

    fn values<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_default()
        }
    }

    const FORMAT: &str = crate::config::DEFAULT_CITATION_FORMAT;

    #[test]
    fn every_value_present() {
        let line = fill(
            FORMAT,
            values(&[
                ("source", "X分局党委主体责任报告"),
                ("doc_type", "主体责任报告"),
                ("year", "2019年"),
                ("section", "存在问题·在政治建设方面"),
            ]),
        );
        assert_eq!(
            line,
            "《X分局党委主体责任报告》（主体责任报告，2019年），存在问题·在政治建设方面"
        );
    }

    #[test]
    fn empty_values_leave_no_stray_punctuation() {
        let source = values(&[("source", "报告"), ("year", "2019年")]);
        assert_eq!(fill(FORMAT, source), "《报告》（2019年）");
        assert_eq!(fill(FORMAT, values(&[("source", "报告")])), "《报告》");
        let doc_type_only = values(&[("source", "报告"), ("doc_type", "讲话"), ("section", "一")]);
        assert_eq!(fill(FORMAT, doc_type_only), "《报告》（讲话），一");
    }

    #[test]
    fn other_formats_and_unclosed_braces() {
        let v = values(&[("source", "报告"), ("issuer", "某局"), ("year", "2020年")]);
        assert_eq!(
            fill("{issuer}：《{source}》，{year}", &v),
            "某局：《报告》，2020年"
        );
        assert_eq!(fill("来源：{source} {", &v), "来源：报告 {");
    }
}
