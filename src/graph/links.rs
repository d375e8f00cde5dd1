//! What the mentions add up to: backlinks with their sentences, formulations
//! used together, and the verbs that precede each formulation in the corpus.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Graph, Node, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::parse::PageKind;
use crate::t;

/// One place a formulation is used: a mention in a page's rendered body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    pub page: PageId,
    /// Index into the page's `rendered.mentions`.
    pub mention: usize,
}

impl Backlink {
    /// The mention: its sentence, span and the spelling used.
    pub fn mention<'g>(&self, graph: &'g Graph) -> &'g crate::markdown::Mention {
        &graph.pages[self.page].rendered.mentions[self.mention]
    }
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
pub fn collocation_verb<'a>(before: &'a str, known: &FxHashSet<&str>) -> Option<&'a str> {
    let trimmed = before.trim_end_matches(['“', '"', '‘', '「', '『', '《', ' ']);
    // Byte offsets where the last 1, 2, 3 and 4 characters start (this
    // runs for every mention of every build: no allocation).
    let mut starts = [0usize; 4];
    let mut found = 0;
    for (i, _) in trimmed.char_indices().rev().take(4) {
        starts[found] = i;
        found += 1;
    }
    // Longest known verb first (牢固树立 before 树立).
    for len in (2..=found).rev() {
        let tail = &trimmed[starts[len - 1]..];
        if known.contains(tail) {
            return Some(tail);
        }
    }
    if found < 2 {
        return None;
    }
    let tail = &trimmed[starts[1]..];
    let looks_like_verb = tail.chars().all(crate::slug::is_cjk)
        && tail.chars().last().is_some_and(|c| !NOT_VERBS.contains(&c));
    looks_like_verb.then_some(tail)
}

/// What one page contributes to the statistics.
struct PageUses<'g> {
    /// (formulation, mentions), by formulation.
    uses: Vec<(usize, usize)>,
    /// (formulation, the verb before a mention of it).
    verbs: Vec<(usize, &'g str)>,
}

