//! What the mentions add up to: backlinks with their sentences, formulations
//! used together, and the verbs that precede each formulation in the corpus.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Graph, Node, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::parse::{PageKind, Part};
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
    /// The mentions by part of report, most useful first (see
    /// [`use_groups`]), in [`Part::ALL`] order, then pages that are not
    /// excerpts; only groups with mentions.
    pub groups: Vec<UseGroup>,
    /// Sources of the excerpts that mention it: (source, mentions), most
    /// first, then by title.
    pub by_source: Vec<(PageId, usize)>,
}

/// Mentions per page of a formulation's usage lists. (Render shows them;
/// the graph needs the number to tell when a text edit adds or removes a
/// list page.)
pub const USES_PER_PAGE: usize = 100;

/// Mentions of each group a formulation's page shows (the first, most
/// useful); a group with more gets a usage list.
pub const USES_PREVIEW: usize = 10;

/// A formulation's mentions in one part of reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UseGroup {
    /// `None`: pages that are not excerpts.
    pub part: Option<Part>,
    /// Most useful first.
    pub backlinks: Vec<Backlink>,
}

impl UseGroup {
    /// The group's name in URLs (`problem`, or `page` for other pages).
    pub fn key(&self) -> &'static str {
        self.part.map_or("page", Part::as_str)
    }

    /// Pages of its usage list: none when the formulation's page shows
    /// every mention of the group.
    pub fn list_pages(&self) -> usize {
        if self.backlinks.len() <= USES_PREVIEW {
            0
        } else {
            self.backlinks.len().div_ceil(USES_PER_PAGE)
        }
    }
}

