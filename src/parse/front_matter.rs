//! Splitting a Markdown file into its YAML front matter and body.
//!
//! The split borrows from the file text and remembers on which line each part
//! starts, so YAML and Markdown errors can be reported at file:line:col.

/// A file cut in two, borrowing from the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences (empty when the file has none).
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
    /// Whether the file had front matter at all.
    pub has_front_matter: bool,
}

/// Why a file's front matter could not be cut out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub enum SplitError {
    Unterminated,
}

impl SplitError {
    /// What is wrong, in both languages.
    pub fn text(&self) -> crate::i18n::Text {
        match self {
            SplitError::Unterminated => crate::t!(
                "第 1 行以 `---` 开始了前置元数据（front matter），却没有结束的 `---`",
                "front matter starts with `---` on line 1 but is never closed"
            ),
        }
    }
}

/// Splits `text` (already LF-normalised) at its `---` fences. A file that
/// does not start with `---` has no front matter and is all body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(after_open) = strip_fence(text) else {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
            has_front_matter: false,
        });
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        let content = raw_line.trim_end_matches('\n').trim_end();
        if content == "---" {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
                has_front_matter: true,
            });
        }
        offset += raw_line.len();
    }
    Err(SplitError::Unterminated)
}

/// The text after an opening `---` line, if the file starts with one.
fn strip_fence(text: &str) -> Option<&str> {
    let first_line_end = text.find('\n')?;
    (text[..first_line_end].trim_end() == "---").then(|| &text[first_line_end + 1..])
}

/// Lines on which top-level YAML keys start (`source:` → 4), so reference
/// errors found later can point at the field that holds the reference.
pub fn key_lines(yaml: &str, yaml_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let first = line.chars().next()?;
            if first.is_whitespace() || first == '#' || first == '-' {
                return None;
            }
            let (key, _) = line.split_once(':')?;
            Some((
                key.trim().trim_matches(['"', '\'']).to_string(),
                yaml_line + i,
            ))
        })
        .collect()
}

/// A YAML double-quoted scalar, for the front matter tifa writes (`tifa
/// import`, `tifa new`): every string quoted, so values such as `no`,
/// `2019`, `- x` or `"…"` survive; `\` and `"` escaped, control and YAML
/// line-break characters (U+0085, U+2028, U+2029) and BOM as escapes.
pub fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML flow list of double-quoted scalars.
pub fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| yaml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\ntags: [x]\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\ntags: [x]\n");
        assert_eq!(s.body, "body\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 5));
        assert!(s.has_front_matter);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# 标题\n正文").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# 标题\n正文");
    }

    #[test]
    fn unterminated_is_an_error() {
        assert_eq!(
            split("---\ntitle: a\nbody\n"),
            Err(SplitError::Unterminated)
        );
    }

    #[test]
    fn front_matter_only_has_empty_body() {
        let s = split("---\ntitle: a\n---").unwrap();
        assert_eq!(s.body, "");
        assert_eq!(s.yaml, "title: a\n");
    }

    #[test]
    fn a_dash_rule_later_in_the_body_is_not_a_fence() {
        let s = split("---\ntitle: a\n---\ntext\n---\nmore\n").unwrap();
        assert_eq!(s.body, "text\n---\nmore\n");
    }

    #[test]
    fn key_lines_finds_top_level_keys_only() {
        let keys = key_lines("title: a\nextra:\n  source: x\nsource: y\n", 2);
        assert_eq!(
            keys,
            [
                ("title".to_string(), 2),
                ("extra".to_string(), 3),
                ("source".to_string(), 5)
            ]
        );
    }

    #[test]
    fn yaml_quoting_survives_hostile_strings() {
        let hostile = [
            "a \"quoted\" \\ path",
            "no",
            "- item",
            "2019",
            "x: y # z",
            "tab\there\nline",
            "\u{2028}sep",
            "",
        ];
        for s in hostile {
            let yaml = format!(
                "v: {}\nl: {}\n",
                yaml_string(s),
                yaml_list(&[s.to_string(), "b".into()])
            );
            #[derive(serde::Deserialize)]
            struct V {
                v: String,
                l: Vec<String>,
            }
            let back: V =
                serde_yaml_ng::from_str(&yaml).unwrap_or_else(|e| panic!("{s:?}: {e}\n{yaml}"));
            assert_eq!(back.v, s);
            assert_eq!(back.l, [s, "b"]);
        }
    }
}
