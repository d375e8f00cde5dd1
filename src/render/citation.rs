//! What makes a formulation citable on its page: the authoritative sentence
//! with its document, the wording's history with the changed characters
//! marked, the 问题式表述 and the verified date, as template views.
//!
//! The views are plain data; the theme decides how they look. A writer
//! copies from these, so an unchecked sentence or wording carries its
//! 待核实 flag all the way to the template.

use serde::Serialize;

use crate::parse::document::Formulation;
use crate::parse::{Authority, PartialDate, Wording, WordingChange};

/// The authoritative sentence and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorityView {
    pub text: String,
    pub document: String,
    pub issuer: String,
    /// As a reader writes it: 2022年10月22日.
    pub date: Option<String>,
    pub number: Option<String>,
    pub article: Option<String>,
    pub checked_against: Option<String>,
    pub pending: bool,
    pub note: Option<String>,
    /// The citation line: 《document》（issuer，date，number），article.
    pub citation: String,
}

/// One wording in the history, with what changed from the one before.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub date: Option<String>,
    pub wording: String,
    /// The wording cut into runs: unchanged, inserted, or deleted (the
    /// previous wording's characters that this one dropped).
    pub runs: Vec<DiffRun>,
    pub event: String,
    pub source: Option<String>,
    pub pending: bool,
    /// The wording in force today (the last entry).
    pub current: bool,
}

/// A run of characters in a character-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    pub text: String,
    /// "same", "ins" or "del".
    pub change: &'static str,
}

/// One standard phrasing and the search that finds passages using it.
#[derive(Debug, Clone, Serialize)]
pub struct PhrasingView {
    pub text: String,
    pub search_url: String,
}

/// 问题式表述 by the part of a self-criticism material.
#[derive(Debug, Clone, Serialize)]
pub struct PhrasingGroup {
    pub part: &'static str,
    pub label: &'static str,
    pub items: Vec<PhrasingView>,
}

/// Whether `full` may be copied as the document's words, and how it is labelled.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WordingView {
    /// "verbatim", "gloss", "pending" or "unstated".
    pub kind: &'static str,
    pub label: &'static str,
    /// Only a verbatim wording is offered as the document's own words.
    pub quotable: bool,
}

pub fn wording_view(wording: Option<Wording>) -> WordingView {
    match wording {
        Some(Wording::Verbatim) => WordingView {
            kind: "verbatim",
            label: Wording::Verbatim.label(),
            quotable: true,
        },
        Some(w @ Wording::Gloss) => WordingView {
            kind: "gloss",
            label: w.label(),
            quotable: false,
        },
        Some(w @ Wording::Pending) => WordingView {
            kind: "pending",
            label: w.label(),
            quotable: false,
        },
        None => WordingView {
            kind: "unstated",
            label: "未核对",
            quotable: false,
        },
    }
}

pub fn authority_view(authority: &Authority) -> AuthorityView {
    AuthorityView {
        citation: citation_line(authority),
        text: authority.text.clone(),
        document: authority.document.clone(),
        issuer: authority.issuer.clone(),
        date: authority.date.map(PartialDate::chinese),
        number: authority.number.clone(),
        article: authority.article.clone(),
        checked_against: authority.checked_against.clone(),
        pending: authority.pending,
        note: authority.note.clone(),
    }
}

/// 《中国共产党章程》（中国共产党第二十次全国代表大会，2022年10月22日），第四十条
fn citation_line(authority: &Authority) -> String {
    let mut line = String::new();
    if !authority.document.is_empty() {
        line.push_str(&format!("《{}》", authority.document));
    }
    let details: Vec<String> = [
        Some(authority.issuer.clone()).filter(|s| !s.is_empty()),
        authority.date.map(PartialDate::chinese),
        authority.number.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        line.push_str(&format!("（{}）", details.join("，")));
    }
    if let Some(article) = authority.article.as_deref().filter(|a| !a.is_empty()) {
        if !line.is_empty() {
            line.push('，');
        }
        line.push_str(article);
    }
    line
}

pub fn history_views(history: &[WordingChange]) -> Vec<HistoryView> {
    let last = history.len().saturating_sub(1);
    history
        .iter()
        .enumerate()
        .map(|(i, change)| HistoryView {
            date: change.date.map(PartialDate::chinese),
            wording: change.wording.clone(),
            runs: match i {
                0 => vec![DiffRun {
                    text: change.wording.clone(),
                    change: "same",
                }],
                _ => char_diff(&history[i - 1].wording, &change.wording),
            },
            event: change.event.clone(),
            source: change.source.clone(),
            pending: change.pending,
            current: i == last,
        })
        .collect()
}

