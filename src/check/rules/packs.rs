//! The rules of the rule packs (`content/rules/`, `page_kind: rulepack`),
//! one rule name per kind of entry:
//!
//! - `wrong-name` (`kind: name`): a regulation, document or organisation
//!   named wrongly. Reported: every `wrong` form of the rule, and any title
//!   in 《》 one edit away (a character changed, added, dropped, or two
//!   neighbours swapped) from one of its correct names, when that name has
//!   six characters or more (《中共共产党廉洁自律准则》 → 中国共产党廉洁自律准
//!   则). Correct names are the `right` title, the `also` forms, and the title
//!   without a leading 中国共产党 or 中共中央 (《廉洁自律准则》, the short title
//!   writers cite); a title that is any rule's correct name is never
//!   reported, and titles further off are left alone (they may be other
//!   documents).
//! - `forbidden-word` (`kind: forbidden`, 禁用词), `caution-word` (`kind:
//!   caution`, 慎用词), `house-style` (`kind: house`, 本单位规范): every
//!   `wrong` form, with `right` (if any) as the fix and `note` as the reason.
//!
//! Wrong forms are found quote-blind and never inside one of the rule's
//! right forms ([`crate::check::matcher::Phrases`]). A rule with
//! `titles_only: true` reports its wrong forms only as a whole title in 《》
//! (《新党章》, not 学习新党章: in running text the words are ordinary prose). A rule applies only to
//! texts its dates and document types cover, compared conservatively: a
//! rule `from: 2024-06` does not apply to a text known only to be of 2024;
//! `only_in` needs the text's document type to be known and listed, while
//! `not_in` applies to texts of unknown type. Entries about wording
//! (formulations, rule packs) are not checked.

use rustc_hash::FxHashSet;

use crate::check::data::{PackRuleData, RuleData};
use crate::check::matcher::{Phrase, Phrases};
use crate::check::prose::Block;
use crate::check::rules::misquoted_wording::edit_distance;
use crate::check::{Checker, Finding, Subject};
use crate::i18n::Text;
use crate::parse::RuleKind;
use crate::t;

pub const WRONG_NAME: &str = "wrong-name";
pub const FORBIDDEN: &str = "forbidden-word";
pub const CAUTION: &str = "caution-word";
pub const HOUSE: &str = "house-style";

/// Correct names at least this long catch titles one edit away.
const NEAR_NAME: usize = 6;

/// Prefixes a title is commonly cited without.
const SHORT_TITLE_PREFIXES: [&str; 2] = ["中国共产党", "中共中央"];

/// A short title keeps at least this many characters.
const SHORT_TITLE_MIN: usize = 4;

const KINDS: [RuleKind; 4] = [
    RuleKind::Name,
    RuleKind::Forbidden,
    RuleKind::Caution,
    RuleKind::House,
];

/// The pack rules, compiled.
pub struct PackMatcher {
    /// Per kind (in [`KINDS`] order): the wrong forms, and phrase → rule.
    wrong: Vec<(Phrases, Vec<usize>)>,
    /// Each `name` rule with its correct names (right, also, short title).
    names: Vec<(usize, Vec<String>)>,
    /// Every correct name of every `name` rule.
    known: FxHashSet<String>,
}

/// The correct names of a `name` rule, `right` first.
pub fn correct_names(rule: &PackRuleData) -> Vec<String> {
    let mut names = vec![rule.right.clone()];
    names.extend(rule.also.iter().cloned());
    for short in short_titles(&rule.right) {
        if !names.contains(&short) {
            names.push(short);
        }
    }
    names
}

/// The short titles a name is cited by: without a leading 中国共产党 or
/// 中共中央, when enough is left.
pub fn short_titles(right: &str) -> Vec<String> {
    SHORT_TITLE_PREFIXES
        .iter()
        .filter_map(|prefix| right.strip_prefix(prefix))
        .filter(|short| short.chars().count() >= SHORT_TITLE_MIN)
        .map(str::to_string)
        .collect()
}

