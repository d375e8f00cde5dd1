//! Site settings from `config.toml` at the root of a knowledge base.
//!
//! ```toml
//! title = "政策知识库"
//! base_url = "http://oa.example/kb/"   # may carry a sub-path
//! language = "zh-CN"
//! theme = "default"
//! output_dir = "public"
//! slugify = "pinyin"                    # or "keep" for Chinese URLs
//!
//! [markdown]
//! highlight_code = true
//!
//! [[taxonomies]]
//! name = "topics"
//! title = "专题"
//!
//! [citation]                          # the line 复制（含出处） adds
//! format = "《{source}》（{doc_type}，{year}），{section}"
//!
//! [extra]
//! footer = "内部资料 注意保存"
//! ```
//!
//! Unknown keys are an error naming the key and the allowed ones, so a typo
//! never silently does nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, line_col, rule};
use crate::i18n::{Text, parser_message};
use crate::t;

/// The whole of `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and the feed.
    pub title: String,
    pub description: String,
    /// Absolute URL the site is served from; may include a sub-path.
    pub base_url: String,
    pub language: String,
    /// Name of a folder under `themes/`; `default` is built in.
    pub theme: String,
    /// Output folder, relative to the root.
    pub output_dir: String,
    /// How URL segments are made from Chinese file names.
    pub slugify: SlugStyle,
    /// Items per list page when a section does not say.
    pub paginate_by: usize,
    /// Number of entries in `atom.xml`.
    pub feed_limit: usize,
    pub markdown: MarkdownConfig,
    /// Taxonomies to render, in menu order.
    pub taxonomies: Vec<TaxonomyConfig>,
    pub import: ImportConfig,
    pub check: CheckConfig,
    pub search: SearchConfig,
    pub security: SecurityConfig,
    pub citation: CitationConfig,
    /// Free-form settings for themes, available as `config.extra`.
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// 三重一大 → `san-zhong-yi-da`: safe everywhere.
    Pinyin,
    /// Keep Chinese characters in URLs (percent-encoded on the wire).
    Keep,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Highlight fenced code with syntect (CSS classes, no inline styles).
    pub highlight_code: bool,
    /// Link every mention of a formulation to its page.
    pub link_terms: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// One of the taxonomy fields: `topics`, `part`, `doc_type`, `year`, `tags`.
    pub name: String,
    /// Heading shown on the site.
    pub title: String,
    pub paginate_by: usize,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportConfig {
    /// Extra substrings marking junk lines (ads, group numbers) to drop on import.
    pub junk_patterns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Lint rules switched off for the whole site.
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the search index (`search/`); off, the search box has nothing to query.
    pub index: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { index: true }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityConfig {
    /// Files under `content/` or `static/` that may run script in readers'
    /// browsers (HTML, SVG, JavaScript …) and are published anyway: paths
    /// from the root (`static/tools/map.html`), or folders ending in `/`.
    pub trust: Vec<String>,
}

impl SecurityConfig {
    /// Whether `path` (from the root, `/` separators) is trusted.
    pub fn trusts(&self, path: &str) -> bool {
        self.trust.iter().any(|t| {
            let t = t.trim().trim_start_matches("./");
            t == path || (t.ends_with('/') && path.starts_with(t))
        })
    }
}

/// What is wrong with a `base_url`, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBaseUrl {
    pub what: Text,
    pub fix: Text,
}

