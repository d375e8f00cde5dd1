//! Parse stage: Markdown files into typed [`Document`]s.
//!
//! `parse` owns the front matter: splitting it off, deserialising it into the
//! struct of the file's kind (decided by the nearest section's `page_kind`),
//! and checking values serde cannot (required title, dates). The Markdown body
//! is kept as source; the graph stage renders it.

pub mod dates;
pub mod document;
pub mod front_matter;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

pub use dates::PartialDate;
pub use document::{
    Authority, Document, Fields, Meta, Misuse, PackRule, PageKind, Part, Phrasings, RuleKind,
    RulePack, Scope, SortBy, Status, Wording, WordingChange,
};

use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::i18n::parser_message;
use crate::load::ContentFile;
use crate::t;
use document::{RawExcerpt, RawFormulation, RawPage, RawRulePack, RawSection, RawSource};

/// Options that change which documents are kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
}

/// Parses every content file. Sections are parsed first because a page's
/// kind comes from its nearest section.
pub fn parse(files: &[ContentFile], options: ParseOptions) -> (Vec<Document>, Diagnostics) {
    let (section_files, page_files): (Vec<_>, Vec<_>) =
        files.iter().partition(|f| is_section_file(&f.rel_path));
    let mut diagnostics = Diagnostics::new();
    let mut documents = Vec::with_capacity(files.len());
    for file in section_files {
        match parse_file(file, None) {
            Ok(doc) => documents.push(doc),
            Err(errors) => errors.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    let kinds = section_kinds(&documents);
    let parsed: Vec<_> = page_files
        .par_iter()
        .map(|file| parse_file(file, Some(kind_for(&kinds, &file.rel_path))))
        .collect();
    for result in parsed {
        match result {
            Ok(doc) => documents.push(doc),
            Err(errors) => errors.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    if !options.drafts {
        documents.retain(|d| !d.meta.draft);
    }
    documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    (documents, diagnostics)
}

/// Folder → the `page_kind` its `_index.md` declares.
pub fn section_kinds<'a>(
    sections: impl IntoIterator<Item = &'a Document>,
) -> BTreeMap<String, PageKind> {
    sections
        .into_iter()
        .filter(|d| d.is_section)
        .map(|d| (d.folder().to_string(), d.kind))
        .collect()
}

pub fn is_section_file(rel_path: &str) -> bool {
    rel_path == "_index.md" || rel_path.ends_with("/_index.md")
}

/// The `page_kind` of the nearest section folder above `rel_path`.
pub fn kind_for(kinds: &BTreeMap<String, PageKind>, rel_path: &str) -> PageKind {
    let mut folder = rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    loop {
        if let Some(kind) = kinds.get(folder) {
            return *kind;
        }
        match folder.rsplit_once('/') {
            Some((parent, _)) => folder = parent,
            None if !folder.is_empty() => folder = "",
            None => return PageKind::Page,
        }
    }
}

/// The hash a document parsed from `file` has as its `source_hash`: a
/// file read again with the same hash needs no parsing again.
pub fn source_hash(file: &ContentFile) -> u64 {
    crate::hash::hash_of(&(&file.rel_path, &file.text))
}

/// Parses one file as a section (`kind` None) or as a page of `kind`.
pub fn parse_file(file: &ContentFile, kind: Option<PageKind>) -> Result<Document, Vec<Diagnostic>> {
    let shown = file.display_path();
    let split = front_matter::split(&file.text).map_err(|e| {
        vec![
            Diagnostic::error(rule::FRONT_MATTER, &shown, e.text())
                .at_line_of(&file.text, 1, 1)
                .span(3)
                .hint(t!(
                    "请在最后一个字段之后加一行，只写 `---`",
                    "add a line containing only `---` after the last front-matter field"
                )),
        ]
    })?;
    if !split.has_front_matter && kind.is_some() {
        return Err(vec![
            Diagnostic::error(
                rule::FRONT_MATTER,
                &shown,
                t!(
                    "页面没有前置元数据（front matter）",
                    "page has no front matter"
                ),
            )
            .at_line_of(&file.text, 1, 1)
            .hint(t!(
                "文件开头应是一行 `---`、一行 `title: …`，再一行 `---`",
                "start the file with `---`, a line `title: …`, and `---`"
            )),
        ]);
    }
    let located = Located {
        file,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
    };
    let (meta, fields, page_kind) = match kind {
        None => {
            let (meta, section) = located.deserialize::<RawSection>()?.split();
            let page_kind = section.page_kind;
            (meta, Fields::Section(section), page_kind)
        }
        Some(PageKind::Formulation) => {
            let (meta, f) = located.deserialize::<RawFormulation>()?.split();
            (
                meta,
                Fields::Formulation(Box::new(f)),
                PageKind::Formulation,
            )
        }
        Some(PageKind::Excerpt) => {
            let (meta, e) = located.deserialize::<RawExcerpt>()?.split();
            (meta, Fields::Excerpt(e), PageKind::Excerpt)
        }
        Some(PageKind::Source) => {
            let (meta, s) = located.deserialize::<RawSource>()?.split();
            (meta, Fields::Source(s), PageKind::Source)
        }
        Some(PageKind::Page) => {
            let (meta, p) = located.deserialize::<RawPage>()?.split();
            (meta, Fields::Page(p), PageKind::Page)
        }
        Some(PageKind::Rulepack) => {
            let (meta, r) = located.deserialize::<RawRulePack>()?.split();
            (meta, Fields::RulePack(r), PageKind::Rulepack)
        }
    };
    let document = Document {
        rel_path: file.rel_path.clone(),
        is_section: kind.is_none(),
        kind: page_kind,
        meta,
        fields,
        body: split.body.to_string(),
        body_line: split.body_line,
        key_lines: front_matter::key_lines(split.yaml, split.yaml_line),
        source_hash: source_hash(file),
    };
    let problems = check_values(&document, &file.text);
    if problems.is_empty() {
        Ok(document)
    } else {
        Err(problems)
    }
}

/// A YAML text and where it sits in its file.
struct Located<'a> {
    file: &'a ContentFile,
    yaml: &'a str,
    yaml_line: usize,
}

impl Located<'_> {
    fn deserialize<T: DeserializeOwned + Default>(&self) -> Result<T, Vec<Diagnostic>> {
        if self.yaml.trim().is_empty() {
            return Ok(T::default());
        }
        serde_yaml_ng::from_str::<T>(self.yaml).map_err(|e| {
            vec![
                self.full_width_colon()
                    .unwrap_or_else(|| self.yaml_error(&e)),
            ]
        })
    }

    /// A field name followed by a full-width colon (`title：…`, typed with
    /// a Chinese input method) makes YAML read the whole block as one
    /// string and report the first line; the typo is named instead.
    fn full_width_colon(&self) -> Option<Diagnostic> {
        let (index, text) = self.yaml.lines().enumerate().find(|(_, line)| {
            let name = line.trim_start().split('：').next().unwrap_or("");
            line.contains('：')
                && !line.contains(':')
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })?;
        let column = text.find('：').map_or(1, |i| text[..i].chars().count() + 1);
        let line = self.yaml_line + index;
        Some(
            Diagnostic::error(
                rule::FRONT_MATTER,
                self.file.display_path(),
                t!(
                    "字段名后面是全角冒号 `：`",
                    "a field name is followed by a full-width colon `：`"
                ),
            )
            .at_line_of(&self.file.text, line, column)
            .hint(t!(
                "字段名后的冒号要用半角 `:`（把输入法切换到英文），例如 `title: 四个意识`",
                "type the colon after a field name as ASCII `:` (switch the input method to English), e.g. `title: 四个意识`"
            )),
        )
    }

    /// The line of the second occurrence of top-level `key`, for a
    /// duplicate field (serde names the key but points at the block).
    fn duplicate_line(&self, key: &str) -> Option<usize> {
        let prefix = format!("{key}:");
        self.yaml
            .lines()
            .enumerate()
            .filter(|(_, line)| line.starts_with(&prefix))
            .nth(1)
            .map(|(index, _)| self.yaml_line + index)
    }

    /// The column of the first tab in the indentation of file line `line`.
    fn tab_in_indentation(&self, line: usize) -> Option<usize> {
        let text = self.file.text.lines().nth(line.checked_sub(1)?)?;
        let indentation = &text[..text.len() - text.trim_start().len()];
        indentation
            .chars()
            .position(|c| c == '\t')
            .map(|index| index + 1)
    }

    fn yaml_error(&self, error: &serde_yaml_ng::Error) -> Diagnostic {
        let message = strip_location(&error.to_string());
        let (mut line, mut column) = error.location().map_or((self.yaml_line, 1), |l| {
            (self.yaml_line + l.line() - 1, l.column())
        });
        let duplicate = message
            .strip_prefix("duplicate field `")
            .and_then(|rest| rest.split('`').next())
            .and_then(|key| self.duplicate_line(key));
        if let Some(second) = duplicate {
            (line, column) = (second, 1);
        }
        // A tab in a line's indentation (the Tab key, or text pasted from
        // a word processor) is a YAML error that serde names only as "a
        // character that cannot start any token"; the tab is named instead.
        let tab = self.tab_in_indentation(line);
        if let Some(tab_column) = tab {
            column = tab_column;
        }
        let hint = if tab.is_some() {
            t!(
                "YAML 不允许用制表符（Tab）缩进：请用空格缩进（例如在 `- ` 前空两格）",
                "YAML does not allow tabs in indentation: indent with spaces (e.g. two spaces before `- `)"
            )
        } else if duplicate.is_some() {
            t!(
                "一个字段只能写一次：请删去两行中的一行（或把两处的值合并）",
                "a field may appear once: delete one of the two lines (or merge their values)"
            )
        } else if message.contains("unknown field") {
            t!(
                "请检查拼写；自己定义的字段请写在 `extra:` 之下",
                "check the spelling; fields of your own go under `extra:`"
            )
        } else if message.starts_with("year:") {
            t!(
                "年份请写成四位数字，例如 year: 2021",
                "write the year as four digits, e.g. year: 2021"
            )
        } else if message.starts_with("part:") && message.contains("unknown variant") {
            t!(
                "`part` 可写：achievement/成效、problem/问题、cause/原因、measure/措施、requirement/要求、other/其他",
                "`part` is one of: achievement, problem, cause, measure, requirement, other (or `成效`, `问题`, `原因`, `措施`, `要求`, `其他`)"
            )
        } else if message.starts_with("status:") && message.contains("unknown variant") {
            t!(
                "`status` 可写：current/现行、adjusted/已调整、historical/历史",
                "`status` is one of: current, adjusted, historical (or `现行`, `已调整`, `历史`)"
            )
        } else if message.contains("invalid type")
            || message.contains("invalid value")
            || message.contains("unknown variant")
        {
            t!(
                "每个字段的类型和可选的值见 docs/content-model.md",
                "see docs/content-model.md for each field's type and allowed values"
            )
        } else if message.contains("is not a date") || message.contains("a date must be") {
            t!(
                "日期请写成 YYYY-MM-DD、YYYY-MM 或 YYYY（例如 2020-10-29、2020-10、2020）",
                "write dates as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2020-10-29, 2020-10, 2020)"
            )
        } else if message.contains("recursion limit") || message.contains("repetition limit") {
            t!(
                "请简化前置元数据：嵌套太深，或展开的别名太多",
                "simplify the front matter: it nests too deeply or expands too many aliases"
            )
        } else {
            t!(
                "前置元数据必须是合法的 YAML：值中含有 `: `，或以 `[`、`{{`、`*`、`&`、`!`、`|`、`>`、`'`、`\"`、`%`、`@` 或反引号开头时，要给值加上引号",
                "front matter must be valid YAML: quote values that contain `: ` or start with `[`, `{{`, `*`, `&`, `!`, `|`, `>`, `'`, `\"`, `%`, `@` or a backtick"
            )
        };
        let span = if message.contains("unknown field") {
            message
                .split('`')
                .nth(1)
                .map_or(1, |field| field.chars().count())
        } else {
            1
        };
        let shown = match tab {
            Some(_) => t!("缩进中用了制表符（Tab）", "a tab is used for indentation"),
            None => parser_message(&message, "YAML"),
        };
        Diagnostic::error(rule::FRONT_MATTER, self.file.display_path(), shown)
            .at_line_of(&self.file.text, line, column)
            .span(span)
            .hint(hint)
    }
}

/// serde_yaml appends " at line L column C"; we print the location ourselves.
fn strip_location(message: &str) -> String {
    let trimmed = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    trimmed.trim().to_string()
}

/// Checks the values serde accepts but the content model does not.
fn check_values(document: &Document, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let shown = document.display_path();
    let title_line = document
        .key_lines
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, line)| *line);
    let null_title = title_line.is_some_and(|line| {
        let value = text.lines().nth(line - 1).and_then(|l| l.split_once(':'));
        value.is_some_and(|(_, v)| matches!(v.trim(), "~" | "null" | "Null" | "NULL"))
    });
    if !document.is_section && (document.meta.title.trim().is_empty() || null_title) {
        let (line, message) = match (title_line, null_title) {
            (Some(line), true) => (
                line,
                t!(
                    "`title` 是空的（`~` 和 `null` 表示没有值）",
                    "`title` is empty (`~` and `null` mean no value)"
                ),
            ),
            (Some(line), false) => (line, t!("`title` 是空的", "`title` is empty")),
            (None, _) => (1, t!("页面没有 `title`", "page has no `title`")),
        };
        problems.push(
            Diagnostic::error(rule::FRONT_MATTER, &shown, message)
                .at_line_of(text, line, 1)
                .hint(t!(
                    "请在 `title: ` 之后写上页面的标题；如果标题就是这个符号，请加引号（\"~\"）",
                    "write the page's title after `title: `; quote it (\"~\") if the title really is that symbol"
                )),
        );
    }
    for key in ["date", "updated"] {
        let value = match key {
            "date" => &document.meta.date,
            _ => &document.meta.updated,
        };
        if let Some(value) = value
            && value.parse::<jiff::civil::Date>().is_err()
        {
            let line = document.key_line(key);
            problems.push(
                Diagnostic::error(
                    rule::FRONT_MATTER,
                    &shown,
                    t!(
                        "`{key}: {value}` 不是日期",
                        "`{key}: {value}` is not a date"
                    ),
                )
                .at_line_of(text, line, key.len() + 3)
                .span(value.chars().count())
                .hint(t!(
                    "日期请写成 YYYY-MM-DD，例如 2021-03-15",
                    "write dates as YYYY-MM-DD, e.g. 2021-03-15"
                )),
            );
        }
    }
    if let Some(pack) = document.fields.rule_pack() {
        problems.extend(check_rules(document, pack, text));
    }
    if let Some(formulation) = document.fields.formulation() {
        problems.extend(check_history_order(document, formulation, text));
    }
    problems
}

