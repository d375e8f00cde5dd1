//! `stale-formulation`: a wording used in a text written after it was
//! changed, with the wording to use at the text's date.
//!
//! Two kinds of change are known from the entries:
//!
//! 1. A formulation with `status: adjusted` or `historical` (系列重要讲话精神)
//!    stopped being current on its `changed` date (else `extra.changed_year`,
//!    else the first year in its successor's `origin`: the old wording gave
//!    way when the new one appeared). Its title and variants, used in a text
//!    dated after that, are reported with the successor's title. When the
//!    date cannot be told, no text is warned: the rule cannot tell a text
//!    written before the change from one written after, and warning every
//!    dated text would "correct" correct wording. `tifa check` warns the
//!    entry itself instead ([`check_entry`]), so the editor adds `changed`.
//! 2. Every entry's `history` lists the wordings in force over time (四个全面
//!    2014 → 2020). A text that uses an earlier entry's wording (or one of
//!    its `also` spellings) and is dated after a later entry's date is
//!    reported with the wording in force at the text's date. Where one
//!    wording contains another (不敢腐、不能腐、不想腐 in 一体推进不敢腐、
//!    不能腐、不想腐), the longer one wins, so the newer wording is never
//!    taken for the older.
//!
//! Looking back is not using: a past goal or phase (全面建成小康社会,
//! 三大攻坚战) that a later text may mention in retrospect (如期全面建成小康社
//! 会) has `past_mentions: true`; its later uses (of either kind) are
//! reported without a fix, saying it is out of date only as a current goal
//! or task and where the current wording is. And a sentence that names a
//! year at which the wording was still in force (2014年12月，习近平……首次并
//! 提全面建成小康社会、……; 回顾2018年的工作) speaks of that time: nothing
//! in it is reported ([`named_dates`]).
//!
//! Dates compare conservatively ([`PartialDate::is_certainly_before`]): a
//! change in 2020-10 applies to texts from 2020-11-01, one in 2017 to texts
//! of 2018 and later, so correct wording is never "corrected". The text's
//! date is the writer's for a draft, a page's year or date in the knowledge
//! base; undated texts and a formulation's own entry are not checked. When
//! both kinds find the same words, the history's finding is kept.

use std::ops::Range;

use crate::check::data::{FormulationRules, RuleData};
use crate::check::matcher::Literals;
use crate::check::prose::Block;
use crate::check::{Checker, Finding, Subject};
use crate::diagnostic::Diagnostic;
use crate::i18n::Text;
use crate::markdown::{is_sentence_end, sentence_start};
use crate::parse::{Document, PartialDate, Status};
use crate::t;

pub const NAME: &str = "stale-formulation";

/// Every wording of every formulation's history.
pub struct HistoryMatcher {
    literals: Literals,
    /// Owner id → (formulation, step).
    steps: Vec<(usize, usize)>,
}

impl HistoryMatcher {
    pub fn new(data: &RuleData) -> HistoryMatcher {
        let mut steps = Vec::new();
        let mut patterns = Vec::new();
        for (f, entry) in data.formulations.iter().enumerate() {
            for (i, step) in entry.history.iter().enumerate() {
                let owner = steps.len();
                steps.push((f, i));
                for wording in std::iter::once(&step.wording).chain(&step.also) {
                    patterns.push((wording.clone(), owner));
                }
            }
        }
        HistoryMatcher {
            literals: Literals::new(patterns),
            steps,
        }
    }
}