/// Backlinks, co-occurrence and verbs for every formulation; fills `Page::uses`.
pub fn formulation_stats(graph: &mut Graph) -> Vec<FormulationStats> {
    let count = graph.formulations.len();
    let mut known: FxHashSet<&str> = COMMON_VERBS.iter().copied().collect();
    for &page in &graph.formulations {
        if let Some(f) = graph.pages[page].doc.fields.formulation() {
            known.extend(f.collocations.iter().map(String::as_str));
        }
    }
    let target_formulation: Vec<usize> =
        graph.terms.targets.iter().map(|t| t.formulation).collect();
    let per_page: Vec<PageUses> = graph
        .pages
        .par_iter()
        .map(|page| page_uses(page, &target_formulation, &known))
        .collect();
    let mut stats = vec![FormulationStats::default(); count];
    let mut verbs: Vec<FxHashMap<&str, usize>> = vec![FxHashMap::default(); count];
    let mut pairs = PairCounts::new(count);
    for (id, (page, contribution)) in graph.pages.iter().zip(&per_page).enumerate() {
        for (index, mention) in page.rendered.mentions.iter().enumerate() {
            let backlink = Backlink {
                page: id,
                mention: index,
            };
            stats[target_formulation[mention.target]]
                .backlinks
                .push(backlink);
        }
        for &(f, verb) in &contribution.verbs {
            *verbs[f].entry(verb).or_default() += 1;
        }
        for (i, &(a, _)) in contribution.uses.iter().enumerate() {
            stats[a].pages += 1;
            for &(b, _) in &contribution.uses[i + 1..] {
                pairs.add(a, b);
            }
        }
    }
    let uses_by_page: Vec<Vec<(usize, usize)>> = per_page
        .into_iter()
        .map(|contribution| {
            let mut uses = contribution.uses;
            uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            uses
        })
        .collect();
    let mut used_with: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (a, b, n) in pairs.into_counts() {
        used_with[a].push((b, n));
        used_with[b].push((a, n));
    }
    for (f, stat) in stats.iter_mut().enumerate() {
        let mut with = std::mem::take(&mut used_with[f]);
        with.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        stat.used_with = with;
        let mut v: Vec<(String, usize)> = verbs[f]
            .iter()
            .map(|(verb, &n)| (verb.to_string(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        stat.verbs = v;
    }
    for (page, uses) in graph.pages.iter_mut().zip(uses_by_page) {
        page.uses = uses;
    }
    stats
}

fn page_uses<'g>(
    page: &'g super::Page,
    target_formulation: &[usize],
    known: &FxHashSet<&str>,
) -> PageUses<'g> {
    let mut uses: Vec<(usize, usize)> = Vec::new();
    let mut verbs = Vec::new();
    for mention in &page.rendered.mentions {
        let f = target_formulation[mention.target];
        match uses.iter_mut().find(|(g, _)| *g == f) {
            Some((_, n)) => *n += 1,
            None => uses.push((f, 1)),
        }
        if let Some(verb) = collocation_verb(&mention.before, known) {
            verbs.push((f, verb));
        }
    }
    uses.sort_unstable();
    PageUses { uses, verbs }
}

/// How many pages mention both of two formulations: a dense table while
/// it is small (every page adds a count per pair, so this is hot), a map
/// beyond that.
enum PairCounts {
    Dense { count: usize, table: Vec<u32> },
    Sparse(FxHashMap<(usize, usize), usize>),
}

impl PairCounts {
    const DENSE_LIMIT: usize = 2048;

    fn new(count: usize) -> PairCounts {
        if count <= Self::DENSE_LIMIT {
            PairCounts::Dense {
                count,
                table: vec![0; count * count],
            }
        } else {
            PairCounts::Sparse(FxHashMap::default())
        }
    }

    /// Counts one page mentioning `a` and `b` (`a < b`).
    fn add(&mut self, a: usize, b: usize) {
        match self {
            PairCounts::Dense { count, table } => table[a * *count + b] += 1,
            PairCounts::Sparse(map) => *map.entry((a, b)).or_default() += 1,
        }
    }

    /// Every pair counted, as (a, b, pages).
    fn into_counts(self) -> Vec<(usize, usize, usize)> {
        match self {
            PairCounts::Dense { count, table } => table
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0)
                .map(|(i, &n)| (i / count, i % count, n as usize))
                .collect(),
            PairCounts::Sparse(map) => map.into_iter().map(|((a, b), n)| (a, b, n)).collect(),
        }
    }
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
                    Some(s) => t!(
                        "是不是要写 `#{s}`？锚点是目标页面中标题的 id",
                        "did you mean `#{s}`? anchors are the ids of the page's headings"
                    ),
                    None => t!(
                        "锚点是目标页面中标题的 id",
                        "anchors are the ids of the target page's headings"
                    ),
                };
                let target = &link.rel_path;
                diagnostics.push(
                    Diagnostic::error(
                        rule::BROKEN_ANCHOR,
                        doc.display_path(),
                        t!(
                            "content/{target} 中没有标题 `#{anchor}`",
                            "content/{target} has no heading `#{anchor}`"
                        ),
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
pub type TopicIndex = FxHashMap<(crate::parse::Part, String), Vec<Candidate>>;

/// An excerpt in a topic bucket, with what ranking it as a related excerpt
/// needs: every page reads its buckets' hundreds of entries, so they are
/// read in order instead of through each page.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub page: PageId,
    path_hash: u64,
    source: Option<PageId>,
}

pub fn topic_index(graph: &Graph) -> TopicIndex {
    let mut index: TopicIndex = FxHashMap::default();
    for (id, page) in graph.pages_of(PageKind::Excerpt) {
        if let Some(excerpt) = page.doc.fields.excerpt() {
            let candidate = Candidate {
                page: id,
                path_hash: path_hash(&page.doc.rel_path),
                source: page.source,
            };
            for topic in &excerpt.topics {
                index
                    .entry((excerpt.part, topic.clone()))
                    .or_default()
                    .push(candidate);
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
    // Candidates with the number of topics they share. Every page renders
    // this over buckets of hundreds of excerpts, so: a flat list, sorted
    // once, and only the best `limit` ranked in full.
    let mut candidates: Vec<Candidate> = excerpt
        .topics
        .iter()
        .filter_map(|topic| graph.topic_index.get(&(excerpt.part, topic.clone())))
        .flatten()
        .copied()
        .filter(|other| other.page != page)
        .collect();
    candidates.sort_unstable_by_key(|c| c.page);
    // Ties (most are: one shared topic) are broken by a hash of the two
    // paths, not by page order, so no excerpt turns up in every list of
    // its topic, and adding a page does not reshuffle every list.
    let this = path_hash(&graph.pages[page].doc.rel_path);
    let source = graph.pages[page].source;
    let mut scored: Vec<(std::cmp::Reverse<usize>, bool, u64, PageId)> = candidates
        .chunk_by(|a, b| a.page == b.page)
        .map(|run| {
            let other = run[0];
            (
                std::cmp::Reverse(run.len()),
                other.source != source,
                pair_rank(this, other.path_hash),
                other.page,
            )
        })
        .collect();
    if scored.len() > limit {
        scored.select_nth_unstable(limit);
        scored.truncate(limit);
    }
    scored.sort_unstable();
    scored.into_iter().map(|(.., id)| id).collect()
}

fn path_hash(path: &str) -> u64 {
    crate::hash::hash_of(path)
}

/// A well-mixed hash of an ordered pair of path hashes (the SplitMix64
/// finaliser), so the order of ties differs from page to page.
fn pair_rank(this: u64, other: u64) -> u64 {
    let mut x = this.rotate_left(29) ^ other ^ 0x9E37_79B9_7F4A_7C15;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_found_before_quotes() {
        let known: FxHashSet<&str> = COMMON_VERBS.iter().copied().collect();
        assert_eq!(collocation_verb("，牢固树立“", &known), Some("牢固树立"));
        assert_eq!(collocation_verb("增强", &known), Some("增强"));
        assert_eq!(collocation_verb("认真研读", &known), Some("研读"));
        assert_eq!(collocation_verb("党的", &known), None);
        assert_eq!(collocation_verb("", &known), None);
    }
}
