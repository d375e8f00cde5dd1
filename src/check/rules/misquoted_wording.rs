//! `misquoted-wording`: a text that spells out a formulation's parts
//! (四个意识 = 政治意识、大局意识、核心意识、看齐意识) with parts missing,
//! extra, repeated, out of order or mistyped (看其意识), with the canonical
//! `full` wording as the fix.
//!
//! How an enumeration is found, in each block of prose:
//!
//! 1. Every part of every formulation with two or more `parts` is found
//!    (leftmost-longest, so a part containing 、 or ， — 四种形态, 两个维护 —
//!    is one unit).
//! 2. The text is cut into runs of items separated by 、, or standing side
//!    by side in quotation marks (“甲”“乙”); any other punctuation (，。；：
//!    ！？ brackets, line breaks) ends a run. Quote marks around items are
//!    ignored. A stretch holding two parts is two items when only a
//!    connector stands between them (核心意识和看齐意识: 和, 及, 与, 以及,
//!    或), and two runs otherwise (“构建不敢腐、不能腐、不想腐的机制”修改为
//!    “一体推进不敢腐、不能腐、不想腐” lists the three parts twice).
//! 3. An item is a part when it is the part, give or take a lead-in before
//!    the first item (增强政治意识), a tail after the last (看齐意识不强), and
//!    two characters elsewhere (不讲大局意识). A part of one or two characters
//!    (创新, 协调 of 新发展理念) gets no such slack: 改革开放 is not 开放.
//!
//! A run is checked against a formulation only when it lists at least two
//! of its parts and is an enumeration *of that formulation*: its title (or a
//! variant) stands within a few characters of the run (“四个意识”即政治意识、
//! 大局意识…), or the run lists more than half of the parts. Half is not
//! enough: 形式主义、官僚主义 is a wording of its own, not 四风 with two
//! parts missing. A checked run is reported when parts are repeated or out
//! of order, when an item that is not a part stands between two parts
//! (政治意识、责任意识、看齐意识), or when parts are missing — from the whole
//! sentence, not just the list (以文化自信来支撑道路自信、理论自信和制度自信
//! names all four). Items before the first part or after the last are not
//! counted as extra: complete enumerations are often extended
//! (经济建设、…、生态文明建设和党的建设).
//!
//! A mistyped part (看其意识 for 看齐意识) is an item that is not a part but
//! holds, with the slack of step 3, a stretch one edit away (a character
//! changed, added, dropped, or two neighbours swapped) from a part of four
//! or more characters that the run does not list. It counts as that part
//! (for order and what is missing) and is reported as mistyped: 政治意识、
//! 大局意识、核心意识、看其意识 lists all four, one of them wrongly.
//!
//! An older wording is not a misquote: an enumeration inside a wording of
//! the formulation's `history` or one of its `also` spellings (found
//! without quote marks, as [`crate::check::matcher::Phrases`] does), such
//! as 四个全面's 全面建成小康社会、全面深化改革、全面依法治国、全面从严治党, is
//! left alone; whether it is out of date at the text's date is for
//! `stale-formulation` to say.
//!
//! Only an entry's own words are an authority: the parts of an entry whose
//! `wording` is `gloss` or `pending` are not in the rule data
//! ([`crate::check::data`]), so they never make a text "misquoted".

use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::check::data::RuleData;
use crate::check::matcher::{Skeleton, leftmost_longest, strip_quotes};
use crate::check::prose::{Block, PLACEHOLDER};
use crate::check::{Checker, Finding, Subject};
use crate::i18n::Text;
use crate::markdown::{is_sentence_end, sentence_start};
use crate::t;

pub const NAME: &str = "misquoted-wording";

/// How far (in characters) a formulation's title may stand from a run and
/// still name it: room for quote marks and a word like 即 or 的.
const TITLE_DISTANCE: usize = 4;