/// The usage list pages of a formulation: (group key, pages) per group
/// that has any (a group short enough to show whole on the formulation's
/// page has no job, so it coming or going changes no list of jobs).
pub fn list_shape(stats: &FormulationStats) -> Vec<(&'static str, usize)> {
    stats
        .groups
        .iter()
        .map(|g| (g.key(), g.list_pages()))
        .filter(|&(_, pages)| pages > 0)
        .collect()
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
pub fn formulation_stats(graph: &mut Graph) -> Vec<std::sync::Arc<FormulationStats>> {
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
    {
        let graph: &Graph = graph;
        stats.par_iter_mut().for_each(|stat| {
            (stat.groups, stat.by_source) = use_groups(graph, &stat.backlinks);
        });
    }
    for (page, uses) in graph.pages.iter_mut().zip(uses_by_page) {
        page.uses = uses;
    }
    stats.into_iter().map(std::sync::Arc::new).collect()
}

/// Brings the statistics up to date after the bodies of `pages` changed
/// (their front matter did not), given each page's rendered body before
/// the change (`old`, in the same order): what the old bodies contributed
/// is taken out and what the new ones contribute is put in, so the cost
/// follows the edit and the formulations it touches, not the site (an
/// excerpt save at 100,000 pages recounted every mention). Fills
/// `Page::uses` of the pages; returns the formulations whose statistics
/// were touched (mentioned before or after), sorted, and whether the
/// number of pages citing any of them changed. The result equals
/// [`formulation_stats`] over the patched graph (a test compares them).
pub fn patch_formulation_stats(
    graph: &mut Graph,
    pages: &[PageId],
    old: &[std::sync::Arc<crate::markdown::Rendered>],
) -> (Vec<usize>, bool) {
    let collocations: Vec<String> = graph
        .formulations
        .iter()
        .filter_map(|&page| graph.pages[page].doc.fields.formulation())
        .flat_map(|f| f.collocations.iter().cloned())
        .collect();
    let mut known: FxHashSet<&str> = COMMON_VERBS.iter().copied().collect();
    known.extend(collocations.iter().map(String::as_str));
    let target_formulation: Vec<usize> =
        graph.terms.targets.iter().map(|t| t.formulation).collect();
    let new: Vec<std::sync::Arc<crate::markdown::Rendered>> = pages
        .iter()
        .map(|&id| graph.pages[id].rendered.clone())
        .collect();
    let before: Vec<PageUses> = old
        .iter()
        .map(|r| rendered_uses(r, &target_formulation, &known))
        .collect();
    let after: Vec<PageUses> = new
        .iter()
        .map(|r| rendered_uses(r, &target_formulation, &known))
        .collect();
    let mut touched: Vec<usize> = before
        .iter()
        .chain(&after)
        .flat_map(|c| c.uses.iter().map(|&(f, _)| f))
        .collect();
    touched.sort_unstable();
    touched.dedup();
    // Signed changes: pages per formulation, verbs, pages shared by pairs.
    let mut page_delta: FxHashMap<usize, isize> = FxHashMap::default();
    let mut verb_delta: FxHashMap<(usize, &str), isize> = FxHashMap::default();
    let mut pair_delta: FxHashMap<(usize, usize), isize> = FxHashMap::default();
    for (contributions, sign) in [(&before, -1), (&after, 1)] {
        for c in contributions {
            for &(f, verb) in &c.verbs {
                *verb_delta.entry((f, verb)).or_default() += sign;
            }
            for (i, &(a, _)) in c.uses.iter().enumerate() {
                *page_delta.entry(a).or_default() += sign;
                for &(b, _) in &c.uses[i + 1..] {
                    *pair_delta.entry((a, b)).or_default() += sign;
                }
            }
        }
    }
    let patched: FxHashSet<PageId> = pages.iter().copied().collect();
    let mut stats = std::mem::take(&mut graph.stats);
    for &f in &touched {
        let stat = std::sync::Arc::make_mut(&mut stats[f]);
        stat.backlinks.retain(|b| !patched.contains(&b.page));
        for (&page, rendered) in pages.iter().zip(&new) {
            stat.backlinks.extend(
                rendered
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| target_formulation[m.target] == f)
                    .map(|(mention, _)| Backlink { page, mention }),
            );
        }
        stat.backlinks.sort_unstable_by_key(|b| (b.page, b.mention));
        let pages_now = stat.pages as isize + page_delta.get(&f).copied().unwrap_or(0);
        stat.pages = pages_now.max(0) as usize;
        let mut verbs: FxHashMap<String, isize> = stat
            .verbs
            .drain(..)
            .map(|(verb, n)| (verb, n as isize))
            .collect();
        for (&(g, verb), &delta) in &verb_delta {
            if g == f {
                *verbs.entry(verb.to_string()).or_default() += delta;
            }
        }
        stat.verbs = ranked(verbs.into_iter());
    }
    // A pair's count is kept on both sides.
    let mut with_delta: FxHashMap<usize, Vec<(usize, isize)>> = FxHashMap::default();
    for (&(a, b), &delta) in &pair_delta {
        if delta != 0 {
            with_delta.entry(a).or_default().push((b, delta));
            with_delta.entry(b).or_default().push((a, delta));
        }
    }
    for (f, deltas) in with_delta {
        let stat = std::sync::Arc::make_mut(&mut stats[f]);
        let mut with: FxHashMap<usize, isize> = stat
            .used_with
            .drain(..)
            .map(|(g, n)| (g, n as isize))
            .collect();
        for (g, delta) in deltas {
            *with.entry(g).or_default() += delta;
        }
        let mut with: Vec<(usize, usize)> = with
            .into_iter()
            .filter(|&(_, n)| n > 0)
            .map(|(g, n)| (g, n as usize))
            .collect();
        with.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        stat.used_with = with;
    }
    {
        let graph: &Graph = graph;
        for &f in &touched {
            let stat = std::sync::Arc::make_mut(&mut stats[f]);
            (stat.groups, stat.by_source) = use_groups(graph, &stat.backlinks);
        }
    }
    graph.stats = stats;
    for (&id, mut c) in pages.iter().zip(after) {
        c.uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        graph.pages[id].uses = c.uses;
    }
    let counts_changed = page_delta.values().any(|&delta| delta != 0);
    (touched, counts_changed)
}