/// `history` lists the wordings oldest first (the last is the one in
/// force, and `stale-formulation` relies on the order): two dated entries
/// the other way round contradict each other.
fn check_history_order(
    document: &Document,
    formulation: &document::Formulation,
    text: &str,
) -> Option<Diagnostic> {
    let dated: Vec<(usize, PartialDate)> = formulation
        .history
        .iter()
        .enumerate()
        .filter_map(|(n, change)| change.date.map(|date| (n, date)))
        .collect();
    let (earlier, later) = dated
        .windows(2)
        .map(|pair| (pair[0], pair[1]))
        .find(|((_, a), (_, b))| b < a)?;
    Some(
        Diagnostic::error(
            rule::FRONT_MATTER,
            document.display_path(),
            t!(
                "history 没有按从旧到新排列：第 {} 条（{}）排在第 {} 条（{}）之后",
                "history is not oldest first: entry {} ({}) comes after entry {} ({})",
                later.0 + 1,
                later.1,
                earlier.0 + 1,
                earlier.1
            ),
        )
        .at_line_of(text, document.key_line("history"), 1)
        .hint(t!(
            "请按从旧到新的顺序列出各个表述，让最后一条是现行表述",
            "list the wordings oldest first, so that the last one is the wording in force"
        )),
    )
}

