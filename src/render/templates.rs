//! Tera 2 templates: the theme's, overridden by the site's `templates/`.

use std::collections::BTreeMap;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::i18n::Text;
use crate::load::Template;
use crate::t;

/// Names in `{% extends "…" %}`, `{% include "…" %}` and `{% import "…" %}`.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (start, _) in text.match_indices("{%") {
        let tag = text[start + 2..].trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|kw| tag.strip_prefix(kw))
        else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = rest[1..].find(quote)
        {
            names.push(rest[1..1 + end].to_string());
        }
    }
    names
}

/// Compiled templates and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, (String, String)>,
}

impl Templates {
    /// Compiles all templates; syntax errors name the file and line.
    pub fn new(sources: &BTreeMap<String, Template>) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let origins = sources
            .iter()
            .map(|(name, t)| (name.clone(), (t.origin.clone(), t.text.clone())))
            .collect();
        let templates = Templates {
            tera: Tera::new(),
            origins,
        };
        match tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, t)| (name.as_str(), t.text.as_str())),
        ) {
            Ok(()) => Ok(Templates { tera, ..templates }),
            Err(e) => Err(vec![templates.diagnostic(None, &e)].into()),
        }
    }

    /// For each template, the templates it uses through `extends`,
    /// `include` and `import`, transitively, itself included: a change to
    /// any of them changes its output.
    pub fn closure(&self) -> BTreeMap<String, std::collections::BTreeSet<String>> {
        let direct: BTreeMap<&str, Vec<String>> = self
            .origins
            .iter()
            .map(|(name, (_, text))| (name.as_str(), referenced_templates(text)))
            .collect();
        direct
            .keys()
            .map(|&name| {
                let mut seen = std::collections::BTreeSet::new();
                let mut stack = vec![name.to_string()];
                while let Some(next) = stack.pop() {
                    if seen.insert(next.clone()) {
                        stack.extend(direct.get(next.as_str()).into_iter().flatten().cloned());
                    }
                }
                (name.to_string(), seen)
            })
            .collect()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders into bytes directly: Tera's `render` would check the whole
    /// page is UTF-8 again (it is: templates and values are strings). The
    /// buffer keeps its spare room; a caller that holds many pages trims it.
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut page = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|e| self.diagnostic(Some(name), &e))?;
        Ok(page)
    }

    /// A Tera error as a diagnostic on the template file, with its line.
    fn diagnostic(&self, rendering: Option<&str>, error: &tera::Error) -> Diagnostic {
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let (origin, text) = self
                    .origins
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| (report.filename().to_string(), String::new()));
                let span = report.span();
                let tera = report.message();
                let message = match rendering.filter(|n| *n != report.filename()) {
                    Some(name) => t!(
                        "模板错误（渲染 {name} 时）：{tera}",
                        "{tera} (while rendering {name})"
                    ),
                    None => t!("模板错误：{tera}", "{tera}"),
                };
                let mut d = Diagnostic::error(rule::TEMPLATE, origin, message)
                    .at_line_of(&text, span.start_line, span.start_col + 1)
                    .hint(t!(
                        "请修改模板；每个模板能用的变量见 README.md 的“Templates”一节",
                        "fix the template, or see README.md \"Templates\" for the variables each template gets"
                    ));
                if span.end_line == span.start_line {
                    d = d.span(span.end_col.saturating_sub(span.start_col));
                }
                d
            }
            ErrorKind::TemplateNotFound(name) => Diagnostic::error(
                rule::TEMPLATE,
                rendering.map_or("templates".to_string(), |r| format!("template {r}")),
                t!("找不到模板 `{name}`", "template `{name}` not found"),
            )
            .hint(t!(
                "请把它加进 templates/ 或主题，或修改写着这个名称的 `template:` 字段",
                "add it to templates/ or the theme, or fix the `template:` field naming it"
            )),
            _ => self.located_elsewhere(rendering, &error.to_string()),
        }
    }

    /// Tera reports some checks made after parsing (an `include` of a
    /// template that does not exist) as text already formatted
    /// (`error: …` then ` --> name:line:col`); the first is turned into a
    /// diagnostic on the template's file.
    fn reported(&self, message: &str) -> Option<Diagnostic> {
        let mut lines = message.lines();
        let what = lines.next()?.strip_prefix("error: ")?.trim();
        let location = lines.find_map(|l| l.trim_start().strip_prefix("--> "))?;
        let mut parts = location.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        let (origin, text) = self.origins.get(parts.next()?.trim())?;
        Some(
            Diagnostic::error(rule::TEMPLATE, origin.clone(), tera_message(what))
                .at_line_of(text, line, column)
                .hint(t!(
                    "请把缺少的模板加进 templates/ 或主题，或改正它的名称",
                    "add the missing template to templates/ or the theme, or fix its name"
                )),
        )
    }

    /// An error Tera does not locate (a circular `extends` or `include`, a
    /// missing parent): placed on the template the message names, at its
    /// first tag that uses a template the message names too.
    fn located_elsewhere(&self, rendering: Option<&str>, message: &str) -> Diagnostic {
        if let Some(diagnostic) = self.reported(message) {
            return diagnostic;
        }
        let named: Vec<&str> = message.split(['\'', '"', '`']).skip(1).step_by(2).collect();
        let subject = named
            .iter()
            .find(|n| self.origins.contains_key(**n))
            .copied()
            .or(rendering.filter(|r| self.origins.contains_key(*r)));
        let Some((origin, text)) = subject.and_then(|s| self.origins.get(s)) else {
            return Diagnostic::error(rule::TEMPLATE, "templates/", tera_message(message)).hint(
                t!(
                    "请修改消息中提到的模板（在 templates/ 或主题中）",
                    "fix the template named in the message (in templates/ or the theme)"
                ),
            );
        };
        let line = text
            .lines()
            .position(|line| {
                referenced_templates(line)
                    .iter()
                    .any(|used| named.contains(&used.as_str()))
            })
            .map_or(1, |i| i + 1);
        Diagnostic::error(rule::TEMPLATE, origin.clone(), tera_message(message))
            .at_line_of(text, line, 1)
            .hint(t!(
                "模板不能直接或经由其他模板继承（extends）或包含（include）它自己：请打破这个循环",
                "a template may not extend or include itself, directly or through others: break the circle"
            ))
    }
}

/// A message of Tera (which speaks English only), passed on.
fn tera_message(message: &str) -> Text {
    let message = message.trim();
    t!("模板错误：{message}", "{message}")
}
