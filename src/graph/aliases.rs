//! Old URLs of renamed or merged pages (`aliases:` in front matter): each
//! becomes a small page that sends the reader on to the page's URL, and a
//! line of `redirects.map` that a web server can answer with a 301 instead.
//!
//! An alias is a path below the site's base path, like a page's own
//! (`formulations/liu-xiang-ji-lv/`). It may not leave the site, carry a
//! query or fragment, or claim a URL that a page, a section, tifa's own
//! outputs or another alias already has: those are errors naming both
//! files, since a redirect that shadows a page would hide it.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{Graph, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, rule};
use crate::i18n::Text;
use crate::t;

/// One old URL and the page it now leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Path below the base path: `formulations/old/` or `old.html`.
    pub path: String,
    pub page: PageId,
}

/// The alias's output path, or why it cannot be one.
pub fn normalize(raw: &str) -> Result<String, Text> {
    let not_a_path = || {
        t!(
            "别名是本站内的路径，不是完整的网址",
            "an alias is a path on this site, not a full URL"
        )
    };
    if raw.trim().starts_with("//") {
        return Err(not_a_path());
    }
    let trimmed = raw.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return Err(t!("别名没有写路径", "an alias names no path"));
    }
    if trimmed.contains("://") {
        return Err(not_a_path());
    }
    if trimmed.contains(['?', '#', '\\']) || trimmed.chars().any(char::is_whitespace) {
        return Err(t!(
            "别名中不能有 `?`、`#`、`\\` 或空格",
            "an alias may not contain `?`, `#`, `\\` or spaces"
        ));
    }
    if trimmed.split('/').any(|s| s == "." || s == "..") {
        return Err(t!(
            "别名中不能有 `.` 或 `..` 段",
            "an alias may not contain `.` or `..` segments"
        ));
    }
    if trimmed.ends_with(".html") || trimmed.ends_with('/') {
        Ok(trimmed.to_string())
    } else {
        Ok(format!("{trimmed}/"))
    }
}

/// Every alias of every page, checked against the URLs already claimed
/// (`claimed`: path → the file that claims it, None for tifa's own).
pub fn collect(
    graph: &Graph,
    claimed: &FxHashMap<Cow<str>, Option<String>>,
    diagnostics: &mut Diagnostics,
) -> Vec<Alias> {
    let mut aliases: Vec<Alias> = Vec::new();
    let mut taken: FxHashMap<String, PageId> = FxHashMap::default();
    for (id, page) in graph.pages.iter().enumerate() {
        for raw in &page.doc.meta.aliases {
            let error = |message: Text, hint: Text| {
                Diagnostic::error(rule::ALIAS, page.doc.display_path(), message)
                    .at(page.doc.key_line("aliases"), 1)
                    .hint(hint)
            };
            let path = match normalize(raw) {
                Ok(path) => path,
                Err(why) => {
                    diagnostics.push(error(
                        t!("别名 `{raw}`：{why}", "alias `{raw}`: {why}"),
                        t!(
                            "请写旧网址在本站之下的路径，例如 formulations/old-name/",
                            "write the old URL's path below the site, e.g. formulations/old-name/"
                        ),
                    ));
                    continue;
                }
            };
            let key = path.to_lowercase();
            let owner = claimed
                .get(key.as_str())
                .map(|o| match o {
                    Some(file) => Text::same(file.clone()),
                    None => t!("tifa 自己生成的 `{key}`", "tifa's own `{key}` output"),
                })
                .or_else(|| {
                    taken
                        .get(&key)
                        .map(|&other| Text::same(graph.pages[other].doc.display_path()))
                });
            if let Some(owner) = owner {
                diagnostics.push(error(
                    t!(
                        "别名 /{path} 同时也是 {owner} 的网址",
                        "alias /{path} is also the URL of {owner}"
                    ),
                    t!(
                        "请删去这个别名，或给拥有这个网址的页面改名",
                        "remove the alias, or rename the page that has this URL"
                    ),
                ));
                continue;
            }
            taken.insert(key, id);
            aliases.push(Alias { path, page: id });
        }
    }
    aliases
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn aliases_are_paths_below_the_site() {
        assert_eq!(normalize("/formulations/old").unwrap(), "formulations/old/");
        assert_eq!(normalize("formulations/old/").unwrap(), "formulations/old/");
        assert_eq!(normalize("old.html").unwrap(), "old.html");
        for bad in [
            "",
            "/",
            "http://x/y/",
            "//x/y",
            "a/../b/",
            "a?b",
            "a#b",
            "a b/",
            "./a/",
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }
}