/// Checks that `url` is an absolute http(s) URL every link can start with:
/// a host, an optional port, and a plain path. A query, a fragment, a
/// space or a `..` would be copied into every link of the site.
pub fn check_base_url(url: &str) -> Result<(), BadBaseUrl> {
    let bad = |what: Text, fix: Text| Err(BadBaseUrl { what, fix });
    let example = "base_url = \"http://oa.example/kb/\"";
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad(
            t!("不是完整的 http(s) 网址", "is not an absolute http(s) URL"),
            t!(
                "请写完整，例如 {example}",
                "write it in full, e.g. {example}"
            ),
        );
    };
    if scheme != "http" && scheme != "https" {
        return bad(
            t!(
                "不是以 http:// 或 https:// 开头",
                "does not start with http:// or https://"
            ),
            t!(
                "请写完整，例如 {example}",
                "write it in full, e.g. {example}"
            ),
        );
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>`{}|^\\".contains(*c))
    {
        let shown = if c.is_whitespace() {
            t!("空格", "a space")
        } else {
            t!("字符 `{c}`", "`{c}`")
        };
        return bad(
            t!(
                "含有{shown}，会使每个链接失效",
                "contains {shown}, which would break every link"
            ),
            t!("请删去它，例如 {example}", "remove it; e.g. {example}"),
        );
    }
    if url.contains('?') || url.contains('#') {
        return bad(
            t!(
                "带有查询串或片段（`?`、`#`），会被带进每个链接",
                "has a query string or fragment (`?`, `#`), which would end up in every link"
            ),
            t!(
                "只保留地址和路径，例如 {example}",
                "keep only the address and path, e.g. {example}"
            ),
        );
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return bad(
            t!("含有用户名（`@`）", "contains a user name (`@`)"),
            t!(
                "不要把用户名和密码写进网址，例如 {example}",
                "leave credentials out of the URL, e.g. {example}"
            ),
        );
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && (host.starts_with('[') && host.ends_with(']')
            || host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.'));
    if !host_ok {
        return bad(
            t!("没有有效的主机名", "has no valid host name"),
            t!(
                "请写上服务器的名称，例如 {example}",
                "name the server, e.g. {example}"
            ),
        );
    }
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |p| p == 0)
    {
        return bad(
            t!("端口 `{port}` 无效", "has an invalid port `{port}`"),
            t!(
                "端口应在 1 到 65535 之间，例如 base_url = \"http://oa.example:8080/kb/\"",
                "use a port from 1 to 65535, e.g. base_url = \"http://oa.example:8080/kb/\""
            ),
        );
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if path.trim_matches('/').contains("//") || segments.iter().any(|s| *s == "." || *s == "..") {
        return bad(
            t!(
                "路径中有空段、`.` 或 `..`",
                "has an empty, `.` or `..` segment in its path"
            ),
            t!(
                "请直接写出子路径，例如 {example}",
                "write the sub-path plainly, e.g. {example}"
            ),
        );
    }
    Ok(())
}

/// The citation line a copied passage carries (复制（含出处）, the 素材篮).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CitationConfig {
    /// The line, with placeholders (see [`CITATION_PLACEHOLDERS`]); an
    /// empty value drops its placeholder and the punctuation left dangling.
    pub format: String,
}

/// The usual form: 《来源标题》（文种，年份），报告中的标题.
pub const DEFAULT_CITATION_FORMAT: &str = "《{source}》（{doc_type}，{year}），{section}";

/// What a citation format may name.
pub const CITATION_PLACEHOLDERS: [&str; 8] = [
    "source", "title", "doc_type", "issuer", "level", "year", "part", "section",
];

impl Default for CitationConfig {
    fn default() -> Self {
        CitationConfig {
            format: DEFAULT_CITATION_FORMAT.to_string(),
        }
    }
}

/// The taxonomy fields the content model has; config may only name these.
pub const TAXONOMY_FIELDS: [&str; 5] = ["topics", "part", "doc_type", "year", "tags"];

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "政策知识库".to_string(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".to_string(),
            language: "zh-CN".to_string(),
            theme: "default".to_string(),
            output_dir: "public".to_string(),
            slugify: SlugStyle::Pinyin,
            paginate_by: 30,
            feed_limit: 30,
            markdown: MarkdownConfig::default(),
            taxonomies: default_taxonomies(),
            import: ImportConfig::default(),
            check: CheckConfig::default(),
            search: SearchConfig::default(),
            security: SecurityConfig::default(),
            citation: CitationConfig::default(),
            extra: toml::Table::new(),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            link_terms: true,
        }
    }
}

fn default_taxonomies() -> Vec<TaxonomyConfig> {
    [
        ("topics", "专题"),
        ("part", "报告部分"),
        ("doc_type", "文种"),
        ("year", "年份"),
        ("tags", "标签"),
    ]
    .into_iter()
    .map(|(name, title)| TaxonomyConfig {
        name: name.to_string(),
        title: title.to_string(),
        paginate_by: 0,
    })
    .collect()
}