/// Parts this short must be a whole item (see the module doc).
const SHORT_PART: usize = 2;

/// Characters a longer part may have around it inside a list (不讲大局意识).
const SLACK: usize = 2;

/// Parts at least this long are recognised when mistyped by one edit.
const FUZZY_PART: usize = 4;

/// Marks around items that are not part of them.
const MARKS: &[char] = &[
    ' ', '\t', '“', '”', '‘', '’', '"', '\'', '「', '」', '\u{3000}',
];

/// Connectors before the last item of an enumeration.
const CONNECTORS: [&str; 5] = ["以及", "和", "及", "与", "或"];

/// Every part of every numbered formulation, ready to match.
pub struct PartMatcher {
    automaton: Option<AhoCorasick>,
    /// Pattern id → (formulation, part index) of every formulation with that part.
    owners: Vec<Vec<(usize, usize)>>,
    /// The part count of each formulation (0 when it is not numbered).
    counts: Vec<usize>,
}

impl PartMatcher {
    pub fn new(data: &RuleData) -> PartMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut seen: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut counts = vec![0; data.formulations.len()];
        for (formulation, count) in counts.iter_mut().enumerate() {
            let parts = &data.formulations[formulation].parts;
            if parts.len() < 2 {
                continue;
            }
            *count = parts.len();
            for (index, part) in parts.iter().enumerate() {
                let owner = (formulation, index);
                match seen.get(part.as_str()) {
                    Some(&pattern) => owners[pattern].push(owner),
                    None => {
                        seen.insert(part, patterns.len());
                        patterns.push(part.to_string());
                        owners.push(vec![owner]);
                    }
                }
            }
        }
        let automaton = leftmost_longest(&patterns);
        PartMatcher {
            automaton,
            owners,
            counts,
        }
    }

    fn find(&self, text: &str) -> Vec<Occurrence> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .map(|m| Occurrence {
                range: m.start()..m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect()
    }
}

/// A part found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Occurrence {
    range: Range<usize>,
    pattern: usize,
}

/// One item of an enumeration: its byte range (quote marks trimmed) and the
/// part found in it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    range: Range<usize>,
    part: Option<Occurrence>,
}

pub fn find(checker: &Checker, _subject: &Subject, block: &Block) -> Vec<Finding> {
    let scan = Scan {
        checker,
        text: &block.text,
        occurrences: checker.parts.find(&block.text),
    };
    if scan.occurrences.len() < 2 {
        return Vec::new();
    }
    let mut found = Vec::new();
    for run in runs(scan.text, &scan.occurrences) {
        for problem in scan.problems(&run) {
            if !scan.older_wording_covers(&problem) {
                found.push(finding(checker, block, &problem));
            }
        }
    }
    found
}

/// Punctuation other than 、 that ends an enumeration.
fn is_run_end(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '!'
            | '？'
            | '?'
            | '（'
            | '）'
            | '('
            | ')'
            | '《'
            | '》'
            | '\n'
            | PLACEHOLDER
    )
}

/// Splits text into runs of 、-separated items (module doc, step 2).
fn runs(text: &str, occurrences: &[Occurrence]) -> Vec<Vec<Item>> {
    let mut runs = Runs::default();
    let mut item_start = 0;
    let mut next = occurrences.iter().peekable();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        // A part is one unit even if it contains 、 or ，.
        if let Some(occurrence) = next.next_if(|o| o.range.start == offset) {
            while chars.next_if(|&(o, _)| o < occurrence.range.end).is_some() {}
            continue;
        }
        // “甲”“乙”: quotations in a list stand side by side without 、.
        let side_by_side = c == '“' && text[..offset].ends_with('”');
        if c == '、' || side_by_side || is_run_end(c) {
            runs.stretch(text, item_start..offset, occurrences);
            item_start = if side_by_side {
                offset
            } else {
                offset + c.len_utf8()
            };
        }
        if is_run_end(c) {
            runs.end_run();
        }
    }
    runs.stretch(text, item_start..text.len(), occurrences);
    runs.end_run();
    runs.done
}

