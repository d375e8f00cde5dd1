//! Holding tifa to its two languages: every diagnostic a run prints is in
//! Chinese by default and in English with `--lang en`, the same problems
//! at the same places either way.

use super::{Lang, Run, Site, tifa_command_in};

/// One diagnostic as the terminal shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// `error` or `warning` (`错误`, `警告` in Chinese).
    pub severity: &'static str,
    pub rule: String,
    pub message: String,
    /// What follows `-->`: `content/a.md:3:1`.
    pub location: String,
    pub hint: Option<String>,
}

/// The diagnostics in a run's stderr, in either language: a header
/// `severity[rule]: message` (`错误[rule]：message`), then `--> location`,
/// and perhaps `= help: …` (`= 提示：…`).
pub fn diagnostics_shown(stderr: &str) -> Vec<Shown> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((severity, rest)) = [
            ("error[", "error"),
            ("warning[", "warning"),
            ("错误[", "error"),
            ("警告[", "warning"),
        ]
        .iter()
        .find_map(|(prefix, severity)| line.strip_prefix(prefix).map(|rest| (*severity, rest))) else {
            continue;
        };
        let Some((rule, message)) = rest.split_once(']') else {
            continue;
        };
        let Some(location) = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let message = message
            .strip_prefix(": ")
            .or_else(|| message.strip_prefix('：'))
            .unwrap_or(message);
        let hint = lines[i + 1..]
            .iter()
            .skip(1)
            .take_while(|l| !l.is_empty() && !l.starts_with("error") && !l.starts_with("warning"))
            .find_map(|l| {
                let l = l.trim_start();
                l.strip_prefix("= help: ")
                    .or_else(|| l.strip_prefix("= 提示："))
            })
            .map(str::to_string);
        found.push(Shown {
            severity,
            rule: rule.to_string(),
            message: message.to_string(),
            location: location.to_string(),
            hint,
        });
    }
    found
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2FFFF)
}

/// A message without what it names: text in `` ` ` ``, `" "`, “ ” and 《 》, and
/// words with a `/` or a `.md` (paths), which stay as they are in both
/// languages.
fn own_words(message: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    for c in message.chars() {
        match closing {
            Some(close) if c == close => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                // A value a parser quotes: `invalid type: string "甲乙"`.
                '"' => closing = Some('"'),
                '“' => closing = Some('”'),
                '《' => closing = Some('》'),
                _ => out.push(c),
            },
        }
    }
    // Words end at spaces and at Chinese punctuation (`圈：content/a.md`).
    out.split(|c: char| c.is_whitespace() || "：，、；。（）".contains(c))
        .filter(|word| !word.contains('/') && !word.contains(".md"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a message speaks Chinese: its own words have Chinese characters.
pub fn speaks_chinese(message: &str) -> bool {
    own_words(message).chars().any(is_cjk)
}

/// Whether a message speaks English: its own words have Latin letters and
/// no Chinese character.
pub fn speaks_english(message: &str) -> bool {
    let words = own_words(message);
    words.chars().any(|c| c.is_ascii_alphabetic()) && !words.chars().any(is_cjk)
}

/// Runs `tifa <args> --root <site>` in Chinese (no locale set) and again
/// with `--lang en`, and asserts that both report the same problems (rule,
/// severity, location, whether there is a hint), every message and hint
/// Chinese in the first run and English in the second, and the closing
/// line (what was built, or why it failed) too. Returns (Chinese, English).
#[track_caller]
pub fn assert_bilingual(site: &Site, args: &[&str]) -> (Run, Run) {
    let run = |extra: &[&str]| {
        let output = tifa_command_in(Lang::Zh)
            .args(args)
            .args(extra)
            .arg("--root")
            .arg(site.root())
            .output()
            .expect("run tifa");
        Run::from(output)
    };
    let (zh, en) = (run(&[]), run(&["--lang", "en"]));
    assert_eq!(
        zh.code, en.code,
        "{args:?}: {}\n---\n{}",
        zh.stderr, en.stderr
    );
    let (shown_zh, shown_en) = (diagnostics_shown(&zh.stderr), diagnostics_shown(&en.stderr));
    let key = |d: &Shown| {
        (
            d.severity,
            d.rule.clone(),
            d.location.clone(),
            d.hint.is_some(),
        )
    };
    assert_eq!(
        shown_zh.iter().map(key).collect::<Vec<_>>(),
        shown_en.iter().map(key).collect::<Vec<_>>(),
        "{args:?}: the two languages report different problems:\n{}\n---\n{}",
        zh.stderr,
        en.stderr
    );
    for (d_zh, d_en) in shown_zh.iter().zip(&shown_en) {
        assert!(
            speaks_chinese(&d_zh.message) && d_zh.hint.as_deref().is_none_or(speaks_chinese),
            "{args:?}: not Chinese: {d_zh:?}"
        );
        assert!(
            speaks_english(&d_en.message) && d_en.hint.as_deref().is_none_or(speaks_english),
            "{args:?}: not English: {d_en:?}"
        );
    }
    // The closing line: `已把 … 构建到 …`, `错误：构建失败：…`, `没有发现问题`.
    let last = |run: &Run| run.stderr.lines().last().unwrap_or_default().to_string();
    if !zh.stderr.trim().is_empty() {
        assert!(speaks_chinese(&last(&zh)), "{args:?}: {}", zh.stderr);
        assert!(speaks_english(&last(&en)), "{args:?}: {}", en.stderr);
    }
    (zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_do_not_count_as_a_language() {
        assert!(speaks_english("`标题` is empty"));
        assert!(speaks_english(
            "URL /a/ is also produced by content/formulations/四风.md"
        ));
        assert!(!speaks_chinese("`标题` is empty"));
        assert!(speaks_chinese("`title` 是空的"));
        assert!(!speaks_chinese(
            "superseded_by：content/formulations/四风.md"
        ));
        assert!(speaks_chinese("绕成了一个圈：content/formulations/四风.md"));
        assert!(!speaks_english("`title` 是空的"));
        let shown = diagnostics_shown(
            "错误[front-matter]：`title` 是空的\n --> content/a.md:2:1\n  |\n2 | title:\n  | ^\n  = 提示：写上标题\n",
        );
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].severity, "error");
        assert_eq!(shown[0].location, "content/a.md:2:1");
        assert_eq!(shown[0].hint.as_deref(), Some("写上标题"));
    }
}
