//! What the mentions add up to: backlinks with their sentences, formulations
//! used together, and the verbs that precede each formulation in the corpus.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Graph, Node, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::parse::PageKind;

/// One place a formulation is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub page: PageId,
    pub sentence: String,
    /// Byte range of the mention in `sentence`.
    pub span: std::ops::Range<usize>,
    /// The spelling used (title or a variant).
    pub matched: String,
}

/// Everything counted for one formulation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormulationStats {
    /// Every mention, in page order.
    pub backlinks: Vec<Backlink>,
    /// Number of distinct pages that mention it.
    pub pages: usize,
    /// Other formulations in the same pages: (formulation, shared pages), ranked.
    pub used_with: Vec<(usize, usize)>,
    /// Verbs before its mentions: (verb, count), ranked.
    pub verbs: Vec<(String, usize)>,
}

/// Verbs that commonly govern formulations; front-matter `collocations` add to it.
const COMMON_VERBS: &[&str] = &[
    "增强",
    "坚定",
    "做到",
    "树立",
    "牢固树立",
    "践行",
    "落实",
    "坚持",
    "贯彻",
    "贯彻落实",
    "执行",
    "严格执行",
    "严守",
    "遵守",
    "推进",
    "运用",
    "用好",
    "开展",
    "深化",
    "压实",
    "履行",
    "巩固",
    "把握",
    "加强",
    "纠治",
    "整治",
    "反对",
    "克服",
    "防止",
    "筑牢",
    "扛起",
    "扛牢",
    "落细",
    "强化",
    "健全",
    "完善",
    "提高",
    "提升",
    "自觉做到",
    "坚决做到",
    "始终坚持",
    "认真落实",
    "严明",
    "严肃",
    "坚决维护",
    "维护",
    "发挥",
    "抓好",
    "抓实",
];

/// Function words that end a run of text but are not verbs.
const NOT_VERBS: &[char] = &[
    '的', '和', '与', '及', '了', '是', '在', '等', '把', '对', '将', '为', '以', '中', '上',
];

/// The verb just before a mention, if one can be told.
pub fn collocation_verb(before: &str, known: &HashSet<&str>) -> Option<String> {
    let trimmed = before.trim_end_matches(['“', '"', '‘', '「', '『', '《', ' ']);
    let chars: Vec<char> = trimmed.chars().collect();
    // Longest known verb first (牢固树立 before 树立).
    for len in (2..=4).rev() {
        if chars.len() >= len {
            let tail: String = chars[chars.len() - len..].iter().collect();
            if known.contains(tail.as_str()) {
                return Some(tail);
            }
        }
    }
    let tail = &chars[chars.len().saturating_sub(2)..];
    let looks_like_verb = tail.len() == 2
        && tail.iter().all(|&c| crate::slug::is_cjk(c))
        && !NOT_VERBS.contains(&tail[1]);
    looks_like_verb.then(|| tail.iter().collect())
}

/// Backlinks, co-occurrence and verbs for every formulation; fills `Page::uses`.
pub fn formulation_stats(graph: &mut Graph) -> Vec<FormulationStats> {
    let count = graph.formulations.len();
    let mut stats = vec![FormulationStats::default(); count];
    let mut known: HashSet<&str> = COMMON_VERBS.iter().copied().collect();
    for &page in &graph.formulations {
        if let Some(f) = graph.pages[page].doc.fields.formulation() {
            known.extend(f.collocations.iter().map(String::as_str));
        }
    }
    let target_formulation: Vec<usize> =
        graph.terms.targets.iter().map(|t| t.formulation).collect();
    let mut verbs: Vec<HashMap<String, usize>> = vec![HashMap::new(); count];
    let mut pair_counts: HashMap<(usize, usize), usize> = HashMap::new();
    let mut uses_by_page: Vec<Vec<(usize, usize)>> = Vec::with_capacity(graph.pages.len());
    for (id, page) in graph.pages.iter().enumerate() {
        let mut uses: BTreeMap<usize, usize> = BTreeMap::new();
        for mention in &page.rendered.mentions {
            let f = target_formulation[mention.target];
            *uses.entry(f).or_default() += 1;
            stats[f].backlinks.push(Backlink {
                page: id,
                sentence: mention.sentence.clone(),
                span: mention.span.clone(),
                matched: mention.matched.clone(),
            });
            if let Some(verb) = collocation_verb(&mention.before, &known) {
                *verbs[f].entry(verb).or_default() += 1;
            }
        }
        let distinct: Vec<usize> = uses.keys().copied().collect();
        for (i, &a) in distinct.iter().enumerate() {
            stats[a].pages += 1;
            for &b in &distinct[i + 1..] {
                *pair_counts.entry((a, b)).or_default() += 1;
            }
        }
        let mut uses: Vec<(usize, usize)> = uses.into_iter().collect();
        uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        uses_by_page.push(uses);
    }
    for (page, uses) in graph.pages.iter_mut().zip(uses_by_page) {
        page.uses = uses;
    }
    let mut used_with: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for ((a, b), n) in pair_counts {
        used_with[a].push((b, n));
        used_with[b].push((a, n));
    }
    for (f, stat) in stats.iter_mut().enumerate() {
        let mut with = std::mem::take(&mut used_with[f]);
        with.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        stat.used_with = with;
        let mut v: Vec<(String, usize)> = std::mem::take(&mut verbs[f]).into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        stat.verbs = v;
    }
    stats
}