/// Runs being collected.
#[derive(Default)]
struct Runs {
    done: Vec<Vec<Item>>,
    current: Vec<Item>,
}

impl Runs {
    fn end_run(&mut self) {
        let run = std::mem::take(&mut self.current);
        if run.iter().filter(|i| i.part.is_some()).count() >= 2 {
            self.done.push(run);
        }
    }

    /// Adds the items of one 、-separated stretch: one item, or one per part
    /// in it. Between two parts, a connector (核心意识和看齐意识) separates
    /// items; any other text (不想腐的机制”修改为“一体推进不敢腐) separates runs.
    fn stretch(&mut self, text: &str, range: Range<usize>, occurrences: &[Occurrence]) {
        let range = trim(text, range);
        if range.is_empty() {
            return;
        }
        let inside: Vec<&Occurrence> = occurrences
            .iter()
            .filter(|o| o.range.start >= range.start && o.range.end <= range.end)
            .collect();
        if inside.len() < 2 {
            self.current.push(Item {
                part: inside.first().map(|&o| o.clone()),
                range,
            });
            return;
        }
        // A lead-in stays with the first part, a tail with the last.
        let last = inside.len() - 1;
        for (i, o) in inside.iter().enumerate() {
            let start = if i == 0 { range.start } else { o.range.start };
            let end = if i == last { range.end } else { o.range.end };
            self.current.push(Item {
                range: start..end,
                part: Some((*o).clone()),
            });
            if let Some(next) = inside.get(i + 1)
                && !is_connector(&text[o.range.end..next.range.start])
            {
                self.end_run();
            }
        }
    }
}

/// Text between two parts that joins them into one list: nothing but quote
/// marks, or 和, 及 ….
fn is_connector(gap: &str) -> bool {
    let gap = gap.trim_matches(MARKS);
    gap.is_empty() || CONNECTORS.contains(&gap)
}

/// A range without surrounding spaces and quote marks.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start_matches(MARKS).len());
    let end = range.start + slice.trim_end_matches(MARKS).len();
    start..end.max(start)
}

/// A misquoted enumeration of one formulation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    formulation: usize,
    /// From the first part to the last, in the block's text.
    range: Range<usize>,
    missing: Vec<usize>,
    repeated: Vec<usize>,
    /// Items between parts that are not parts.
    extra: Vec<Range<usize>>,
    /// Mistyped parts: where, and which part.
    mistyped: Vec<(Range<usize>, usize)>,
    out_of_order: bool,
}

/// One block's text and the parts found in it.
struct Scan<'a> {
    checker: &'a Checker,
    text: &'a str,
    occurrences: Vec<Occurrence>,
}