impl PackMatcher {
    pub fn new(data: &RuleData) -> PackMatcher {
        let wrong = KINDS
            .iter()
            .map(|&kind| {
                let mut phrases = Vec::new();
                let mut owners = Vec::new();
                for (index, rule) in data
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.kind == kind)
                {
                    let rights: Vec<&str> = std::iter::once(rule.right.as_str())
                        .chain(rule.also.iter().map(String::as_str))
                        .collect();
                    for wrong in &rule.wrong {
                        phrases.push(Phrase::new(wrong, &rights));
                        owners.push(index);
                    }
                }
                (Phrases::new(phrases), owners)
            })
            .collect();
        let names: Vec<(usize, Vec<String>)> = data
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == RuleKind::Name && !r.right.is_empty())
            .map(|(i, r)| (i, correct_names(r)))
            .collect();
        let known = names.iter().flat_map(|(_, n)| n.iter().cloned()).collect();
        PackMatcher {
            wrong,
            names,
            known,
        }
    }
}

/// Whether a rule's dates and document types cover the text.
pub fn applies(rule: &PackRuleData, subject: &Subject) -> bool {
    // Without a date, a dated rule does not apply (is_none_or of the negation).
    if let Some(from) = rule.from
        && subject
            .date
            .is_none_or(|d| d.first_day() < from.first_day())
    {
        return false;
    }
    if let Some(until) = rule.until
        && subject
            .date
            .is_none_or(|d| d.day_after() > until.day_after())
    {
        return false;
    }
    let doc_type = subject.doc_type.as_deref();
    if !rule.only_in.is_empty() && !doc_type.is_some_and(|t| rule.only_in.iter().any(|o| o == t)) {
        return false;
    }
    !doc_type.is_some_and(|t| rule.not_in.iter().any(|n| n == t))
}