/// Verb counts, most first then by verb, without the ones that fell to 0.
fn ranked(counts: impl Iterator<Item = (String, isize)>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts
        .filter(|&(_, n)| n > 0)
        .map(|(verb, n)| (verb, n as usize))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// A formulation's mentions grouped by the part of report they stand in,
/// each group most useful first: one mention from each source before a
/// second from any (a writer wants to see how different documents use it),
/// newer documents first, then in page order. Also the sources, counted.
fn use_groups(graph: &Graph, backlinks: &[Backlink]) -> (Vec<UseGroup>, Vec<(PageId, usize)>) {
    let group_of = |b: &Backlink| {
        graph.pages[b.page]
            .doc
            .fields
            .excerpt()
            .map(|e| Part::ALL.iter().position(|p| *p == e.part).unwrap_or(0))
            .unwrap_or(Part::ALL.len())
    };
    let mut seen: FxHashMap<(usize, PageId), u32> = FxHashMap::default();
    let mut by_source: FxHashMap<PageId, usize> = FxHashMap::default();
    let mut keyed: Vec<(usize, u32, std::cmp::Reverse<i32>, PageId, Backlink)> = backlinks
        .iter()
        .map(|b| {
            let page = &graph.pages[b.page];
            let source = page.source.unwrap_or(b.page);
            if page.source.is_some() {
                *by_source.entry(source).or_default() += 1;
            }
            let group = group_of(b);
            let ordinal = seen.entry((group, source)).or_default();
            let key = (
                group,
                *ordinal,
                std::cmp::Reverse(page.year.unwrap_or(0)),
                source,
                *b,
            );
            *ordinal += 1;
            key
        })
        .collect();
    keyed.sort_unstable_by_key(|&(group, ordinal, year, source, b)| {
        (group, ordinal, year, source, b.page, b.mention)
    });
    let mut groups: Vec<UseGroup> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        groups.push(UseGroup {
            part: Part::ALL.get(run[0].0).copied(),
            backlinks: run.iter().map(|k| k.4).collect(),
        });
    }
    let mut by_source: Vec<(PageId, usize)> = by_source.into_iter().collect();
    by_source.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            graph.pages[a.0]
                .doc
                .meta
                .title
                .cmp(&graph.pages[b.0].doc.meta.title)
                .then(a.0.cmp(&b.0))
        })
    });
    (groups, by_source)
}

fn page_uses<'g>(
    page: &'g super::Page,
    target_formulation: &[usize],
    known: &FxHashSet<&str>,
) -> PageUses<'g> {
    rendered_uses(&page.rendered, target_formulation, known)
}