impl Scan<'_> {
    /// The formulations a run misquotes.
    fn problems(&self, run: &[Item]) -> Vec<Problem> {
        let mut formulations: Vec<usize> = run
            .iter()
            .filter_map(|item| item.part.as_ref())
            .flat_map(|o| self.checker.parts.owners[o.pattern].iter().map(|&(f, _)| f))
            .collect();
        formulations.sort_unstable();
        formulations.dedup();
        formulations
            .into_iter()
            .filter_map(|f| self.problem(run, f))
            .collect()
    }

    fn problem(&self, run: &[Item], formulation: usize) -> Option<Problem> {
        let count = self.checker.parts.counts[formulation];
        let exact: Vec<Option<usize>> = run
            .iter()
            .enumerate()
            .map(|(position, item)| self.part_index(run.len(), position, item, formulation))
            .collect();
        // Items that are no part but a part mistyped (module doc).
        let mut claimed: Vec<usize> = exact.iter().flatten().copied().collect();
        let mut mistyped: Vec<(usize, Range<usize>, usize)> = Vec::new();
        for (position, item) in run.iter().enumerate() {
            if exact[position].is_some() {
                continue;
            }
            if let Some((range, index)) =
                self.mistyped_part(run.len(), position, item, formulation, &claimed)
            {
                claimed.push(index);
                mistyped.push((position, range, index));
            }
        }
        let index_at = |position: usize| {
            exact[position].or_else(|| {
                mistyped
                    .iter()
                    .find(|(p, _, _)| *p == position)
                    .map(|(_, _, index)| *index)
            })
        };
        let indices: Vec<Option<usize>> = (0..run.len()).map(index_at).collect();
        let range_at = |position: usize| -> Option<Range<usize>> {
            match &run[position].part {
                Some(o) if exact[position].is_some() => Some(o.range.clone()),
                _ => mistyped
                    .iter()
                    .find(|(p, _, _)| *p == position)
                    .map(|(_, r, _)| r.clone()),
            }
        };
        let first = indices.iter().position(Option::is_some)?;
        let last = indices.iter().rposition(Option::is_some)?;
        // From the first part to the last: a lead-in verb (增强) is not marked.
        let range = range_at(first)?.start..range_at(last)?.end;
        let listed: Vec<usize> = indices.iter().flatten().copied().collect();
        let mut seen: Vec<usize> = Vec::new();
        let mut repeated = Vec::new();
        for &index in &listed {
            if seen.contains(&index) {
                repeated.push(index);
            } else {
                seen.push(index);
            }
        }
        // Whether this is an enumeration of the formulation at all is told
        // by its exact parts only: a typo does not make a list.
        let exact_seen = {
            let mut e: Vec<usize> = exact.iter().flatten().copied().collect();
            e.sort_unstable();
            e.dedup();
            e.len()
        };
        let named = self.title_near(&range, formulation);
        if exact_seen < 2 || !(named || exact_seen * 2 > count) {
            return None;
        }
        let problem = Problem {
            formulation,
            missing: self.missing(&range, &seen, count, formulation),
            range,
            repeated,
            extra: (first..=last)
                .filter(|&i| indices[i].is_none())
                .map(|i| run[i].range.clone())
                .collect(),
            mistyped: mistyped.into_iter().map(|(_, r, i)| (r, i)).collect(),
            out_of_order: seen.windows(2).any(|w| w[0] > w[1]),
        };
        let fine = problem.missing.is_empty()
            && problem.repeated.is_empty()
            && problem.extra.is_empty()
            && problem.mistyped.is_empty()
            && !problem.out_of_order;
        (!fine).then_some(problem)
    }

    /// A part of `formulation` (of [`FUZZY_PART`] or more characters, not in
    /// `claimed`) that `item` holds one edit away, within the slack of an
    /// exact part: the range of that stretch and the part's index. The
    /// earliest stretch wins (at equal starts: as long as the part, then one
    /// shorter, then one longer); parts are tried in order.
    fn mistyped_part(
        &self,
        run_len: usize,
        position: usize,
        item: &Item,
        formulation: usize,
        claimed: &[usize],
    ) -> Option<(Range<usize>, usize)> {
        let parts = &self.checker.data.formulations[formulation].parts;
        let chars: Vec<(usize, char)> = self.text[item.range.clone()]
            .char_indices()
            .map(|(o, c)| (item.range.start + o, c))
            .collect();
        let byte_at = |i: usize| chars.get(i).map_or(item.range.end, |&(o, _)| o);
        for (index, part) in parts.iter().enumerate() {
            let part_chars: Vec<char> = part.chars().collect();
            let len = part_chars.len();
            if len < FUZZY_PART || claimed.contains(&index) {
                continue;
            }
            for start in 0..chars.len() {
                for width in [len, len - 1, len + 1] {
                    let end = start + width;
                    if end > chars.len() {
                        continue;
                    }
                    let lead_in = if position == 0 { 0 } else { start };
                    let tail = if position + 1 == run_len {
                        0
                    } else {
                        chars.len() - end
                    };
                    if lead_in + tail > SLACK {
                        continue;
                    }
                    let stretch: Vec<char> = chars[start..end].iter().map(|&(_, c)| c).collect();
                    if edit_distance(&stretch, &part_chars) == 1 {
                        return Some((byte_at(start)..byte_at(end), index));
                    }
                }
            }
        }
        None
    }

    /// Parts not in the list and not elsewhere in its sentence either: in
    /// 以文化自信来支撑道路自信、理论自信和制度自信 nothing is missing.
    fn missing(
        &self,
        range: &Range<usize>,
        listed: &[usize],
        count: usize,
        formulation: usize,
    ) -> Vec<usize> {
        let text = self.text;
        // The sentence around the list: parts mentioned elsewhere in it count.
        let start = sentence_start(text, range.start);
        let end = text[range.end..]
            .find(is_sentence_end)
            .map_or(text.len(), |i| range.end + i);
        let in_sentence: Vec<usize> = self
            .occurrences
            .iter()
            .filter(|o| o.range.start >= start && o.range.end <= end)
            .flat_map(|o| &self.checker.parts.owners[o.pattern])
            .filter(|&&(f, _)| f == formulation)
            .map(|&(_, index)| index)
            .collect();
        (0..count)
            .filter(|i| !listed.contains(i) && !in_sentence.contains(i))
            .collect()
    }

    /// Which part of `formulation` an item is, if any (module doc, step 3).
    fn part_index(
        &self,
        run_len: usize,
        position: usize,
        item: &Item,
        formulation: usize,
    ) -> Option<usize> {
        let occurrence = item.part.as_ref()?;
        let &(_, index) = self.checker.parts.owners[occurrence.pattern]
            .iter()
            .find(|&&(f, _)| f == formulation)?;
        let chars = |r: Range<usize>| self.text[r].chars().count();
        let lead_in = match position {
            0 => 0,
            _ => chars(item.range.start..occurrence.range.start),
        };
        let tail = match position + 1 == run_len {
            true => 0,
            false => chars(occurrence.range.end..item.range.end),
        };
        let slack = match chars(occurrence.range.clone()) {
            n if n <= SHORT_PART => 0,
            _ => SLACK,
        };
        (lead_in + tail <= slack).then_some(index)
    }

    /// Whether a wording of the formulation's history (or an `also`
    /// spelling), found without quote marks, covers the problem's range.
    fn older_wording_covers(&self, problem: &Problem) -> bool {
        let entry = &self.checker.data.formulations[problem.formulation];
        let skeleton = Skeleton::new(self.text);
        entry
            .history
            .iter()
            .flat_map(|step| std::iter::once(&step.wording).chain(&step.also))
            .map(|wording| strip_quotes(wording))
            .filter(|pattern| !pattern.is_empty())
            .any(|pattern| {
                skeleton
                    .text
                    .match_indices(pattern.as_str())
                    .any(|(at, _)| {
                        let covered = skeleton.original(&(at..at + pattern.len()));
                        covered.start <= problem.range.start && problem.range.end <= covered.end
                    })
            })
    }

    /// Whether the formulation's title or a variant stands next to the run.
    fn title_near(&self, range: &Range<usize>, formulation: usize) -> bool {
        let text = self.text;
        self.checker.term_matches(text).any(|(m, f)| {
            f == formulation
                && (chars_between(text, m.end, range.start) <= TITLE_DISTANCE
                    || chars_between(text, range.end, m.start) <= TITLE_DISTANCE)
        })
    }
}