/// `@/page.md#anchor` links must name a heading that exists on the page.
pub fn check_anchors(graph: &Graph, diagnostics: &mut Diagnostics) {
    let all = graph
        .pages
        .iter()
        .map(|p| (&p.doc, &p.rendered))
        .chain(graph.sections.iter().map(|s| (&s.doc, &s.rendered)));
    for (doc, rendered) in all {
        for link in &rendered.links {
            let Some(anchor) = &link.anchor else { continue };
            let target = match graph.by_path.get(&link.rel_path) {
                Some(Node::Page(id)) => &graph.pages[*id].rendered,
                Some(Node::Section(id)) => &graph.sections[*id].rendered,
                None => continue,
            };
            if !target.toc.iter().any(|h| &h.id == anchor) {
                let ids: Vec<String> = target.toc.iter().map(|h| h.id.clone()).collect();
                let suggestion = super::resolve::did_you_mean(anchor, &ids);
                let hint = match suggestion.first() {
                    Some(s) => {
                        format!("did you mean `#{s}`? anchors are the ids of the page's headings")
                    }
                    None => "anchors are the ids of the target page's headings".to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "broken-anchor",
                        doc.display_path(),
                        format!("content/{} has no heading `#{anchor}`", link.rel_path),
                    )
                    .at(link.line, link.column)
                    .hint(hint),
                );
            }
        }
    }
}

/// Excerpts by (part, topic), so related excerpts are found without
/// scanning the whole corpus for each page.
pub type TopicIndex = HashMap<(crate::parse::Part, String), Vec<PageId>>;

pub fn topic_index(graph: &Graph) -> TopicIndex {
    let mut index: TopicIndex = HashMap::new();
    for (id, page) in graph.pages_of(PageKind::Excerpt) {
        if let Some(excerpt) = page.doc.fields.excerpt() {
            for topic in &excerpt.topics {
                index
                    .entry((excerpt.part, topic.clone()))
                    .or_default()
                    .push(id);
            }
        }
    }
    index
}

/// Excerpts sharing a topic and part with `page`, most shared topics first.
pub fn related_excerpts(graph: &Graph, page: PageId, limit: usize) -> Vec<PageId> {
    let Some(excerpt) = graph.pages[page].doc.fields.excerpt() else {
        return Vec::new();
    };
    let mut shared: BTreeMap<PageId, usize> = BTreeMap::new();
    for topic in &excerpt.topics {
        let candidates = graph.topic_index.get(&(excerpt.part, topic.clone()));
        for &other in candidates.into_iter().flatten() {
            if other != page {
                *shared.entry(other).or_default() += 1;
            }
        }
    }
    // Ties (most are: one shared topic) are broken by a hash of the two
    // paths, not by page order, so no excerpt turns up in every list of
    // its topic, and adding a page does not reshuffle every list.
    let this = &graph.pages[page].doc.rel_path;
    let same_source = |other: PageId| graph.pages[other].source == graph.pages[page].source;
    let mut scored: Vec<(usize, bool, u64, PageId)> = shared
        .into_iter()
        .map(|(id, n)| {
            (
                n,
                same_source(id),
                pair_hash(this, &graph.pages[id].doc.rel_path),
                id,
            )
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    scored.into_iter().take(limit).map(|(.., id)| id).collect()
}

fn pair_hash(a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (a, b).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_found_before_quotes() {
        let known: HashSet<&str> = COMMON_VERBS.iter().copied().collect();
        assert_eq!(
            collocation_verb("，牢固树立“", &known).as_deref(),
            Some("牢固树立")
        );
        assert_eq!(collocation_verb("增强", &known).as_deref(), Some("增强"));
        assert_eq!(
            collocation_verb("认真研读", &known).as_deref(),
            Some("研读")
        );
        assert_eq!(collocation_verb("党的", &known), None);
        assert_eq!(collocation_verb("", &known), None);
    }
}