impl Config {
    /// Reads `config.toml` under `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config, Box<Diagnostic>> {
        let path = root.join("config.toml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match crate::fs::decode_text(&bytes) {
                Ok(decoded) => decoded.text,
                Err(e) => {
                    return Err(Box::new(Diagnostic::error(
                        rule::CONFIG,
                        "config.toml",
                        e.text(),
                    )));
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                let e = crate::i18n::io_error(&e);
                return Err(Box::new(Diagnostic::error(
                    rule::CONFIG,
                    "config.toml",
                    t!("无法读取 config.toml：{e}", "cannot read config.toml: {e}"),
                )));
            }
        };
        Config::parse(&text)
    }

    /// Parses the text of a `config.toml`, then checks values serde cannot.
    pub fn parse(text: &str) -> Result<Config, Box<Diagnostic>> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            let span = e.span().map_or(1, |s| text[s.clone()].chars().count());
            Box::new(
                Diagnostic::error(
                    rule::CONFIG,
                    "config.toml",
                    parser_message(e.message(), "TOML"),
                )
                .at_line_of(text, line, column)
                .span(span)
                .hint(t!(
                    "每个键及其类型见 README.md 的“Configuration”一节",
                    "see the configuration section of README.md for every key and its type"
                )),
            )
        })?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Box<Diagnostic>> {
        let locate = |needle: &str, message: Text, hint: Text| {
            let offset = text.find(needle).unwrap_or(0);
            let (line, column) = line_col(text, offset);
            Box::new(
                Diagnostic::error(rule::CONFIG, "config.toml", message)
                    .at_line_of(text, line, column)
                    .span(needle.chars().count())
                    .hint(hint),
            )
        };
        if let Err(problem) = check_base_url(&self.base_url) {
            let (url, what) = (&self.base_url, problem.what);
            return Err(locate(
                "base_url",
                t!("base_url `{url}` {what}", "base_url `{url}` {what}"),
                problem.fix,
            ));
        }
        for taxonomy in &self.taxonomies {
            if !TAXONOMY_FIELDS.contains(&taxonomy.name.as_str()) {
                let (name, fields) = (&taxonomy.name, TAXONOMY_FIELDS.join(", "));
                return Err(locate(
                    name,
                    t!("未知的分类 `{name}`", "unknown taxonomy `{name}`"),
                    t!(
                        "分类只能是以下之一：{fields}",
                        "a taxonomy is one of: {fields}"
                    ),
                ));
            }
        }
        if let Some(name) = unknown_placeholder(&self.citation.format) {
            let placeholders = CITATION_PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" ");
            return Err(locate(
                &format!("{{{name}}}"),
                t!(
                    "[citation] format 中的占位符 `{{{name}}}` 不存在",
                    "[citation] format names an unknown placeholder `{{{name}}}`"
                ),
                t!(
                    "占位符只能是以下之一：{placeholders}",
                    "a placeholder is one of: {placeholders}"
                ),
            ));
        }
        Ok(())
    }

    /// Replaces `base_url` (`--base-url`), with the check config.toml's
    /// value gets; every other setting stays as loaded.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Box<Diagnostic>> {
        if let Err(problem) = check_base_url(url) {
            let what = problem.what;
            return Err(Box::new(
                Diagnostic::error(
                    crate::diagnostic::rule::USAGE,
                    "--base-url",
                    t!("base_url `{url}` {what}", "base_url `{url}` {what}"),
                )
                .hint(problem.fix),
            ));
        }
        self.base_url = url.to_string();
        Ok(())
    }

    /// A configuration for tests: defaults with a fixed base URL.
    pub fn default_for_test() -> Config {
        Config {
            base_url: "http://example.test/".to_string(),
            ..Config::default()
        }
    }

    /// The path part of `base_url`, always starting and ending with `/`
    /// (`http://oa.example/kb/` → `/kb/`). Every internal link starts with it.
    pub fn base_path(&self) -> String {
        self.url_below_base("")
    }

    /// `path` (relative) below [`Config::base_path`]: one allocation, as
    /// every link of every page is made this way.
    pub fn url_below_base(&self, path: &str) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let base = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let base = base.trim_matches('/');
        let mut url = String::with_capacity(base.len() + path.len() + 2);
        url.push('/');
        if !base.is_empty() {
            url.push_str(base);
            url.push('/');
        }
        url.push_str(path);
        url
    }

    /// `base_url` without its trailing slash, for absolute URLs.
    pub fn origin_and_base(&self) -> String {
        self.base_url.trim_end_matches('/').to_string()
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
}