/// The characters `new` keeps, inserts and drops against `old`, as runs a
/// reader can follow: a change is shown as what was dropped, then what
/// replaced it, and a common character or two between two changes (社会 in
/// 建成小康社会 → 建设社会主义现代化国家) is folded into the change instead of
/// splitting it into fragments.
pub fn char_diff(old: &str, new: &str) -> Vec<DiffRun> {
    let diff = similar::TextDiff::from_chars(old, new);
    let mut pieces: Vec<(similar::ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match pieces.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => pieces.push((change.tag(), change.value().to_string())),
        }
    }
    let mut runs = Vec::new();
    let (mut dropped, mut added) = (String::new(), String::new());
    for (i, (tag, text)) in pieces.iter().enumerate() {
        let between_changes = i > 0 && i + 1 < pieces.len() && text.chars().count() <= 2;
        match tag {
            similar::ChangeTag::Delete => dropped.push_str(text),
            similar::ChangeTag::Insert => added.push_str(text),
            similar::ChangeTag::Equal if between_changes => {
                dropped.push_str(text);
                added.push_str(text);
            }
            similar::ChangeTag::Equal => {
                flush_change(&mut runs, &mut dropped, &mut added);
                runs.push(DiffRun {
                    text: text.clone(),
                    change: "same",
                });
            }
        }
    }
    flush_change(&mut runs, &mut dropped, &mut added);
    runs
}

fn flush_change(runs: &mut Vec<DiffRun>, dropped: &mut String, added: &mut String) {
    for (text, change) in [(dropped, "del"), (added, "ins")] {
        if !text.is_empty() {
            runs.push(DiffRun {
                text: std::mem::take(text),
                change,
            });
        }
    }
}

pub fn phrasing_groups(formulation: &Formulation, search_url: &str) -> Vec<PhrasingGroup> {
    let phrasings = &formulation.phrasings;
    [
        ("problem", "问题", &phrasings.problem),
        ("cause", "原因", &phrasings.cause),
        ("measure", "措施", &phrasings.measure),
    ]
    .into_iter()
    .filter(|(_, _, items)| !items.is_empty())
    .map(|(part, label, items)| PhrasingGroup {
        part,
        label,
        items: items
            .iter()
            .map(|text| PhrasingView {
                search_url: format!(
                    "{search_url}?q={}",
                    percent_encoding::utf8_percent_encode(
                        &format!("\"{text}\""),
                        percent_encoding::NON_ALPHANUMERIC
                    )
                ),
                text: text.clone(),
            })
            .collect(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(old: &str, new: &str) -> Vec<(&'static str, String)> {
        char_diff(old, new)
            .into_iter()
            .map(|r| (r.change, r.text))
            .collect()
    }

    #[test]
    fn changed_characters_are_marked_and_the_rest_kept_whole() {
        assert_eq!(
            runs(
                "全面建成小康社会、全面深化改革",
                "全面建设社会主义现代化国家、全面深化改革"
            ),
            vec![
                ("same", "全面建".to_string()),
                ("del", "成小康社会".to_string()),
                ("ins", "设社会主义现代化国家".to_string()),
                ("same", "、全面深化改革".to_string()),
            ]
        );
        assert_eq!(runs("一样", "一样"), vec![("same", "一样".to_string())]);
    }

    #[test]
    fn the_citation_line_leaves_out_what_is_unknown() {
        let mut authority = Authority {
            document: "中国共产党章程".into(),
            issuer: "中国共产党第二十次全国代表大会".into(),
            date: PartialDate::parse("2022-10-22").ok(),
            article: Some("第四十条".into()),
            ..Authority::default()
        };
        assert_eq!(
            citation_line(&authority),
            "《中国共产党章程》（中国共产党第二十次全国代表大会，2022年10月22日），第四十条"
        );
        authority.issuer.clear();
        authority.date = None;
        authority.article = None;
        authority.number = Some("中办发〔2010〕17号".into());
        assert_eq!(
            citation_line(&authority),
            "《中国共产党章程》（中办发〔2010〕17号）"
        );
    }

    #[test]
    fn only_a_verbatim_wording_is_quotable() {
        assert!(wording_view(Some(Wording::Verbatim)).quotable);
        for w in [Some(Wording::Gloss), Some(Wording::Pending), None] {
            assert!(!wording_view(w).quotable);
        }
    }
}