/// What a body's mentions contribute to the statistics.
fn rendered_uses<'g>(
    rendered: &'g crate::markdown::Rendered,
    target_formulation: &[usize],
    known: &FxHashSet<&str>,
) -> PageUses<'g> {
    let mut uses: Vec<(usize, usize)> = Vec::new();
    let mut verbs = Vec::new();
    for mention in &rendered.mentions {
        let f = target_formulation[mention.target];
        match uses.iter_mut().find(|(g, _)| *g == f) {
            Some((_, n)) => *n += 1,
            None => uses.push((f, 1)),
        }
        if let Some(verb) = collocation_verb(mention.before(&rendered.plain_text), known) {
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

/// Excerpts grouped for related-excerpt lists: for each part and each set
/// of one, two or three topics, the excerpts of that part that have all of
/// them, in an order of their own (a hash of the path), so a list is found
/// by looking at a few neighbours in a few groups instead of at every
/// excerpt of a topic (a topic on a third of 100,000 pages made each of
/// those pages rank 30,000 candidates).
#[derive(Debug, Clone, Default)]
pub struct RelatedIndex {
    groups: Vec<Vec<Candidate>>,
    /// Each excerpt's place in each of its groups, by page id.
    places: Vec<Vec<Place>>,
}

/// Up to [`SHARED_TOPICS_RANKED`] topics, as numbers in ascending order
/// (unused slots `u32::MAX`).
type TopicSet = [u32; SHARED_TOPICS_RANKED];

/// One of an excerpt's groups and where the excerpt stands in it.
#[derive(Debug, Clone, Copy)]
struct Place {
    group: u32,
    /// Topics the group's excerpts share.
    shared: u8,
    position: u32,
}

/// Related excerpts are ranked by how many topics they share, counting up
/// to this many (an excerpt sharing four topics ranks with those sharing
/// three).
const SHARED_TOPICS_RANKED: usize = 3;

/// Neighbours looked at on each side of an excerpt in each of its groups.
const RELATED_WINDOW: usize = 8;

pub fn related_index(graph: &Graph) -> RelatedIndex {
    let mut topic_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut group_ids: FxHashMap<(crate::parse::Part, TopicSet), u32> = FxHashMap::default();
    let mut index = RelatedIndex {
        groups: Vec::new(),
        places: vec![Vec::new(); graph.pages.len()],
    };
    for (id, page) in graph.pages_of(PageKind::Excerpt) {
        let Some(excerpt) = page.doc.fields.excerpt() else {
            continue;
        };
        let mut topics: Vec<u32> = excerpt
            .topics
            .iter()
            .map(|t| {
                let next = topic_ids.len() as u32;
                *topic_ids.entry(t.as_str()).or_insert(next)
            })
            .collect();
        topics.sort_unstable();
        topics.dedup();
        let candidate = Candidate {
            page: id,
            path_hash: path_hash(&page.doc.rel_path),
            source: page.source,
        };
        for set in topic_subsets(&topics) {
            let next = group_ids.len() as u32;
            let group = *group_ids.entry((excerpt.part, set)).or_insert(next);
            if group == next {
                index.groups.push(Vec::new());
            }
            index.groups[group as usize].push(candidate);
            index.places[id].push(Place {
                group,
                shared: set.iter().filter(|&&t| t != u32::MAX).count() as u8,
                position: 0,
            });
        }
    }
    for group in &mut index.groups {
        group.sort_unstable_by_key(|c| (c.path_hash, c.page));
    }
    for (id, places) in index.places.iter_mut().enumerate() {
        for place in places.iter_mut() {
            let group = &index.groups[place.group as usize];
            let key = (path_hash(&graph.pages[id].doc.rel_path), id);
            place.position = group
                .binary_search_by_key(&key, |c| (c.path_hash, c.page))
                .unwrap_or(0) as u32;
        }
    }
    index
}

/// Every set of one to [`SHARED_TOPICS_RANKED`] of `topics` (sorted,
/// distinct), padded with `u32::MAX`.
fn topic_subsets(topics: &[u32]) -> Vec<TopicSet> {
    let mut sets = Vec::new();
    let n = topics.len();
    for a in 0..n {
        sets.push([topics[a], u32::MAX, u32::MAX]);
        for b in a + 1..n {
            sets.push([topics[a], topics[b], u32::MAX]);
            for c in b + 1..n {
                sets.push([topics[a], topics[b], topics[c]]);
            }
        }
    }
    sets
}

/// Excerpts sharing the part and topics with `page`, most shared topics
/// first (then the page's own source, then an order that differs from
/// page to page). Looks at [`RELATED_WINDOW`] neighbours on
/// each side in each of the page's groups: the cost of a list does not
/// depend on how many excerpts share a topic.
pub fn related_excerpts(graph: &Graph, page: PageId, limit: usize) -> Vec<PageId> {
    let index = &graph.related_index;
    let Some(places) = index.places.get(page) else {
        return Vec::new();
    };
    let this = path_hash(&graph.pages[page].doc.rel_path);
    let source = graph.pages[page].source;
    // Same ranking as before groups: most shared topics, then the page's
    // own source, then a hash of the two paths (ties differ from page to
    // page, so no excerpt turns up in every list of its topic).
    let mut scored: Vec<(std::cmp::Reverse<u8>, bool, u64, PageId)> = Vec::new();
    for place in places {
        let Some(group) = index.groups.get(place.group as usize) else {
            continue;
        };
        let position = place.position as usize;
        let from = position.saturating_sub(RELATED_WINDOW);
        let to = (position + RELATED_WINDOW + 1).min(group.len());
        for other in &group[from..to] {
            if other.page == page {
                continue;
            }
            scored.push((
                std::cmp::Reverse(place.shared),
                other.source != source,
                pair_rank(this, other.path_hash),
                other.page,
            ));
        }
    }
    // Best first; a page found in several groups keeps its best entry.
    scored.sort_unstable();
    let mut seen = rustc_hash::FxHashSet::default();
    scored
        .into_iter()
        .filter(|entry| seen.insert(entry.3))
        .take(limit)
        .map(|(.., id)| id)
        .collect()
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