/// What serde cannot check in a rule pack: each rule has what its kind
/// needs, and no wording is both right and wrong.
fn check_rules(document: &Document, pack: &document::RulePack, text: &str) -> Vec<Diagnostic> {
    let shown = document.display_path();
    let rules_line = document.key_line("rules");
    let mut problems = Vec::new();
    for (n, rule) in pack.rules.iter().enumerate() {
        let right = rule.right.trim();
        let problem = if rule.kind == RuleKind::Name && right.is_empty() {
            Some(t!(
                "`name` 规则需要 `right`：准确的名称",
                "a `name` rule needs `right`: the exact title"
            ))
        } else if rule.kind != RuleKind::Name && rule.wrong.is_empty() {
            let kind = rule.kind.as_str();
            Some(t!(
                "`{kind}` 规则需要 `wrong`：要指出的写法",
                "a `{kind}` rule needs `wrong`: the wordings to report"
            ))
        } else if rule.kind == RuleKind::House && right.is_empty() {
            Some(t!(
                "`house` 规则需要 `right`：应使用的写法",
                "a `house` rule needs `right`: the wording to use"
            ))
        } else if let Some(bad) = rule.wrong.iter().find(|w| {
            let w = w.trim();
            w.is_empty() || w == right || rule.also.iter().any(|a| a.trim() == w)
        }) {
            Some(t!(
                "`wrong` 中的 `{bad}` 是空的，或同时也是这条规则的正确写法",
                "`wrong` lists `{bad}`, which is empty or also a right wording of the rule"
            ))
        } else if rule.titles_only && rule.wrong.is_empty() {
            Some(t!(
                "`titles_only: true` 作用于 `wrong` 中的写法，但这条规则没有列出 `wrong`",
                "`titles_only: true` applies to the `wrong` forms, and the rule lists none"
            ))
        } else if let (Some(from), Some(until)) = (rule.from, rule.until)
            && until.day_after() <= from.first_day()
        {
            Some(t!(
                "`until: {until}` 早于 `from: {from}`",
                "`until: {until}` is before `from: {from}`"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            let line = rule_line(text, rules_line, rule);
            let number = n + 1;
            problems.push(
                Diagnostic::error(
                    rule::FRONT_MATTER,
                    &shown,
                    t!("第 {number} 条规则：{message}", "rule {number}: {message}"),
                )
                .at_line_of(text, line, 1)
                .hint(t!(
                    "每种规则需要写什么，见 docs/content-model.md 的“Rule packs”一节",
                    "see docs/content-model.md, \"Rule packs\", for what each kind of rule needs"
                )),
            );
        }
    }
    problems
}

/// The line of a rule in its file: the first line at or after `rules:`
/// holding its `right` or first `wrong` wording (the `rules:` line if none).
fn rule_line(text: &str, rules_line: usize, rule: &PackRule) -> usize {
    let needle = std::iter::once(&rule.right)
        .chain(&rule.wrong)
        .map(|s| s.trim())
        .find(|s| !s.is_empty());
    needle
        .and_then(|needle| {
            text.lines()
                .enumerate()
                .skip(rules_line.saturating_sub(1))
                .find(|(_, line)| line.contains(needle))
                .map(|(i, _)| i + 1)
        })
        .unwrap_or(rules_line)
}

/// Parses UTF-8 `(path, text)` pairs, asserting they have no errors:
/// the knowledge bases of other modules' tests.
#[cfg(test)]
pub(crate) fn parse_for_test<'a>(
    files: impl IntoIterator<Item = &'a (&'a str, &'a str)>,
) -> Vec<Document> {
    let files: Vec<ContentFile> = files
        .into_iter()
        .map(|(path, text)| ContentFile {
            rel_path: path.to_string(),
            text: text.to_string(),
            encoding: crate::fs::SourceEncoding::Utf8,
        })
        .collect();
    let (docs, diagnostics) = parse(&files, ParseOptions::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::SourceEncoding;

    fn file(rel_path: &str, text: &str) -> ContentFile {
        ContentFile {
            rel_path: rel_path.to_string(),
            text: text.to_string(),
            encoding: SourceEncoding::Utf8,
        }
    }

    #[test]
    fn pages_take_the_kind_of_their_nearest_section() {
        let files = [
            file(
                "excerpts/_index.md",
                "---\ntitle: 摘录\npage_kind: excerpt\n---\n",
            ),
            file(
                "excerpts/s1/001.md",
                "---\ntitle: 一\nsource: s1\npart: problem\n---\n正文\n",
            ),
            file("about.md", "---\ntitle: 关于\n---\n"),
        ];
        let (docs, diagnostics) = parse(&files, ParseOptions::default());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let excerpt = docs
            .iter()
            .find(|d| d.rel_path == "excerpts/s1/001.md")
            .unwrap();
        assert_eq!(excerpt.kind, PageKind::Excerpt);
        assert_eq!(excerpt.fields.excerpt().unwrap().part, Part::Problem);
        assert_eq!(excerpt.body_line, 6);
        let about = docs.iter().find(|d| d.rel_path == "about.md").unwrap();
        assert_eq!(about.kind, PageKind::Page);
    }

    #[test]
    fn unknown_field_names_field_line_and_allowed() {
        let f = file("about.md", "---\ntitle: 关于\ntitel: x\n---\n");
        let errors = parse_file(&f, Some(PageKind::Page)).unwrap_err();
        let e = &errors[0];
        assert_eq!((e.line, e.column), (3, 1));
        assert!(
            e.message.en.contains("titel") && e.message.en.contains("title"),
            "{}",
            e.message.en
        );
        assert!(
            e.message.zh.starts_with("未知的字段 `titel`"),
            "{}",
            e.message.zh
        );
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let f = file("f.md", "---\ntitle: x\nvariants: 两个坚决维护\n---\n");
        let e = &parse_file(&f, Some(PageKind::Formulation)).unwrap_err()[0];
        assert_eq!(e.line, 3);
        assert!(e.message.en.contains("invalid type"), "{}", e.message.en);
        assert!(e.message.zh.contains("类型不对"), "{}", e.message.zh);
    }

    #[test]
    fn bad_yaml_syntax_has_a_position() {
        let f = file("a.md", "---\ntitle: [unclosed\n---\n");
        let e = &parse_file(&f, Some(PageKind::Page)).unwrap_err()[0];
        assert!(e.line >= 2, "{e:?}");
        assert!(e.snippet.is_some());
    }

    #[test]
    fn bad_date_and_missing_title_are_both_reported() {
        let f = file("a.md", "---\ndate: 2021-13-45\n---\n");
        let errors = parse_file(&f, Some(PageKind::Page)).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn drafts_are_dropped_unless_asked() {
        let files = [file("a.md", "---\ntitle: a\ndraft: true\n---\n")];
        assert!(parse(&files, ParseOptions::default()).0.is_empty());
        assert_eq!(parse(&files, ParseOptions { drafts: true }).0.len(), 1);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut yaml =
            String::from("---\ntitle: x\nextra:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            yaml.push_str(&format!(
                "  a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        yaml.push_str("---\n");
        let f = file("bomb.md", &yaml);
        let e = &parse_file(&f, Some(PageKind::Page)).unwrap_err()[0];
        assert!(
            e.message.en.contains("repetition limit"),
            "{}",
            e.message.en
        );
    }
}