/// Characters from byte `from` to byte `to`; usize::MAX if `to` is before `from`.
fn chars_between(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(usize::MAX, |s| s.chars().count())
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours, each one edit (no substring edited twice).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

fn finding(checker: &Checker, block: &Block, problem: &Problem) -> Finding {
    let entry = &checker.data.formulations[problem.formulation];
    let title = &entry.title;
    let parts = &entry.parts;
    let name = |indices: &[usize], open: &str, close: &str| {
        indices
            .iter()
            .map(|&i| format!("{open}{}{close}", parts[i]))
            .collect::<Vec<_>>()
            .join("、")
    };
    let (mut what, mut zh) = (Vec::new(), Vec::new());
    if !problem.missing.is_empty() {
        what.push(format!("{} missing", name(&problem.missing, "`", "`")));
        zh.push(format!("缺少{}", name(&problem.missing, "“", "”")));
    }
    if !problem.extra.is_empty() {
        let extra = |open: &str, close: &str| {
            problem
                .extra
                .iter()
                .map(|r| format!("{open}{}{close}", &block.text[r.clone()]))
                .collect::<Vec<_>>()
                .join("、")
        };
        what.push(format!("{} not one of its parts", extra("`", "`")));
        zh.push(format!("{}不在其中", extra("“", "”")));
    }
    if !problem.mistyped.is_empty() {
        let typos = |open: &str, close: &str, sep: &str| {
            problem
                .mistyped
                .iter()
                .map(|(r, i)| {
                    format!(
                        "{open}{}{close}{sep}{open}{}{close}",
                        &block.text[r.clone()],
                        parts[*i]
                    )
                })
                .collect::<Vec<_>>()
                .join("、")
        };
        what.push(format!("mistyped: {}", typos("`", "`", " for ")));
        zh.push(format!("错字：{}", typos("“", "”", "应为")));
    }
    if !problem.repeated.is_empty() {
        what.push(format!("{} repeated", name(&problem.repeated, "`", "`")));
        zh.push(format!("{}重复", name(&problem.repeated, "“", "”")));
    }
    if problem.out_of_order {
        what.push("out of order".to_string());
        zh.push("顺序不对".to_string());
    }
    let full = &entry.full;
    Finding {
        rule: NAME,
        range: problem.range.clone(),
        message: Text {
            zh: format!(
                "“{title}”的表述有误：{}。规范表述为“{full}”。",
                zh.join("；")
            ),
            en: format!("the parts of `{title}` are misquoted: {}", what.join("; ")),
        },
        suggestion: Some(full.clone()),
        url: Some(entry.url.clone()),
        hint: t!("规范表述为“{full}”", "the canonical wording is `{full}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{draft, excerpt, graph, run, run_on_excerpt};

    fn messages(body: &str) -> Vec<String> {
        run_on_excerpt(NAME, body)
            .into_iter()
            .map(|d| d.message.en)
            .collect()
    }

    #[test]
    fn a_missing_part_is_reported_with_the_full_wording() {
        let found = run_on_excerpt(NAME, "牢固树立政治意识、大局意识、看齐意识。\n");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!((d.rule.as_str(), d.line, d.column), (NAME, 5, 5));
        assert_eq!(d.span_chars, "政治意识、大局意识、看齐意识".chars().count());
        assert!(
            d.message.en.contains("`核心意识` missing"),
            "{:?}",
            d.message
        );
        assert!(d.message.zh.contains("缺少“核心意识”"), "{:?}", d.message);
        let hint = d.hint.as_ref().expect("a hint");
        assert_eq!(
            hint.en,
            "the canonical wording is `政治意识、大局意识、核心意识、看齐意识`"
        );
        assert_eq!(
            hint.zh,
            "规范表述为“政治意识、大局意识、核心意识、看齐意识”"
        );
    }

    #[test]
    fn complete_enumerations_are_fine_however_joined() {
        for body in [
            "增强政治意识、大局意识、核心意识、看齐意识。",
            "增强“政治意识”、“大局意识”、“核心意识”和“看齐意识”。",
            "政治意识、大局意识、核心意识及看齐意识不强",
            "（政治意识、大局意识、核心意识、看齐意识）",
        ] {
            assert!(messages(body).is_empty(), "{body}: {:?}", messages(body));
        }
    }

    #[test]
    fn order_extra_and_repeated_parts() {
        let m = messages("增强政治意识、核心意识、大局意识、看齐意识。");
        assert!(m.len() == 1 && m[0].contains("out of order"), "{m:?}");
        let m = messages("增强政治意识、责任意识、核心意识、看齐意识。");
        assert!(
            m.len() == 1 && m[0].contains("`责任意识` not one of its parts"),
            "{m:?}"
        );
        assert!(m[0].contains("`大局意识` missing"), "{m:?}");
        let m = messages("政治意识、大局意识、政治意识、看齐意识、核心意识");
        assert!(
            m.len() == 1 && m[0].contains("repeated") && m[0].contains("out of order"),
            "{m:?}"
        );
    }

    #[test]
    fn a_partial_mention_is_fine_unless_it_names_the_formulation() {
        // One part only, or parts in different clauses: not an enumeration.
        assert!(messages("增强政治意识，提高大局意识。").is_empty());
        assert!(messages("看齐意识不强。").is_empty());
        // Two of four with the title next to it claims to be the whole.
        let m = messages("“四个意识”即政治意识、大局意识。");
        assert!(m.len() == 1 && m[0].contains("missing"), "{m:?}");
    }

    #[test]
    fn short_parts_must_be_whole_items() {
        let graph = graph(&[
            (
                "formulations/新发展理念.md",
                "---\ntitle: 新发展理念\nparts: [创新, 协调, 绿色, 开放, 共享]\n---\n",
            ),
            (
                "excerpts/s/001.md",
                &excerpt("深化改革开放、创新驱动、协调联动、绿色发展。\n"),
            ),
            (
                "excerpts/s/002.md",
                &excerpt("坚持创新、协调、开放、共享的发展理念。\n"),
            ),
        ]);
        assert!(run(NAME, &graph, "excerpts/s/001.md").is_empty());
        let found = run(NAME, &graph, "excerpts/s/002.md");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.en.contains("`绿色` missing"));
    }

    #[test]
    fn parts_containing_separators_are_single_items() {
        let graph = graph(&[
            (
                "formulations/两个确立.md",
                "---\ntitle: 两个确立\nparts: [确立甲的核心、全党的核心地位, 确立乙的指导地位]\n---\n",
            ),
            (
                "excerpts/s/001.md",
                &excerpt("确立甲的核心、全党的核心地位，确立乙的指导地位。\n"),
            ),
            (
                "excerpts/s/002.md",
                &excerpt("确立乙的指导地位、确立甲的核心、全党的核心地位。\n"),
            ),
        ]);
        assert!(run(NAME, &graph, "excerpts/s/001.md").is_empty());
        let found = run(NAME, &graph, "excerpts/s/002.md");
        assert!(
            found.len() == 1 && found[0].message.en.contains("out of order"),
            "{found:?}"
        );
    }

    #[test]
    fn common_pairs_and_repeated_lists_are_not_misquotes() {
        let graph = graph(&[
            (
                "formulations/四风.md",
                "---\ntitle: 四风\nfull: 形式主义、官僚主义、享乐主义和奢靡之风\nparts: [形式主义, 官僚主义, 享乐主义, 奢靡之风]\n---\n",
            ),
            (
                "formulations/不敢腐.md",
                "---\ntitle: 不敢腐、不能腐、不想腐\nparts: [不敢腐, 不能腐, 不想腐]\n---\n",
            ),
            (
                "excerpts/s/001.md",
                &excerpt("整治形式主义、官僚主义问题。\n"),
            ),
            (
                "excerpts/s/002.md",
                &excerpt(
                    "把“构建不敢腐、不能腐、不想腐的机制”改为“一体推进不敢腐、不能腐、不想腐”。\n",
                ),
            ),
            (
                "excerpts/s/003.md",
                &excerpt("以坚定的核心意识来保障政治意识、大局意识和看齐意识。\n"),
            ),
        ]);
        for path in [
            "excerpts/s/001.md",
            "excerpts/s/002.md",
            "excerpts/s/003.md",
        ] {
            let found = run(NAME, &graph, path);
            assert!(found.is_empty(), "{path}: {found:?}");
        }
    }

    #[test]
    fn mistyped_parts_are_reported_and_count_as_listed() {
        let m = messages("增强政治意识、大局意识、核心意识、看其意识。");
        assert!(
            m.len() == 1
                && m[0].contains("mistyped: `看其意识` for `看齐意识`")
                && !m[0].contains("missing"),
            "{m:?}"
        );
        let m = messages("政治意识、大局意思、核心意识、看齐意识不强");
        assert!(
            m.len() == 1 && m[0].contains("`大局意思` for `大局意识`"),
            "{m:?}"
        );
        // A dropped or an added character, and the range it marks.
        let graph = graph(&[]);
        let found = draft(
            NAME,
            &graph,
            "增强政治意识、大局意识、核心意识、看齐识。",
            "2024-01-01",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (2, 20));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("政治意识、大局意识、核心意识、看齐意识")
        );
        // Correct wording and unrelated lists stay silent.
        assert!(messages("增强政治意识、大局意识、核心意识、看齐意识。").is_empty());
        assert!(messages("增强政治意识、大局意识、责任担当。").is_empty());
    }

    #[test]
    fn an_older_wording_of_the_history_is_not_a_misquote() {
        let four = "---\ntitle: 四个全面\nfull: 全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党\nparts: [全面建设社会主义现代化国家, 全面深化改革, 全面依法治国, 全面从严治党]\nhistory:\n  - date: 2014-12\n    wording: 全面建成小康社会、全面深化改革、全面依法治国、全面从严治党\n    also: [全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党]\n  - date: 2020-10\n    wording: 全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党\n---\n";
        let graph = graph(&[("formulations/四个全面.md", four)]);
        for text in [
            "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",
            "协调推进“全面建成小康社会、全面深化改革、全面依法治国、全面从严治党”。",
            "“四个全面”即全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党。",
        ] {
            let found = draft(NAME, &graph, text, "2019-01-01");
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        // Not a wording of the history: still a misquote.
        let found = draft(
            NAME,
            &graph,
            "协调推进全面建成小康社会、全面依法治国、全面深化改革、全面从严治党。",
            "2019-01-01",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn glossed_or_unchecked_parts_are_no_authority() {
        let entry = |wording: &str| {
            format!(
                "---\ntitle: 三会一课\nfull: 定期召开支部党员大会、支部委员会会议、党小组会，按时上好党课\nwording: {wording}\nparts: [支部党员大会, 支部委员会会议, 党小组会, 党课]\n---\n"
            )
        };
        let text = "落实“三会一课”即支部党员大会、党小组会和党课。";
        for wording in ["gloss", "pending"] {
            let graph = graph(&[("formulations/三会一课.md", &entry(wording))]);
            assert!(
                draft(NAME, &graph, text, "2024-01-01").is_empty(),
                "{wording}"
            );
        }
        let graph = graph(&[("formulations/三会一课.md", &entry("verbatim"))]);
        assert_eq!(draft(NAME, &graph, text, "2024-01-01").len(), 1);
    }

    #[test]
    fn quotations_side_by_side_are_a_list() {
        let m = messages("增强“政治意识”“核心意识”“大局意识”“看齐意识”。");
        assert!(m.len() == 1 && m[0].contains("out of order"), "{m:?}");
        // Phrases that merely contain parts are not items.
        assert!(messages("如“深入做好核心意识教育工作”“看齐意识”").is_empty());
    }
}