/// The first `{name}` in `format` that is not a citation placeholder.
fn unknown_placeholder(format: &str) -> Option<&str> {
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !CITATION_PLACEHOLDERS.contains(&name) {
            return Some(name);
        }
        rest = &after[close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_format_names_only_known_placeholders() {
        let config = Config::parse("[citation]\nformat = \"《{source}》{year}\"\n").unwrap();
        assert_eq!(config.citation.format, "《{source}》{year}");
        let err = Config::parse("[citation]\nformat = \"《{souce}》\"\n").unwrap_err();
        assert!(err.message.en.contains("{souce}"), "{}", err.message.en);
        assert!(err.message.zh.contains("{souce}"), "{}", err.message.zh);
        let hint = err.hint.unwrap_or_default();
        assert!(hint.en.contains("{source}"), "{}", hint.en);
        assert!(hint.zh.starts_with("占位符只能是"), "{}", hint.zh);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn unknown_key_names_the_key_and_allowed_ones() {
        let err = Config::parse("title = \"a\"\nbase_ulr = \"http://x/\"\n").unwrap_err();
        assert!(err.message.en.contains("base_ulr"), "{}", err.message.en);
        assert!(err.message.en.contains("base_url"), "{}", err.message.en);
        assert!(
            err.message.zh.starts_with("未知的字段 `base_ulr`"),
            "{}",
            err.message.zh
        );
        assert_eq!((err.line, err.column), (2, 1));
    }

    #[test]
    fn base_url_must_be_a_plain_absolute_url() {
        for good in [
            "http://oa.example/kb/",
            "https://oa.example",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/kb/",
            "http://内网.example/知识库/",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, says) in [
            ("oa.example/kb/", "absolute"),
            ("ftp://oa.example/", "http://"),
            ("http://oa.example/kb/?x=1", "query"),
            ("http://oa.example/kb/#top", "fragment"),
            ("http://oa.example/my kb/", "a space"),
            ("http:///kb/", "host"),
            ("http://oa.example:0/", "port"),
            ("http://oa.example:99999/", "port"),
            ("http://oa.example/kb/../x/", "`..`"),
            ("http://oa.example/a//b/", "empty"),
            ("http://user@oa.example/", "user name"),
        ] {
            let problem = check_base_url(bad).expect_err(bad);
            assert!(problem.what.en.contains(says), "{bad}: {}", problem.what.en);
            assert!(
                problem.fix.en.contains("base_url = ") && problem.fix.zh.contains("base_url = "),
                "{bad}: {:?}",
                problem.fix
            );
        }
        let err =
            Config::parse("title = \"x\"\nbase_url = \"http://oa.example/my kb/\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.en.contains("a space"), "{}", err.message.en);
        assert!(err.message.zh.contains("空格"), "{}", err.message.zh);
    }

    #[test]
    fn base_path_keeps_sub_path() {
        let mut config = Config::default_for_test();
        assert_eq!(config.base_path(), "/");
        config.base_url = "http://oa.example/kb".to_string();
        assert_eq!(config.base_path(), "/kb/");
        config.base_url = "http://oa.example/a/b/".to_string();
        assert_eq!(config.base_path(), "/a/b/");
    }

    #[test]
    fn unknown_taxonomy_is_refused() {
        let err = Config::parse("[[taxonomies]]\nname = \"colour\"\ntitle = \"x\"\n").unwrap_err();
        assert!(err.message.en.contains("colour"));
        assert!(err.message.zh.contains("colour"));
        assert_eq!(err.line, 2);
    }

    /// `--base-url` was applied by writing the config out and parsing it
    /// again, and a failure there reset every setting to its default.
    #[test]
    fn load_config_applies_base_url_without_reserialising() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("config.toml"),
            "title = \"本站\"\npaginate_by = 7\n[extra]\nfooter = \"内部\"\n",
        )
        .unwrap();
        let config = crate::load_config(root.path(), Some("http://oa.example/kb/")).unwrap();
        assert_eq!(config.base_url, "http://oa.example/kb/");
        assert_eq!(config.base_path(), "/kb/");
        assert_eq!((config.title.as_str(), config.paginate_by), ("本站", 7));
        assert_eq!(config.extra["footer"].as_str(), Some("内部"));
        let err = crate::load_config(root.path(), Some("oa.example/kb")).unwrap_err();
        assert_eq!(err.file, "--base-url");
        assert!(
            err.message.en.contains("not an absolute http(s) URL"),
            "{}",
            err.message.en
        );
    }

    #[test]
    fn wrong_type_points_at_value() {
        let err = Config::parse("paginate_by = \"ten\"\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.column > 1);
    }
}