pub fn find(checker: &Checker, subject: &Subject, block: &Block) -> Vec<Finding> {
    let Some(date) = subject.date else {
        return Vec::new();
    };
    let mut found = history_findings(checker, subject, block, date);
    let by_history: Vec<Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
    for (range, formulation) in checker.term_matches(&block.text) {
        let overlaps = by_history
            .iter()
            .any(|r| r.start < range.end && range.start < r.end);
        if overlaps || subject.own_formulation == Some(formulation) {
            continue;
        }
        let entry = &checker.data.formulations[formulation];
        let Some(changed) = entry.changed else {
            continue;
        };
        let in_force_at = |d: PartialDate| !changed.is_certainly_before(d);
        if entry.status == Status::Current
            || in_force_at(date)
            || named_dates(&block.text, &range)
                .into_iter()
                .any(in_force_at)
        {
            continue;
        }
        let used = &block.text[range.clone()];
        found.push(status_finding(entry, changed, range.clone(), used, date));
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// Findings of the wording histories (kind 2 of the module doc).
fn history_findings(
    checker: &Checker,
    subject: &Subject,
    block: &Block,
    date: PartialDate,
) -> Vec<Finding> {
    let history = &checker.history;
    let mut found = Vec::new();
    for (range, owners) in history.literals.find(&block.text) {
        // The latest step of each formulation listing these words.
        let mut latest: Vec<(usize, usize)> = Vec::new();
        for &owner in owners {
            let (f, i) = history.steps[owner];
            match latest.iter_mut().find(|(g, _)| *g == f) {
                Some(entry) => entry.1 = entry.1.max(i),
                None => latest.push((f, i)),
            }
        }
        latest.retain(|&(f, _)| subject.own_formulation != Some(f));
        let in_force: Vec<Option<usize>> = latest
            .iter()
            .map(|&(f, i)| step_in_force(&checker.data.formulations[f], i, date))
            .collect();
        // Stale only if stale for every formulation that lists the words,
        // and at every date the sentence names.
        if latest.is_empty() || in_force.iter().any(Option::is_none) {
            continue;
        }
        let named_in_force = named_dates(&block.text, &range).into_iter().any(|d| {
            latest
                .iter()
                .any(|&(f, i)| step_in_force(&checker.data.formulations[f], i, d).is_none())
        });
        if named_in_force {
            continue;
        }
        let (f, _) = latest[0];
        let Some(k) = in_force[0] else { continue };
        let entry = &checker.data.formulations[f];
        let used = &block.text[range.clone()];
        found.push(history_finding(entry, k, range, used, date));
    }
    found
}

/// The dates named in the sentence around `range` of `text`: a year of
/// four digits (ASCII or full-width, 19xx or 20xx, not part of a longer
/// number) followed by 年, with the month when 1–12月 follows at once
/// (2014年12月 → 2014-12; 2014年 → 2014). The sentence runs from the last
/// 。！？；!?; before the range to the first after it.
pub fn named_dates(text: &str, range: &Range<usize>) -> Vec<PartialDate> {
    let start = sentence_start(text, range.start);
    let end = text[range.end..]
        .find(is_sentence_end)
        .map_or(text.len(), |i| range.end + i);
    let chars: Vec<char> = text[start..end].chars().collect();
    let digit = |i: usize| chars.get(i).and_then(|&c| ascii_digit(c));
    let mut dates = Vec::new();
    for i in 0..chars.len() {
        if i > 0 && digit(i - 1).is_some() {
            continue;
        }
        let Some(year) = (i..i + 4)
            .map(digit)
            .try_fold(0u32, |n, d| d.map(|d| n * 10 + d))
        else {
            continue;
        };
        if chars.get(i + 4) != Some(&'年') || !(1900..=2099).contains(&year) {
            continue;
        }
        let month = match (digit(i + 5), digit(i + 6)) {
            (Some(m), None) if chars.get(i + 6) == Some(&'月') => Some(m),
            (Some(a), Some(b)) if chars.get(i + 7) == Some(&'月') => Some(a * 10 + b),
            _ => None,
        }
        .filter(|m| (1..=12).contains(m));
        let text = match month {
            Some(m) => format!("{year}-{m:02}"),
            None => format!("{year}"),
        };
        dates.extend(PartialDate::parse(&text).ok());
    }
    dates
}

/// The value of an ASCII or full-width digit.
fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// `tifa check` on an adjusted or historical entry that does not say when
/// it changed: the rule cannot date its uses, so it says so on the entry.
pub fn check_entry(doc: &Document, entry: &FormulationRules) -> Option<Diagnostic> {
    if entry.status == Status::Current || entry.changed.is_some() {
        return None;
    }
    let line = match doc.key_line("status") {
        0 => 1,
        n => n,
    };
    let title = &entry.title;
    let (label, status) = match entry.status {
        Status::Historical => ("历史提法", "historical"),
        _ => ("已调整的提法", "adjusted"),
    };
    Some(
        Diagnostic::warning(
            NAME,
            doc.display_path(),
            t!(
                "“{title}”是{label}，但词条没有写明何时调整，`{NAME}` 无法区分调整前后写的文字，因此不报告它的任何用法",
                "`{title}` is {status} but does not say when it changed, so `{NAME}` cannot tell a text written before the change from one written after, and reports no use of it"
            ),
        )
        .at(line, 0)
        .hint(t!(
            "加上 `changed: YYYY-MM`（它不再是现行表述的年月）",
            "add `changed: YYYY-MM` (the month it stopped being the current wording)"
        )),
    )
}

/// The step of `entry` in force at `date` when a step after `step` came
/// into force certainly before it (None: `step` may still be in force).
fn step_in_force(entry: &FormulationRules, step: usize, date: PartialDate) -> Option<usize> {
    (step + 1..entry.history.len()).rev().find(|&j| {
        entry.history[j]
            .date
            .is_some_and(|d| d.is_certainly_before(date))
    })
}

fn history_finding(
    entry: &FormulationRules,
    k: usize,
    range: Range<usize>,
    used: &str,
    date: PartialDate,
) -> Finding {
    let step = &entry.history[k];
    let since = step.date.map(|d| d.chinese()).unwrap_or_default();
    let event = if step.event.is_empty() {
        String::new()
    } else {
        format!("（{}）", step.event)
    };
    let title = &entry.title;
    // 两个一百年 is itself the older wording of the entry 两个一百年.
    let head = if used == title {
        format!("“{used}”是调整前的表述。{since}{event}")
    } else {
        format!("“{used}”是“{title}”调整前的表述。{since}{event}")
    };
    let en_message = format!(
        "`{used}` is an earlier wording of `{title}`, changed in {}; this text is of {date}",
        step.date.map(|d| d.to_string()).unwrap_or_default()
    );
    let wording = &step.wording;
    if entry.past_mentions {
        return Finding {
            rule: NAME,
            range,
            message: Text {
                zh: format!(
                    "{head}起，作为当前的目标或任务表述为“{wording}”，本文日期为{}。{PAST_MENTION}",
                    date.chinese()
                ),
                en: en_message,
            },
            suggestion: None,
            url: Some(entry.url.clone()),
            hint: t!(
                "回顾以往时可以不改；作为当前的目标或任务，写“{wording}”",
                "fine where the text looks back; as a current goal or task, write `{wording}`"
            ),
        };
    }
    Finding {
        rule: NAME,
        range,
        message: Text {
            zh: format!("{head}起表述为“{wording}”，本文日期为{}。", date.chinese()),
            en: en_message,
        },
        suggestion: Some(step.wording.clone()),
        url: Some(entry.url.clone()),
        hint: t!(
            "把“{used}”改为“{wording}”",
            "use `{wording}` instead of `{used}`"
        ),
    }
}

/// What a finding of a `past_mentions` formulation adds: looking back is fine.
const PAST_MENTION: &str = "回顾以往时提及不必修改。";

/// A finding of an adjusted or historical formulation (kind 1).
fn status_finding(
    entry: &FormulationRules,
    changed: PartialDate,
    range: Range<usize>,
    used: &str,
    date: PartialDate,
) -> Finding {
    let (what, label) = match entry.status {
        Status::Historical => ("a historical formulation", "历史提法"),
        _ => ("an adjusted formulation", "已调整的提法"),
    };
    let en_message = format!("`{used}` is {what}, changed in {changed}; this text is of {date}");
    let (since, date) = (changed.chinese(), date.chinese());
    if entry.past_mentions {
        let current = match &entry.successor {
            Some(successor) => format!("写当前的目标或任务用“{successor}”。"),
            None => "当前的写法见词条。".to_string(),
        };
        return Finding {
            rule: NAME,
            range,
            message: Text {
                zh: format!(
                    "“{used}”是{label}，{since}起不再作为当前的目标或任务使用，本文日期为{date}。{PAST_MENTION}{current}"
                ),
                en: en_message,
            },
            suggestion: None,
            url: Some(entry.url.clone()),
            hint: match &entry.successor {
                Some(successor) => t!(
                    "回顾以往时可以不改；作为当前的目标或任务，写“{successor}”",
                    "fine where the text looks back; as a current goal or task, write `{successor}`"
                ),
                None => t!(
                    "回顾以往时可以不改；作为当前的目标或任务的写法见词条",
                    "fine where the text looks back; as a current goal or task, see its entry"
                ),
            },
        };
    }
    let message = format!("“{used}”是{label}，{since}起不再使用，本文日期为{date}。");
    let (message, hint) = match &entry.successor {
        Some(successor) => (
            format!("{message}现用“{successor}”。"),
            t!(
                "把“{used}”改为“{successor}”",
                "use `{successor}` instead of `{used}`"
            ),
        ),
        None => (
            format!("{message}现行表述见词条。"),
            t!(
                "“{used}”没有后继的提法：现行表述见它的词条",
                "`{used}` has no successor: see its entry for the current wording"
            ),
        ),
    };
    Finding {
        rule: NAME,
        range,
        message: Text {
            zh: message,
            en: en_message,
        },
        suggestion: entry.successor.clone(),
        url: Some(entry.url.clone()),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{draft, excerpt, graph, run};
    use crate::graph::Graph;

    const OLD: &str =
        "---\ntitle: 系列重要讲话精神\nstatus: historical\nsuperseded_by: 新思想\n---\n";
    const NEW: &str = "---\ntitle: 新思想\norigin: 2017年10月党的十九大提出\n---\n";

    fn kb(old: &str, source_year: i32) -> Graph {
        let source = format!("---\ntitle: 另一报告\nyear: {source_year}\n---\n");
        graph(&[
            ("formulations/系列重要讲话精神.md", old),
            ("formulations/新思想.md", NEW),
            ("sources/t.md", &source),
            (
                "excerpts/t/001.md",
                "---\ntitle: 摘录\nsource: t\n---\n学习系列重要讲话精神。\n",
            ),
        ])
    }

    #[test]
    fn warns_after_the_successor_appeared_with_the_successor() {
        let graph = kb(OLD, 2019);
        let found = run(NAME, &graph, "excerpts/t/001.md");
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            (d.rule.as_str(), d.line, d.column, d.span_chars),
            (NAME, 5, 3, 8)
        );
        assert!(
            d.message
                .en
                .contains("changed in 2017; this text is of 2019"),
            "{:?}",
            d.message
        );
        let hint = d.hint.as_ref().expect("a hint");
        assert_eq!(hint.en, "use `新思想` instead of `系列重要讲话精神`");
        assert_eq!(hint.zh, "把“系列重要讲话精神”改为“新思想”");
    }

    #[test]
    fn texts_up_to_the_change_year_are_fine() {
        assert!(run(NAME, &kb(OLD, 2017), "excerpts/t/001.md").is_empty());
    }

    #[test]
    fn changed_wins_then_changed_year_in_extra() {
        let old = OLD.replace(
            "superseded_by: 新思想\n",
            "superseded_by: 新思想\nchanged: 2020-10\n",
        );
        assert!(run(NAME, &kb(&old, 2020), "excerpts/t/001.md").is_empty());
        assert_eq!(run(NAME, &kb(&old, 2021), "excerpts/t/001.md").len(), 1);
        let old = OLD.replace(
            "superseded_by: 新思想\n",
            "superseded_by: 新思想\nextra:\n  changed_year: 2020\n",
        );
        assert!(run(NAME, &kb(&old, 2019), "excerpts/t/001.md").is_empty());
        assert_eq!(run(NAME, &kb(&old, 2021), "excerpts/t/001.md").len(), 1);
    }

    #[test]
    fn a_month_applies_from_the_next_month_in_drafts() {
        let old = OLD.replace(
            "superseded_by: 新思想\n",
            "superseded_by: 新思想\nchanged: 2020-10\n",
        );
        let graph = kb(&old, 2019);
        assert!(draft(NAME, &graph, "学习系列重要讲话精神", "2020-10-31").is_empty());
        let found = draft(NAME, &graph, "学习系列重要讲话精神", "2020-11-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (2, 10));
        assert_eq!(found[0].suggestion.as_deref(), Some("新思想"));
    }

    #[test]
    fn unknown_change_date_warns_the_entry_not_the_texts() {
        let old = "---\ntitle: 系列重要讲话精神\nstatus: adjusted\n---\n";
        let graph = kb(old, 2000);
        assert!(run(NAME, &graph, "excerpts/t/001.md").is_empty());
        assert!(draft(NAME, &graph, "学习系列重要讲话精神", "2030-01-01").is_empty());
        let on_entry = run(NAME, &graph, "formulations/系列重要讲话精神.md");
        assert_eq!(on_entry.len(), 1, "{on_entry:?}");
        assert_eq!(on_entry[0].line, 3, "{on_entry:?}");
        let hint = on_entry[0].hint.as_ref().expect("a hint");
        assert!(hint.en.contains("add `changed"), "{on_entry:?}");
        assert!(hint.zh.contains("加上 `changed"), "{on_entry:?}");
        assert!(
            on_entry[0].message.zh.contains("没有写明何时调整"),
            "{on_entry:?}"
        );
        // With a date, or current, the entry is fine.
        let graph = kb(OLD, 2019);
        assert!(run(NAME, &graph, "formulations/系列重要讲话精神.md").is_empty());
        assert!(run(NAME, &graph, "formulations/新思想.md").is_empty());
    }

    #[test]
    fn past_mentions_are_reported_without_a_fix() {
        let old = "---\ntitle: 全面建成小康社会\nstatus: historical\nsuperseded_by: 新思想\nchanged: 2021-07\npast_mentions: true\n---\n";
        let graph = graph(&[
            ("formulations/全面建成小康社会.md", old),
            ("formulations/新思想.md", NEW),
        ]);
        let found = draft(NAME, &graph, "如期全面建成小康社会。", "2024-06-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].suggestion, None);
        let message = &found[0].message.zh;
        assert!(
            message.contains("不再作为当前的目标或任务使用")
                && message.contains("回顾以往时提及不必修改")
                && message.contains("“新思想”"),
            "{message}"
        );
        assert!(draft(NAME, &graph, "如期全面建成小康社会。", "2021-07-31").is_empty());
    }

    #[test]
    fn a_sentence_naming_a_year_before_the_change_speaks_of_that_time() {
        let old = OLD.replace(
            "superseded_by: 新思想\n",
            "superseded_by: 新思想\nchanged: 2017-10\n",
        );
        let graph = graph(&[
            ("formulations/系列重要讲话精神.md", &old),
            ("formulations/新思想.md", NEW),
            ("formulations/四个全面.md", FOUR),
        ]);
        for text in [
            "2016年，全党深入学习系列重要讲话精神。",
            "２０１７年１０月以前，各地学习系列重要讲话精神。",
            "学习系列重要讲话精神是2015年的重点。",
            "2014年12月，首次并提全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党。",
        ] {
            assert!(draft(NAME, &graph, text, "2024-06-01").is_empty(), "{text}");
        }
        for text in [
            "2024年，学习系列重要讲话精神。",
            "2016年开展了学习。今年学习系列重要讲话精神。",
            "12016年学习系列重要讲话精神。",
            "2021年12月，协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",
        ] {
            assert_eq!(draft(NAME, &graph, text, "2024-06-01").len(), 1, "{text}");
        }
    }

    #[test]
    fn named_dates_read_years_and_months() {
        let text = "2014年12月至2020年，又于２０２１年7月和2022年13月及1999年";
        let dates: Vec<String> = named_dates(text, &(0..text.len()))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(dates, ["2014-12", "2020", "2021-07", "2022", "1999"]);
        assert!(named_dates("20140年，12345年，1850年", &(0..3)).is_empty());
    }

    #[test]
    fn current_formulations_and_undated_pages_are_not_checked() {
        let graph = graph(&[
            ("excerpts/s/001.md", &excerpt("增强“四个意识”。")),
            ("about.md", "---\ntitle: 关于\n---\n四个意识\n"),
        ]);
        assert!(run(NAME, &graph, "excerpts/s/001.md").is_empty());
        assert!(run(NAME, &graph, "about.md").is_empty());
    }

    const FOUR: &str = "---\ntitle: 四个全面\nhistory:\n  - date: 2014-12\n    wording: 全面建成小康社会、全面深化改革、全面依法治国、全面从严治党\n    also: [全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党]\n  - date: 2020-10\n    wording: 全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党\n    event: 党的十九届五中全会\n---\n";
    const OLD_FOUR: &str = "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。";
    const NEW_FOUR: &str =
        "协调推进全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党。";

    #[test]
    fn history_warns_after_a_later_wording_came_into_force() {
        let graph = graph(&[("formulations/四个全面.md", FOUR)]);
        assert!(draft(NAME, &graph, OLD_FOUR, "2020-10-31").is_empty());
        let found = draft(NAME, &graph, OLD_FOUR, "2021-03-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (4, 4 + 29));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党")
        );
        assert!(
            found[0].message.zh.contains("党的十九届五中全会"),
            "{:?}",
            found[0].message
        );
        // An `also` spelling too; the current wording never.
        let also = "全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党";
        assert_eq!(draft(NAME, &graph, also, "2022-01-01").len(), 1);
        assert!(draft(NAME, &graph, NEW_FOUR, "2024-06-01").is_empty());
        assert!(draft(NAME, &graph, NEW_FOUR, "2015-01-01").is_empty());
    }

    #[test]
    fn a_newer_wording_containing_the_older_is_not_reported() {
        let entry = "---\ntitle: 不敢腐\nhistory:\n  - date: 2014\n    wording: 不敢腐、不能腐、不想腐\n  - date: 2022-10\n    wording: 一体推进不敢腐、不能腐、不想腐\n---\n";
        let graph = graph(&[("formulations/不敢腐.md", entry)]);
        assert!(
            draft(
                NAME,
                &graph,
                "坚持一体推进不敢腐、不能腐、不想腐。",
                "2024-01-01"
            )
            .is_empty()
        );
        assert_eq!(
            draft(NAME, &graph, "坚持不敢腐、不能腐、不想腐。", "2024-01-01").len(),
            1
        );
    }

    #[test]
    fn history_and_status_report_the_same_words_once() {
        let old = "---\ntitle: 系列重要讲话精神\nstatus: historical\nsuperseded_by: 新思想\nchanged: 2017-10\n---\n";
        let new = "---\ntitle: 新思想\nhistory:\n  - date: 2012\n    wording: 系列重要讲话精神\n  - date: 2017-10\n    wording: 新思想\n---\n";
        let graph = graph(&[
            ("formulations/系列重要讲话精神.md", old),
            ("formulations/新思想.md", new),
        ]);
        let found = draft(NAME, &graph, "学习系列重要讲话精神", "2019-01-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.zh.contains("调整前的表述"),
            "{:?}",
            found[0].message
        );
    }
}