pub fn find_names(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    let mut found = find_wrong(checker, subject, block, RuleKind::Name);
    if subject.reference {
        return found;
    }
    let explicit: Vec<std::ops::Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
    for title in titles(&block.text) {
        let text = &block.text[title.clone()];
        let overlaps = explicit
            .iter()
            .any(|r| r.start < title.end && title.start < r.end);
        if text.is_empty() || overlaps || checker.packs.known.contains(text) {
            continue;
        }
        if let Some(finding) = near_name(checker, subject, text, title) {
            found.push(finding);
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// The byte ranges of the titles in 《》 (inside the marks; an inner 《
/// starts over).
fn titles(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (offset, c) in text.char_indices() {
        match c {
            '《' => open = Some(offset + c.len_utf8()),
            '》' => {
                if let Some(start) = open.take() {
                    found.push(start..offset);
                }
            }
            '\n' => open = None,
            _ => {}
        }
    }
    found
}

/// The first correct name (rule by rule, names in order) one edit away
/// from `text`, as a finding.
fn near_name(
    checker: &Checker,
    subject: &Subject,
    text: &str,
    range: std::ops::Range<usize>,
) -> Option<Finding> {
    let chars: Vec<char> = text.chars().collect();
    for (index, names) in &checker.packs.names {
        let rule = &checker.data.rules[*index];
        if !applies(rule, subject) {
            continue;
        }
        for name in names {
            let name_chars: Vec<char> = name.chars().collect();
            if name_chars.len() < NEAR_NAME || name_chars.len().abs_diff(chars.len()) > 1 {
                continue;
            }
            if edit_distance(&chars, &name_chars) == 1 {
                return Some(name_finding(rule, range, text, name));
            }
        }
    }
    None
}

fn name_finding(
    rule: &PackRuleData,
    range: std::ops::Range<usize>,
    used: &str,
    name: &str,
) -> Finding {
    let issued = match (&rule.issuer, rule.date) {
        (Some(issuer), Some(date)) => format!("（{issuer}{}）", date.chinese()),
        (Some(issuer), None) => format!("（{issuer}）"),
        (None, Some(date)) => format!("（{}）", date.chinese()),
        (None, None) => String::new(),
    };
    let note = rule.note.as_deref().map(note_sentence).unwrap_or_default();
    let also = if name == rule.right {
        String::new()
    } else {
        format!("，全称《{}》", rule.right)
    };
    Finding {
        rule: WRONG_NAME,
        range,
        message: Text {
            zh: format!("名称有误：“{used}”应为《{name}》{issued}{also}。{note}"),
            en: format!(
                "`{used}` is not the name of a document the rule pack `{}` lists",
                rule.pack
            ),
        },
        suggestion: Some(name.to_string()),
        url: Some(rule.url.clone()),
        hint: t!("准确的名称是《{name}》", "the exact name is `{name}`"),
    }
}

/// A note as the sentence that ends a message (empty stays empty).
pub fn note_sentence(note: &str) -> String {
    let note = note.trim().trim_end_matches('。');
    if note.is_empty() {
        String::new()
    } else {
        format!("{note}。")
    }
}

pub fn find_forbidden(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    find_wrong(checker, subject, block, RuleKind::Forbidden)
}

pub fn find_caution(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    find_wrong(checker, subject, block, RuleKind::Caution)
}

pub fn find_house(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    find_wrong(checker, subject, block, RuleKind::House)
}

/// The `wrong` forms of the rules of one kind that apply to the text.
fn find_wrong(checker: &Checker, subject: &Subject, block: &Block, kind: RuleKind) -> Vec<Finding> {
    if subject.reference {
        return Vec::new();
    }
    let Some(k) = KINDS.iter().position(|&x| x == kind) else {
        return Vec::new();
    };
    let (phrases, owners) = &checker.packs.wrong[k];
    let mut found = Vec::new();
    for m in phrases.find(&block.text) {
        let title = is_title(&block.text, &m.range);
        let Some(rule) = m
            .phrases
            .iter()
            .map(|&p| &checker.data.rules[owners[p]])
            .find(|rule| applies(rule, subject) && (title || !rule.titles_only))
        else {
            continue;
        };
        let used = &block.text[m.range.clone()];
        found.push(wrong_finding(rule, m.range, used));
    }
    found
}

/// Whether `range` of `text` is a whole title: 《 just before, 》 just after.
fn is_title(text: &str, range: &std::ops::Range<usize>) -> bool {
    text[..range.start].ends_with('《') && text[range.end..].starts_with('》')
}

fn wrong_finding(rule: &PackRuleData, range: std::ops::Range<usize>, used: &str) -> Finding {
    let right = &rule.right;
    let note = rule.note.as_deref().map(note_sentence).unwrap_or_default();
    let (name, message) = match rule.kind {
        RuleKind::Name => (
            WRONG_NAME,
            format!("名称有误：“{used}”应为“{right}”。{note}"),
        ),
        RuleKind::Forbidden if right.is_empty() => (FORBIDDEN, format!("禁用词“{used}”。{note}")),
        RuleKind::Forbidden => (FORBIDDEN, format!("禁用词“{used}”，宜用“{right}”。{note}")),
        RuleKind::Caution if right.is_empty() => (CAUTION, format!("慎用词“{used}”。{note}")),
        RuleKind::Caution => (CAUTION, format!("慎用词“{used}”，可改为“{right}”。{note}")),
        RuleKind::House => (
            HOUSE,
            format!("按本单位规范，“{used}”应写作“{right}”。{note}"),
        ),
    };
    let pack = &rule.pack;
    let hint = if right.is_empty() {
        t!(
            "换一种不用“{used}”的说法（规则包 `{pack}`）",
            "rephrase without `{used}` (rule pack `{pack}`)"
        )
    } else {
        t!(
            "把“{used}”改为“{right}”（规则包 `{pack}`）",
            "write `{right}` instead of `{used}` (rule pack `{pack}`)"
        )
    };
    let what = match rule.kind {
        RuleKind::Name => "a wrong name",
        RuleKind::Forbidden => "a forbidden word",
        RuleKind::Caution => "a word to use with care",
        RuleKind::House => "against the house style",
    };
    Finding {
        rule: name,
        range,
        message: Text {
            zh: message,
            en: format!("`{used}` is {what} in the rule pack `{pack}`"),
        },
        suggestion: (!right.is_empty()).then(|| right.clone()),
        url: Some(rule.url.clone()),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::{DraftOptions, check_draft};
    use crate::check::testing::{excerpt, graph, run};
    use crate::graph::Graph;
    use crate::parse::PartialDate;

    const PACK: &str = "---\ntitle: 党内法规名称\nrules:\n  - kind: name\n    right: 中国共产党廉洁自律准则\n    issuer: 中共中央\n    date: 2015-10\n  - kind: name\n    right: 中国共产党纪律处分条例\n    wrong: [党纪处分条例]\n  - kind: forbidden\n    wrong: [某禁用词]\n    note: 不得使用\n  - kind: caution\n    wrong: [某慎用词]\n    right: 某规范词\n    not_in: [对照检查材料]\n  - kind: house\n    wrong: [党组织书记]\n    right: 党组织书记（委员）\n    from: 2024-06\n---\n";

    fn kb() -> Graph {
        graph(&[("rules/names.md", PACK)])
    }

    fn findings(
        text: &str,
        date: &str,
        doc_type: Option<&str>,
    ) -> Vec<(String, String, Option<String>)> {
        let checker = Checker::new(RuleData::from_graph(&kb()));
        let options = DraftOptions {
            date: PartialDate::parse(date).ok(),
            doc_type: doc_type.map(str::to_string),
        };
        check_draft(&checker, text, &options)
            .into_iter()
            .map(|f| (f.rule.to_string(), f.text, f.suggestion))
            .collect()
    }

    fn one(
        rule: &str,
        text: &str,
        suggestion: Option<&str>,
    ) -> Vec<(String, String, Option<String>)> {
        vec![(
            rule.to_string(),
            text.to_string(),
            suggestion.map(str::to_string),
        )]
    }

    #[test]
    fn near_misses_of_a_title_are_reported_short_titles_are_not() {
        assert_eq!(
            findings("学习《中共共产党廉洁自律准则》。", "2024-01-01", None),
            one(
                WRONG_NAME,
                "中共共产党廉洁自律准则",
                Some("中国共产党廉洁自律准则")
            )
        );
        assert_eq!(
            findings("学习《廉洁自律准侧》。", "2024-01-01", None),
            one(WRONG_NAME, "廉洁自律准侧", Some("廉洁自律准则"))
        );
        for fine in [
            "学习《中国共产党廉洁自律准则》。",
            "学习《廉洁自律准则》。",
            "学习《中国共产党问责条例》。",
            "学习《准则》。",
        ] {
            assert!(findings(fine, "2024-01-01", None).is_empty(), "{fine}");
        }
    }

    #[test]
    fn listed_wrong_names_anywhere() {
        assert_eq!(
            findings("按照党纪处分条例处理。", "2024-01-01", None),
            one(WRONG_NAME, "党纪处分条例", Some("中国共产党纪律处分条例"))
        );
    }

    #[test]
    fn titles_only_wrong_forms_are_reported_as_whole_titles() {
        let pack = "---\ntitle: 名称\nrules:\n  - kind: name\n    right: 中国共产党章程\n    also: [党章]\n    wrong: [新党章]\n    titles_only: true\n---\n";
        let graph = graph(&[("rules/names.md", pack)]);
        let checker = Checker::new(RuleData::from_graph(&graph));
        let found = |text: &str| -> Vec<String> {
            check_draft(&checker, text, &DraftOptions::default())
                .into_iter()
                .map(|f| format!("{}:{}", f.rule, f.text))
                .collect()
        };
        assert_eq!(found("开展《新党章》解读。"), ["wrong-name:新党章"]);
        for fine in [
            "学习新党章。",
            "“新党章”解读",
            "《新党章学习辅导》",
            "《中国共产党章程》",
        ] {
            assert!(found(fine).is_empty(), "{fine}: {:?}", found(fine));
        }
    }

    #[test]
    fn words_with_dates_and_document_types() {
        assert_eq!(
            findings("某禁用词", "2024-01-01", None),
            one(FORBIDDEN, "某禁用词", None)
        );
        assert_eq!(
            findings("某慎用词", "2024-01-01", Some("工作报告")),
            one(CAUTION, "某慎用词", Some("某规范词"))
        );
        assert!(findings("某慎用词", "2024-01-01", Some("对照检查材料")).is_empty());
        assert_eq!(findings("某慎用词", "2024-01-01", None).len(), 1);
        assert!(findings("党组织书记", "2024-05-31", None).is_empty());
        assert_eq!(
            findings("党组织书记", "2024-06-01", None),
            one(HOUSE, "党组织书记", Some("党组织书记（委员）"))
        );
        // The right form contains the wrong one: silent.
        assert!(findings("党组织书记（委员）", "2024-06-01", None).is_empty());
    }

    #[test]
    fn pages_of_the_knowledge_base_and_the_pack_itself() {
        let graph = graph(&[
            ("rules/names.md", PACK),
            (
                "excerpts/s/001.md",
                &excerpt("学习《中共共产党廉洁自律准则》，杜绝某禁用词。\n"),
            ),
        ]);
        let names: Vec<String> = run(WRONG_NAME, &graph, "excerpts/s/001.md")
            .into_iter()
            .map(|d| d.hint.unwrap_or_default().en)
            .collect();
        assert_eq!(names, ["the exact name is `中国共产党廉洁自律准则`"]);
        assert_eq!(run(FORBIDDEN, &graph, "excerpts/s/001.md").len(), 1);
        assert!(run(FORBIDDEN, &graph, "rules/names.md").is_empty());
    }
}
